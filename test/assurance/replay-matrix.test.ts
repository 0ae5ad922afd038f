import { expect } from "chai";
import { Signature, id, parseEther, verifyTypedData, zeroPadValue } from "ethers";
import type { TypedDataDomain, TypedDataField } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { BALLOT_TYPES, DELEGATION_TYPES, PERMIT_TYPES, eip712DomainOf } from "../../package/src/index.js";
import {
  AgentRegistry__factory,
  OpenGovernor__factory,
  OpenToken__factory,
  StakedOpen__factory,
} from "../../typechain-types/index.js";
import type { AgentRegistry, OpenGovernor, OpenToken, StakedOpen } from "../../typechain-types/index.js";
import type { PermitLib } from "../../typechain-types/settlement/Settlement.js";
import { PARAMS, loadSuite, publishDatanetVersion } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

/// IGovernor.ProposalState.
const State = { Defeated: 3n } as const;
/// The expected-states bitmap of a function that needs an Active proposal: bit ProposalState.Active (1).
const ACTIVE_BITMAP = zeroPadValue("0x02", 32);
const FOR = 1;
const MODEL_PRICE = parseEther("0.01");
/// What a new agent wallet signs for AgentRegistry.setAgentWallet (AGENT_WALLET_SET_TYPEHASH).
const AGENT_WALLET_TYPES: Record<string, TypedDataField[]> = {
  AgentWalletSet: [
    { name: "agentId", type: "uint256" },
    { name: "newWallet", type: "address" },
    { name: "owner", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};
const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/// The suite, plus a second OPEN, a second gOPEN, a second Governor and a second AgentRegistry (the "other contract"
/// every signature may be signed for: same name, same struct, another address), a model to settle, a proposal open
/// for votes by `voter`, and agents 1 and 2 of `agentOwner` (agent 1 in the other registry too).
interface World extends Suite {
  otherOpen: OpenToken;
  otherGopen: StakedOpen;
  otherGovernor: OpenGovernor;
  otherAgents: AgentRegistry;
  /// Owns agents 1 and 2 here, and agent 1 in the other registry.
  agentOwner: HardhatEthersSigner;
  /// The wallet that agent 1's owner sets: it signs the AgentWalletSet messages.
  wallet: HardhatEthersSigner;
  /// Holds OPEN and never approved anything: it signs the permits and the delegations.
  signer: HardhatEthersSigner;
  /// Staked and delegated to itself before the proposal: it signs the ballots.
  voter: HardhatEthersSigner;
  relayer: HardhatEthersSigner;
  proposalId: bigint;
  chainId: bigint;
}

async function replayWorld(): Promise<World> {
  const s = await loadSuite(connection);
  const [signer, voter, relayer, owner, agentOwner, wallet] = s.users;
  const otherOpen = await new OpenToken__factory(s.deployer).deploy(s.deployer.address);
  const otherGopen = await new StakedOpen__factory(s.deployer).deploy(
    await s.open.getAddress(),
    await s.accessManager.getAddress(),
    PARAMS.withdrawalCooldown,
    PARAMS.rewardsDuration,
  );
  const otherGovernor = await new OpenGovernor__factory(s.deployer).deploy(
    await s.gopen.getAddress(),
    await s.timelock.getAddress(),
    PARAMS.votingDelay,
    PARAMS.votingPeriod,
    0n,
    PARAMS.quorumPercent,
    PARAMS.voteExtension,
    s.deployer.address,
    PARAMS.guardianTerm,
    await s.accessManager.getAddress(),
  );
  await s.datanets.connect(owner).createDatanet("ipfs://datanet", false, 0n, owner.address);
  const version = await publishDatanetVersion(s, 1n);
  await s.models.connect(owner).registerModel({
    cardURI: "ipfs://card",
    weightsHash: id("weights"),
    weightsURI: "ipfs://weights",
    parentId: 0n,
    datanets: [{ datanetId: 1n, version, weightBps: 10_000n }],
    price: MODEL_PRICE,
    ownerBps: 5_000n,
  });
  await s.open.connect(voter).approve(await s.gopen.getAddress(), parseEther("100000"));
  await s.gopen.connect(voter).stake(parseEther("100000"));
  await s.gopen.connect(voter).delegate(voter.address);
  const target = await s.gopen.getAddress();
  const calldata = s.gopen.interface.encodeFunctionData("setCooldown", [60n]);
  await s.governor.connect(voter).propose([target], [0n], [calldata], "Replay matrix");
  const proposalId = await s.governor.hashProposal([target], [0n], [calldata], id("Replay matrix"));
  await time.increase(PARAMS.votingDelay + 1);
  const otherAgents = await new AgentRegistry__factory(s.deployer).deploy(
    await s.open.getAddress(),
    await s.models.getAddress(),
    await s.timelock.getAddress(),
    await s.accessManager.getAddress(),
    await s.agents.minStake(),
    await s.agents.challengeWindow(),
    await s.agents.unstakeDelay(),
  );
  for (const registry of [s.agents, s.agents, otherAgents]) {
    await registry.connect(agentOwner)["register(string)"]("ipfs://agent");
  }
  const { chainId } = await ethers.provider.getNetwork();
  return {
    ...s,
    otherOpen,
    otherGopen,
    otherGovernor,
    otherAgents,
    agentOwner,
    wallet,
    signer,
    voter,
    relayer,
    proposalId,
    chainId,
  };
}

const world = async (): Promise<World> => networkHelpers.loadFixture(replayWorld);

/// Where a signature is bound: the contract's own EIP-712 domain, moved to another chain or another contract.
type Binding = "own" | "otherChain" | "otherContract";

function bound(domain: TypedDataDomain, chainId: bigint, binding: Binding, other: string): TypedDataDomain {
  if (binding === "otherChain") return { ...domain, chainId: chainId + 1n };
  if (binding === "otherContract") return { ...domain, verifyingContract: other };
  return domain;
}

/// The address a contract recovers from `signature` when it hashes `message` in its own `domain`.
function recovered(
  domain: TypedDataDomain,
  types: Record<string, TypedDataField[]>,
  message: Record<string, unknown>,
  signature: string,
): string {
  return verifyTypedData(domain, types, message, signature);
}

interface SignedPermit {
  permit: PermitLib.PermitStruct;
  signature: string;
  message: { owner: string; spender: string; value: bigint; nonce: bigint; deadline: bigint };
}

/// An EIP-2612 permit of OPEN from `w.signer` to `spender`, bound as asked.
async function signPermit(
  w: World,
  spender: string,
  value: bigint,
  binding: Binding,
  deadline?: bigint,
): Promise<SignedPermit> {
  const domain = bound(await eip712DomainOf(w.open), w.chainId, binding, await w.otherOpen.getAddress());
  const message = {
    owner: w.signer.address,
    spender,
    value,
    nonce: await w.open.nonces(w.signer.address),
    deadline: deadline ?? BigInt(await time.latest()) + 3_600n,
  };
  const signature = await w.signer.signTypedData(domain, PERMIT_TYPES, message);
  const sig = Signature.from(signature);
  return { permit: { deadline: message.deadline, v: sig.v, r: sig.r, s: sig.s }, signature, message };
}

/// What OPEN recovers from `p` now: its domain, the owner's current nonce.
async function permitSigner(w: World, p: SignedPermit): Promise<string> {
  const nonce = await w.open.nonces(w.signer.address);
  return recovered(await eip712DomainOf(w.open), PERMIT_TYPES, { ...p.message, nonce }, p.signature);
}

const inference = (tag: string, maxFee: bigint) => ({
  modelId: 1n,
  units: 1n,
  maxFee,
  inferenceId: id(`inference-${tag}`),
  attributionHash: id(`attribution-${tag}`),
});

interface SignedDelegation {
  delegatee: string;
  nonce: bigint;
  expiry: bigint;
  v: number;
  r: string;
  s: string;
  signature: string;
}

/// A gOPEN delegation by `w.signer` to `delegatee` with `nonce`, bound as asked.
async function signDelegation(
  w: World,
  delegatee: string,
  nonce: bigint,
  binding: Binding,
  expiry?: bigint,
): Promise<SignedDelegation> {
  const domain = bound(await eip712DomainOf(w.gopen), w.chainId, binding, await w.otherGopen.getAddress());
  const message = { delegatee, nonce, expiry: expiry ?? BigInt(await time.latest()) + 3_600n };
  const signature = await w.signer.signTypedData(domain, DELEGATION_TYPES, message);
  const sig = Signature.from(signature);
  return { ...message, v: sig.v, r: sig.r, s: sig.s, signature };
}

const submitDelegation = (w: World, d: SignedDelegation) =>
  w.gopen.connect(w.relayer).delegateBySig(d.delegatee, d.nonce, d.expiry, d.v, d.r, d.s);

/// A ballot for the proposal by `w.voter`, bound as asked.
async function signBallot(w: World, binding: Binding): Promise<string> {
  const domain = bound(await eip712DomainOf(w.governor), w.chainId, binding, await w.otherGovernor.getAddress());
  const nonce = await w.governor.nonces(w.voter.address);
  return w.voter.signTypedData(domain, BALLOT_TYPES, {
    proposalId: w.proposalId,
    support: FOR,
    voter: w.voter.address,
    nonce,
  });
}

const submitBallot = (w: World, signature: string) =>
  w.governor.connect(w.relayer).castVoteBySig(w.proposalId, FOR, w.voter.address, signature);

interface SignedAgentWallet {
  agentId: bigint;
  deadline: bigint;
  signature: string;
}

/// An AgentWalletSet message for `agentId` naming `w.wallet` and agent 1's owner, with the agent's current nonce
/// here, bound as asked, signed by `w.wallet` unless another key is given.
async function signAgentWallet(
  w: World,
  agentId: bigint,
  binding: Binding,
  options: { deadline?: bigint; key?: HardhatEthersSigner } = {},
): Promise<SignedAgentWallet> {
  const domain = bound(await eip712DomainOf(w.agents), w.chainId, binding, await w.otherAgents.getAddress());
  const deadline = options.deadline ?? BigInt(await time.latest()) + 3_600n;
  const message = {
    agentId,
    newWallet: w.wallet.address,
    owner: w.agentOwner.address,
    nonce: await w.agents.agentWalletNonce(agentId),
    deadline,
  };
  const signature = await (options.key ?? w.wallet).signTypedData(domain, AGENT_WALLET_TYPES, message);
  return { agentId, deadline, signature };
}

/// Agent 1's owner submits `sig` for agent 1 of `registry` (the suite's by default).
const submitAgentWallet = (w: World, sig: SignedAgentWallet, registry: AgentRegistry = w.agents) =>
  registry.connect(w.agentOwner).setAgentWallet(1n, w.wallet.address, sig.deadline, sig.signature);

/// Agent 1's wallet and wallet nonce.
const walletState = async (w: World): Promise<[string, bigint]> => [
  await w.agents.getAgentWallet(1n),
  await w.agents.agentWalletNonce(1n),
];

describe("Signature replay matrix", function () {
  describe("OPEN permit", function () {
    const value = parseEther("5");
    const permit = async (w: World, p: SignedPermit) =>
      w.open
        .connect(w.relayer)
        .permit(
          p.message.owner,
          p.message.spender,
          p.message.value,
          p.message.deadline,
          p.permit.v,
          p.permit.r,
          p.permit.s,
        );

    describe("when the signature is valid", function () {
      it("sets the allowance, whoever submits it", async function () {
        const w = await world();
        await permit(w, await signPermit(w, w.relayer.address, value, "own"));
        expect(await w.open.allowance(w.signer.address, w.relayer.address)).to.equal(value);
      });
    });

    describe("when it is replayed", function () {
      it("reverts with ERC2612InvalidSigner: the nonce moved on", async function () {
        const w = await world();
        const p = await signPermit(w, w.relayer.address, value, "own");
        await permit(w, p);
        await expect(permit(w, p))
          .to.be.revertedWithCustomError(w.open, "ERC2612InvalidSigner")
          .withArgs(await permitSigner(w, p), w.signer.address);
      });
    });

    describe("when it was signed for another chain id", function () {
      it("reverts with ERC2612InvalidSigner", async function () {
        const w = await world();
        const p = await signPermit(w, w.relayer.address, value, "otherChain");
        await expect(permit(w, p))
          .to.be.revertedWithCustomError(w.open, "ERC2612InvalidSigner")
          .withArgs(await permitSigner(w, p), w.signer.address);
      });
    });

    describe("when it was signed for another contract", function () {
      it("reverts with ERC2612InvalidSigner here, though that contract accepts it", async function () {
        const w = await world();
        const p = await signPermit(w, w.relayer.address, value, "otherContract");
        await expect(permit(w, p))
          .to.be.revertedWithCustomError(w.open, "ERC2612InvalidSigner")
          .withArgs(await permitSigner(w, p), w.signer.address);
        await w.otherOpen
          .connect(w.relayer)
          .permit(p.message.owner, p.message.spender, value, p.message.deadline, p.permit.v, p.permit.r, p.permit.s);
        expect(await w.otherOpen.allowance(w.signer.address, w.relayer.address)).to.equal(value);
      });
    });

    describe("when its deadline has passed", function () {
      it("reverts with ERC2612ExpiredSignature(deadline)", async function () {
        const w = await world();
        const deadline = BigInt(await time.latest()) + 60n;
        const p = await signPermit(w, w.relayer.address, value, "own", deadline);
        await time.increaseTo(deadline + 1n);
        await expect(permit(w, p)).to.be.revertedWithCustomError(w.open, "ERC2612ExpiredSignature").withArgs(deadline);
      });
    });
  });

  describe("Settlement.settleWithPermit", function () {
    const settle = async (w: World, p: SignedPermit, tag: string) =>
      w.settlement.connect(w.signer).settleWithPermit(inference(tag, MODEL_PRICE), p.permit);

    describe("when the permit is valid", function () {
      it("settles and takes the fee", async function () {
        const w = await world();
        const before = await w.open.balanceOf(w.signer.address);
        await settle(w, await signPermit(w, await w.settlement.getAddress(), MODEL_PRICE, "own"), "valid");
        expect(before - (await w.open.balanceOf(w.signer.address))).to.equal(MODEL_PRICE);
        expect(await w.open.allowance(w.signer.address, await w.settlement.getAddress())).to.equal(0n);
      });
    });

    describe("when the permit is replayed", function () {
      it("reverts with the permit's ERC2612InvalidSigner", async function () {
        const w = await world();
        const p = await signPermit(w, await w.settlement.getAddress(), MODEL_PRICE, "own");
        await settle(w, p, "first");
        await expect(settle(w, p, "second"))
          .to.be.revertedWithCustomError(w.open, "ERC2612InvalidSigner")
          .withArgs(await permitSigner(w, p), w.signer.address);
      });
    });

    describe("when the permit was signed for another chain id", function () {
      it("reverts with the permit's ERC2612InvalidSigner", async function () {
        const w = await world();
        const p = await signPermit(w, await w.settlement.getAddress(), MODEL_PRICE, "otherChain");
        await expect(settle(w, p, "chain"))
          .to.be.revertedWithCustomError(w.open, "ERC2612InvalidSigner")
          .withArgs(await permitSigner(w, p), w.signer.address);
      });
    });

    describe("when the permit was signed for another token contract", function () {
      it("reverts with the permit's ERC2612InvalidSigner", async function () {
        const w = await world();
        const p = await signPermit(w, await w.settlement.getAddress(), MODEL_PRICE, "otherContract");
        await expect(settle(w, p, "contract"))
          .to.be.revertedWithCustomError(w.open, "ERC2612InvalidSigner")
          .withArgs(await permitSigner(w, p), w.signer.address);
      });
    });

    describe("when the permit's deadline has passed", function () {
      it("reverts with the permit's ERC2612ExpiredSignature(deadline)", async function () {
        const w = await world();
        const deadline = BigInt(await time.latest()) + 60n;
        const p = await signPermit(w, await w.settlement.getAddress(), MODEL_PRICE, "own", deadline);
        await time.increaseTo(deadline + 1n);
        await expect(settle(w, p, "late"))
          .to.be.revertedWithCustomError(w.open, "ERC2612ExpiredSignature")
          .withArgs(deadline);
      });
    });
  });

  describe("StakedOpen.stakeWithPermit", function () {
    const amount = parseEther("50");
    const stake = async (w: World, p: SignedPermit) => w.gopen.connect(w.signer).stakeWithPermit(amount, p.permit);

    describe("when the permit is valid", function () {
      it("stakes the amount", async function () {
        const w = await world();
        await stake(w, await signPermit(w, await w.gopen.getAddress(), amount, "own"));
        expect(await w.gopen.balanceOf(w.signer.address)).to.equal(amount);
      });
    });

    describe("when the permit is replayed", function () {
      it("reverts with the permit's ERC2612InvalidSigner", async function () {
        const w = await world();
        const p = await signPermit(w, await w.gopen.getAddress(), amount, "own");
        await stake(w, p);
        await expect(stake(w, p))
          .to.be.revertedWithCustomError(w.open, "ERC2612InvalidSigner")
          .withArgs(await permitSigner(w, p), w.signer.address);
        expect(await w.gopen.balanceOf(w.signer.address)).to.equal(amount);
      });
    });

    describe("when the permit was signed for another chain id", function () {
      it("reverts with the permit's ERC2612InvalidSigner", async function () {
        const w = await world();
        const p = await signPermit(w, await w.gopen.getAddress(), amount, "otherChain");
        await expect(stake(w, p))
          .to.be.revertedWithCustomError(w.open, "ERC2612InvalidSigner")
          .withArgs(await permitSigner(w, p), w.signer.address);
      });
    });

    describe("when the permit was signed for another token contract", function () {
      it("reverts with the permit's ERC2612InvalidSigner", async function () {
        const w = await world();
        const p = await signPermit(w, await w.gopen.getAddress(), amount, "otherContract");
        await expect(stake(w, p))
          .to.be.revertedWithCustomError(w.open, "ERC2612InvalidSigner")
          .withArgs(await permitSigner(w, p), w.signer.address);
      });
    });

    describe("when the permit's deadline has passed", function () {
      it("reverts with the permit's ERC2612ExpiredSignature(deadline)", async function () {
        const w = await world();
        const deadline = BigInt(await time.latest()) + 60n;
        const p = await signPermit(w, await w.gopen.getAddress(), amount, "own", deadline);
        await time.increaseTo(deadline + 1n);
        await expect(stake(w, p)).to.be.revertedWithCustomError(w.open, "ERC2612ExpiredSignature").withArgs(deadline);
      });
    });
  });

  describe("StakedOpen.delegateBySig", function () {
    describe("when the signature is valid", function () {
      it("delegates the signer's votes, whoever submits it", async function () {
        const w = await world();
        await submitDelegation(w, await signDelegation(w, w.voter.address, 0n, "own"));
        expect(await w.gopen.delegates(w.signer.address)).to.equal(w.voter.address);
        expect(await w.gopen.nonces(w.signer.address)).to.equal(1n);
      });
    });

    describe("when it is replayed", function () {
      it("reverts with InvalidAccountNonce(signer, 1)", async function () {
        const w = await world();
        const d = await signDelegation(w, w.voter.address, 0n, "own");
        await submitDelegation(w, d);
        await expect(submitDelegation(w, d))
          .to.be.revertedWithCustomError(w.gopen, "InvalidAccountNonce")
          .withArgs(w.signer.address, 1n);
      });
    });

    describe("when it was signed for another chain id", function () {
      it("recovers another account, and reverts with InvalidAccountNonce(recovered, 0) at the signer's nonce 1", async function () {
        const w = await world();
        await submitDelegation(w, await signDelegation(w, w.voter.address, 0n, "own"));
        const d = await signDelegation(w, w.relayer.address, 1n, "otherChain");
        const message = { delegatee: d.delegatee, nonce: d.nonce, expiry: d.expiry };
        const other = recovered(await eip712DomainOf(w.gopen), DELEGATION_TYPES, message, d.signature);
        await expect(submitDelegation(w, d))
          .to.be.revertedWithCustomError(w.gopen, "InvalidAccountNonce")
          .withArgs(other, 0n);
      });

      it("never moves the signer's votes, even at nonce 0, where it counts as the recovered account's delegation", async function () {
        const w = await world();
        await w.open.connect(w.signer).approve(await w.gopen.getAddress(), parseEther("10"));
        await w.gopen.connect(w.signer).stake(parseEther("10"));
        const d = await signDelegation(w, w.relayer.address, 0n, "otherChain");
        const message = { delegatee: d.delegatee, nonce: d.nonce, expiry: d.expiry };
        const other = recovered(await eip712DomainOf(w.gopen), DELEGATION_TYPES, message, d.signature);
        await expect(submitDelegation(w, d))
          .to.emit(w.gopen, "DelegateChanged")
          .withArgs(other, "0x0000000000000000000000000000000000000000", w.relayer.address);
        expect(await w.gopen.delegates(w.signer.address)).to.equal("0x0000000000000000000000000000000000000000");
        expect(await w.gopen.getVotes(w.relayer.address)).to.equal(0n);
        expect(await w.gopen.nonces(w.signer.address)).to.equal(0n);
      });
    });

    describe("when it was signed for another contract", function () {
      it("reverts with InvalidAccountNonce(recovered, 0) here, though that contract accepts it", async function () {
        const w = await world();
        await submitDelegation(w, await signDelegation(w, w.voter.address, 0n, "own"));
        const d = await signDelegation(w, w.relayer.address, 1n, "otherContract");
        const message = { delegatee: d.delegatee, nonce: d.nonce, expiry: d.expiry };
        const other = recovered(await eip712DomainOf(w.gopen), DELEGATION_TYPES, message, d.signature);
        await expect(submitDelegation(w, d))
          .to.be.revertedWithCustomError(w.gopen, "InvalidAccountNonce")
          .withArgs(other, 0n);
        const atOther = await signDelegation(w, w.relayer.address, 0n, "otherContract");
        await w.otherGopen.delegateBySig(atOther.delegatee, 0n, atOther.expiry, atOther.v, atOther.r, atOther.s);
        expect(await w.otherGopen.delegates(w.signer.address)).to.equal(w.relayer.address);
      });
    });

    describe("when its expiry has passed", function () {
      it("reverts with VotesExpiredSignature(expiry)", async function () {
        const w = await world();
        const expiry = BigInt(await time.latest()) + 60n;
        const d = await signDelegation(w, w.voter.address, 0n, "own", expiry);
        await time.increaseTo(expiry + 1n);
        await expect(submitDelegation(w, d))
          .to.be.revertedWithCustomError(w.gopen, "VotesExpiredSignature")
          .withArgs(expiry);
      });
    });
  });

  describe("OpenGovernor.castVoteBySig", function () {
    describe("when the ballot is valid", function () {
      it("counts the voter's votes, whoever submits it", async function () {
        const w = await world();
        await submitBallot(w, await signBallot(w, "own"));
        expect(await w.governor.hasVoted(w.proposalId, w.voter.address)).to.equal(true);
        expect(await w.governor.hasVoted(w.proposalId, w.relayer.address)).to.equal(false);
        expect((await w.governor.proposalVotes(w.proposalId))[1]).to.equal(parseEther("100000"));
      });
    });

    describe("when it is replayed", function () {
      it("reverts with GovernorInvalidSignature(voter): the nonce moved on", async function () {
        const w = await world();
        const signature = await signBallot(w, "own");
        await submitBallot(w, signature);
        await expect(submitBallot(w, signature))
          .to.be.revertedWithCustomError(w.governor, "GovernorInvalidSignature")
          .withArgs(w.voter.address);
      });
    });

    describe("when it was signed for another chain id", function () {
      it("reverts with GovernorInvalidSignature(voter)", async function () {
        const w = await world();
        await expect(submitBallot(w, await signBallot(w, "otherChain")))
          .to.be.revertedWithCustomError(w.governor, "GovernorInvalidSignature")
          .withArgs(w.voter.address);
      });
    });

    describe("when it was signed for another Governor", function () {
      it("reverts with GovernorInvalidSignature(voter)", async function () {
        const w = await world();
        await expect(submitBallot(w, await signBallot(w, "otherContract")))
          .to.be.revertedWithCustomError(w.governor, "GovernorInvalidSignature")
          .withArgs(w.voter.address);
      });
    });

    describe("when the vote is over (a ballot carries no expiry: the voting period bounds it)", function () {
      it("reverts with GovernorUnexpectedProposalState(id, Defeated, Active)", async function () {
        const w = await world();
        const signature = await signBallot(w, "own");
        await time.increaseTo((await w.governor.proposalDeadline(w.proposalId)) + 1n);
        await expect(submitBallot(w, signature))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(w.proposalId, State.Defeated, ACTIVE_BITMAP);
      });
    });
  });
  describe("AgentRegistry.setAgentWallet", function () {
    describe("when the wallet's signature is valid", function () {
      it("sets the wallet and moves the agent's nonce on", async function () {
        const w = await world();
        await expect(submitAgentWallet(w, await signAgentWallet(w, 1n, "own")))
          .to.emit(w.agents, "MetadataSet")
          .withArgs(1n, "agentWallet", "agentWallet", w.wallet.address.toLowerCase());
        expect(await walletState(w)).to.deep.equal([w.wallet.address, 1n]);
      });

      it("is still accepted at its deadline", async function () {
        const w = await world();
        const sig = await signAgentWallet(w, 1n, "own");
        await time.setNextBlockTimestamp(sig.deadline);
        await submitAgentWallet(w, sig);
        expect(await walletState(w)).to.deep.equal([w.wallet.address, 1n]);
      });
    });

    describe("when it is replayed after the wallet was unset", function () {
      it("reverts with InvalidAgentWalletSignature(1, wallet, 1): the nonce moved on, the wallet stays unset", async function () {
        const w = await world();
        const sig = await signAgentWallet(w, 1n, "own");
        await submitAgentWallet(w, sig);
        await w.agents.connect(w.agentOwner).unsetAgentWallet(1n);
        await expect(submitAgentWallet(w, sig))
          .to.be.revertedWithCustomError(w.agents, "InvalidAgentWalletSignature")
          .withArgs(1n, w.wallet.address, 1n);
        expect(await walletState(w)).to.deep.equal([ZERO_ADDRESS, 1n]);
      });
    });

    describe("when its deadline has passed", function () {
      it("reverts with AgentWalletSignatureExpired(deadline, now), and the wallet stays the owner", async function () {
        const w = await world();
        const sig = await signAgentWallet(w, 1n, "own", { deadline: BigInt(await time.latest()) + 60n });
        await time.setNextBlockTimestamp(sig.deadline + 1n);
        await expect(submitAgentWallet(w, sig))
          .to.be.revertedWithCustomError(w.agents, "AgentWalletSignatureExpired")
          .withArgs(sig.deadline, sig.deadline + 1n);
        expect(await walletState(w)).to.deep.equal([w.agentOwner.address, 0n]);
      });
    });

    describe("when it was signed for another agent", function () {
      it("reverts with InvalidAgentWalletSignature(1, wallet, 0) for agent 1, though agent 2 accepts it", async function () {
        const w = await world();
        const sig = await signAgentWallet(w, 2n, "own");
        await expect(submitAgentWallet(w, sig))
          .to.be.revertedWithCustomError(w.agents, "InvalidAgentWalletSignature")
          .withArgs(1n, w.wallet.address, 0n);
        expect(await walletState(w)).to.deep.equal([w.agentOwner.address, 0n]);
        await w.agents.connect(w.agentOwner).setAgentWallet(2n, w.wallet.address, sig.deadline, sig.signature);
        expect(await w.agents.getAgentWallet(2n)).to.equal(w.wallet.address);
      });
    });

    describe("when it was signed for another chain id", function () {
      it("reverts with InvalidAgentWalletSignature(1, wallet, 0), and the wallet stays the owner", async function () {
        const w = await world();
        await expect(submitAgentWallet(w, await signAgentWallet(w, 1n, "otherChain")))
          .to.be.revertedWithCustomError(w.agents, "InvalidAgentWalletSignature")
          .withArgs(1n, w.wallet.address, 0n);
        expect(await walletState(w)).to.deep.equal([w.agentOwner.address, 0n]);
      });
    });

    describe("when it was signed for another registry", function () {
      it("reverts with InvalidAgentWalletSignature(1, wallet, 0) here, though that registry accepts it", async function () {
        const w = await world();
        const sig = await signAgentWallet(w, 1n, "otherContract");
        await expect(submitAgentWallet(w, sig))
          .to.be.revertedWithCustomError(w.agents, "InvalidAgentWalletSignature")
          .withArgs(1n, w.wallet.address, 0n);
        expect(await walletState(w)).to.deep.equal([w.agentOwner.address, 0n]);
        await submitAgentWallet(w, sig, w.otherAgents);
        expect(await w.otherAgents.getAgentWallet(1n)).to.equal(w.wallet.address);
      });
    });

    describe("when it was signed by another key than the new wallet's", function () {
      it("reverts with InvalidAgentWalletSignature(1, wallet, 0), and the wallet stays the owner", async function () {
        const w = await world();
        await expect(submitAgentWallet(w, await signAgentWallet(w, 1n, "own", { key: w.relayer })))
          .to.be.revertedWithCustomError(w.agents, "InvalidAgentWalletSignature")
          .withArgs(1n, w.wallet.address, 0n);
        expect(await walletState(w)).to.deep.equal([w.agentOwner.address, 0n]);
      });
    });

    describe("when the agent changed hands after the signature, which names its previous owner", function () {
      it("reverts with InvalidAgentWalletSignature(1, wallet, 0) for the new owner, and the wallet stays cleared", async function () {
        const w = await world();
        const sig = await signAgentWallet(w, 1n, "own");
        const agents = w.agents.connect(w.agentOwner);
        await agents.transferFrom(w.agentOwner.address, w.relayer.address, 1n);
        await expect(w.agents.connect(w.relayer).setAgentWallet(1n, w.wallet.address, sig.deadline, sig.signature))
          .to.be.revertedWithCustomError(w.agents, "InvalidAgentWalletSignature")
          .withArgs(1n, w.wallet.address, 0n);
        expect(await walletState(w)).to.deep.equal([ZERO_ADDRESS, 0n]);
      });
    });
  });
});
