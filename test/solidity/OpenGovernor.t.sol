// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { TimelockController } from "@openzeppelin/contracts/governance/TimelockController.sol";
import { IGovernor } from "@openzeppelin/contracts/governance/IGovernor.sol";
import { IVotes } from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import { ERC20 } from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import { ERC20Votes } from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import { EIP712 } from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import { OpenGovernor } from "../../contracts/governance/OpenGovernor.sol";
import { IOpenGovernor } from "../../contracts/interfaces/IOpenGovernor.sol";
import { TestBase } from "./utils/TestBase.sol";

/// @dev A votes token on OpenZeppelin's default clock: the block number.
contract BlockNumberVotes is ERC20, EIP712, ERC20Votes {
    constructor() ERC20("Block votes", "BV") EIP712("Block votes", "1") {}

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}

/// @dev A votes token on the timestamp clock, as gOPEN is, that anyone may mint.
contract TimestampMintableVotes is ERC20, EIP712, ERC20Votes {
    constructor() ERC20("Timestamp votes", "TV") EIP712("Timestamp votes", "1") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}

contract OpenGovernorTest is TestBase {
    /// @dev Governor's `_proposals` slot, which GovernorLateQuorum rewrites to extend a deadline.
    uint256 internal constant PROPOSALS_SLOT = 4;
    uint48 internal constant EXTENSION = 120;

    event ProposalExtended(uint256 indexed proposalId, uint64 extendedDeadline);

    function _proposal(OpenGovernor governor) internal returns (uint256 proposalId) {
        address[] memory targets = new address[](1);
        targets[0] = address(governor);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = abi.encodeCall(governor.setProposalGuardianExpiry, (0));
        proposalId = governor.propose(targets, values, calldatas, "End the guardian's mandate");
    }

    function _core(OpenGovernor governor, uint256 proposalId) internal view returns (uint256) {
        return uint256(vm.load(address(governor), keccak256(abi.encode(proposalId, PROPOSALS_SLOT))));
    }

    /// @dev The slot GovernorLateQuorum writes holds Governor's record of the proposal: proposer, start, duration.
    function test_lateQuorum_extendsTheDeadlineInGovernorsOwnRecordOfTheProposal() public {
        vm.warp(1_000_000);
        TimestampMintableVotes token = new TimestampMintableVotes();
        token.mint(address(this), 100 ether);
        token.delegate(address(this));
        vm.warp(block.timestamp + 1);
        OpenGovernor governor = new OpenGovernor(
            IVotes(address(token)),
            TimelockController(payable(address(0x71))),
            1,
            600,
            0,
            4,
            EXTENSION,
            address(0x6A4D),
            30 days,
            address(0x4D)
        );
        uint256 proposalId = _proposal(governor);
        uint256 snapshot = governor.proposalSnapshot(proposalId);
        uint256 deadline = governor.proposalDeadline(proposalId);
        uint256 core = _core(governor, proposalId);
        assertEq(address(uint160(core)), address(this), "the slot's low 160 bits are the proposer");
        assertEq(uint48(core >> 160), snapshot, "then the start");
        assertEq(uint32(core >> 208), deadline - snapshot, "then the duration");
        assertEq(core >> 240, 0, "neither executed nor canceled");

        vm.warp(deadline - 10);
        vm.expectEmit(address(governor));
        emit ProposalExtended(proposalId, uint64(block.timestamp + EXTENSION));
        governor.castVote(proposalId, 1);

        uint256 extended = block.timestamp + EXTENSION;
        assertEq(governor.proposalDeadline(proposalId), extended, "the deadline moved to now + extension");
        uint256 after_ = _core(governor, proposalId);
        uint256 durationMask = uint256(type(uint32).max) << 208;
        assertEq(after_ & ~durationMask, core & ~durationMask, "proposer, start and flags unchanged");
        assertEq(uint32(after_ >> 208), extended - snapshot, "the duration grew");
        assertEq(governor.proposalProposer(proposalId), address(this), "the proposer is unchanged");
        assertEq(governor.proposalSnapshot(proposalId), snapshot, "the snapshot is unchanged");

        vm.warp(extended);
        assertEq(uint256(governor.state(proposalId)), uint256(IGovernor.ProposalState.Active), "open to the end");
        vm.warp(extended + 1);
        assertEq(uint256(governor.state(proposalId)), uint256(IGovernor.ProposalState.Succeeded), "then decided");
    }

    function test_constructor_refusesATokenOnABlockNumberClock() public {
        BlockNumberVotes token = new BlockNumberVotes();
        vm.expectRevert(
            abi.encodeWithSelector(IOpenGovernor.GovernorClockNotTimestamp.selector, "mode=blocknumber&from=default")
        );
        new OpenGovernor(
            IVotes(address(token)),
            TimelockController(payable(address(0x71))),
            1,
            600,
            0,
            4,
            120,
            address(this),
            30 days,
            address(0x4D)
        );
    }
}
