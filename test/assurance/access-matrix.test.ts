import { expect } from "chai";
import { FunctionFragment, Interface, id, parseEther } from "ethers";
import type { ErrorDescription, InterfaceAbi, ParamType } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { findRevertData } from "../../package/src/errors/index.js";
import { errorInterface } from "../../tasks/lib/index.js";
import { CONTRACT_KEYS, CONTRACTS } from "../../package/src/contracts.js";
import type { ContractKey } from "../../package/src/contracts.js";
import { SETTLEMENT_FUNCTIONS, SETTLEMENT_ROLE } from "../../deploy/modules/OpenLedger.js";
import { loadSuite, publishDatanetVersion } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

/// The contracts of the suite, by their key in `Suite` (the SDK's table): each with the ABI of its bindings.
const KEYS = CONTRACT_KEYS;

/// The one list of functions that anyone may call, as `Contract.signature`, each with why.
const PUBLIC_FUNCTIONS: Readonly<Record<string, string>> = {
  // OPEN: an account moves, approves and burns its own tokens; a permit's signature is its authorization.
  "OpenToken.approve(address,uint256)": "sets the caller's own allowance",
  "OpenToken.transfer(address,uint256)": "moves the caller's own tokens",
  "OpenToken.burn(uint256)": "burns the caller's own tokens",
  "OpenToken.permit(address,address,uint256,uint256,uint8,bytes32,bytes32)": "authorized by the owner's signature",
  // gOPEN: staking, leaving and rewards act on the caller's own position; votes move by the caller or a signature.
  "StakedOpen.approve(address,uint256)": "sets the caller's own allowance (of a token nobody can transfer)",
  "StakedOpen.transfer(address,uint256)": "refuses every transfer with TransfersDisabled",
  "StakedOpen.delegate(address)": "delegates the caller's own votes",
  "StakedOpen.delegateBySig(address,uint256,uint256,uint8,bytes32,bytes32)": "authorized by the delegator's signature",
  "StakedOpen.stake(uint256)": "stakes the caller's own OPEN",
  "StakedOpen.stakeWithPermit(uint256,(uint256,uint8,bytes32,bytes32))": "stakes the caller's own OPEN by permit",
  "StakedOpen.requestWithdrawal(uint256)": "burns the caller's own gOPEN",
  "StakedOpen.withdraw()": "pays the caller its own withdrawal",
  "StakedOpen.claimRewards()": "pays the caller its own rewards",
  "StakedOpen.addRewards(uint256)": "anyone may fund the stakers (the settlement pushes their share through it)",
  // Timelock: anyone executes a ready operation (EXECUTOR_ROLE is open); receiving tokens is harmless.
  "OpenTimelock.execute(address,uint256,bytes,bytes32,bytes32)": "the executor role is open: runs ready operations",
  "OpenTimelock.executeBatch(address[],uint256[],bytes[],bytes32,bytes32)": "the executor role is open",
  "OpenTimelock.onERC721Received(address,address,uint256,bytes)": "accepts tokens sent to the treasury",
  "OpenTimelock.onERC1155Received(address,address,uint256,uint256,bytes)": "accepts tokens sent to the treasury",
  "OpenTimelock.onERC1155BatchReceived(address,address,uint256[],uint256[],bytes)": "accepts tokens sent to it",
  // Governor: proposing needs votes above the threshold, voting needs votes (or the voter's signature), and
  // queue and execute only move a passed proposal on.
  "OpenGovernor.propose(address[],uint256[],bytes[],string)": "needs the proposal threshold of votes",
  "OpenGovernor.queue(address[],uint256[],bytes[],bytes32)": "only queues a proposal that passed",
  "OpenGovernor.execute(address[],uint256[],bytes[],bytes32)": "only executes a queued proposal past its delay",
  "OpenGovernor.castVote(uint256,uint8)": "counts the caller's own votes",
  "OpenGovernor.castVoteWithReason(uint256,uint8,string)": "counts the caller's own votes",
  "OpenGovernor.castVoteWithReasonAndParams(uint256,uint8,string,bytes)": "counts the caller's own votes",
  "OpenGovernor.castVoteBySig(uint256,uint8,address,bytes)": "authorized by the voter's signature",
  "OpenGovernor.castVoteWithReasonAndParamsBySig(uint256,uint8,address,string,bytes,bytes)":
    "authorized by the voter's signature",
  "OpenGovernor.onERC721Received(address,address,uint256,bytes)": "accepts tokens sent to it",
  "OpenGovernor.onERC1155Received(address,address,uint256,uint256,bytes)": "accepts tokens sent to it",
  "OpenGovernor.onERC1155BatchReceived(address,address,uint256[],uint256[],bytes)": "accepts tokens sent to it",
  // AccessManager: these act only on what the caller itself may do.
  "OpenAccessManager.multicall(bytes[])": "batches the caller's own calls, each checked as if made alone",
  "OpenAccessManager.consumeScheduledOp(address,bytes)": "consumes only operations scheduled on the caller as target",
  "OpenAccessManager.cancel(address,address,bytes)":
    "cancels only what the caller scheduled or administers (AccessManagerUnauthorizedCancel); none is scheduled here",
  // Datanets: anyone creates a datanet, contributes, and withdraws its own bond credit.
  "DatanetRegistry.createDatanet(string,bool,uint256,address)": "creates a datanet owned by the caller",
  "DatanetRegistry.contribute(uint256,bytes32,string)": "contributions are open to anyone (curation reviews them)",
  "DatanetRegistry.contributeRoot(uint256,bytes32,uint256,string)": "as contribute, for a Merkle batch",
  "DatanetRegistry.withdrawBondCredit()": "pays the caller its own bond credit",
  "DatanetRegistry.commitContribution(bytes32)": "stores a commit of the caller's own, for its own reveal",
  "DatanetRegistry.revealContribution(uint256,bytes32,string,bytes32)":
    "reveals the caller's own commit (the commitment names the caller)",
  "DatanetRegistry.revealContributionRoot(uint256,bytes32,uint256,string,bytes32)":
    "as revealContribution, for a Merkle batch",
  "DatanetRegistry.withdrawContribution(uint256,bytes32)":
    "withdraws only the caller's own pending record after the review timeout (NotContributor for anyone else's)",
  "DatanetRegistry.withdrawContributionRoot(uint256,bytes32)": "as withdrawContribution, for a Merkle batch",
  // Models: anyone registers a model; approvals for all are the caller's own.
  "ModelRegistry.registerModel((string,bytes32,string,uint256,(uint256,uint256,uint256)[],uint256,uint256))":
    "registers a model owned by the caller",
  "ModelRegistry.setApprovalForAll(address,bool)": "sets the caller's own operators",
  // Settlement: payers pay their own fees; pools pay fixed recipients; claims always pay the proven account.
  "Settlement.settle(uint256,uint256,uint256,bytes32,bytes32)": "the caller pays the fee",
  "Settlement.settleWithPermit((uint256,uint256,uint256,bytes32,bytes32),(uint256,uint8,bytes32,bytes32))":
    "the caller pays the fee, by permit",
  "Settlement.settleBatch((uint256,uint256,uint256,bytes32,bytes32)[])": "the caller pays the fees",
  "Settlement.pushStakerRewards()": "pays the stakers' credit to gOPEN, whoever calls",
  "Settlement.payTreasury()": "pays the protocol credit to the treasury, whoever calls",
  "Settlement.activateRoot(uint256)": "activates a root whose challenge window is over, whoever calls",
  "Settlement.claim(uint256,address,uint256,bytes32[])": "pays the proven account, whoever calls",
  "Settlement.claimMany(address,(uint256,uint256,bytes32[])[])": "pays the proven account, whoever calls",
  "Settlement.depositBond(uint256)": "bonds the caller's own OPEN",
  "Settlement.withdrawBond(uint256)": "pays the caller its own unlocked bond",
};

/// The functions that only the owner (or a curator) of the datanet or the model they name may call, as
/// `Contract.signature`, each with the error that refuses anyone else: `Error(id, caller)` for datanet 1 or model 1.
const OWNER_FUNCTIONS: Readonly<Record<string, "NotDatanetOwner" | "NotCurator" | "NotModelOwner">> = {
  "DatanetRegistry.setAttestor(uint256,address)": "NotDatanetOwner",
  "DatanetRegistry.setCurator(uint256,address,bool)": "NotDatanetOwner",
  "DatanetRegistry.transferDatanetOwnership(uint256,address)": "NotDatanetOwner",
  "DatanetRegistry.closeDatanet(uint256)": "NotDatanetOwner",
  "DatanetRegistry.publishVersion(uint256,string)": "NotDatanetOwner",
  "DatanetRegistry.review(uint256,(bytes32,uint256)[])": "NotCurator",
  "DatanetRegistry.reviewBatch(uint256,bytes32,bool)": "NotCurator",
  "ModelRegistry.publishVersion(uint256,bytes32,string,uint256[])": "NotModelOwner",
  "ModelRegistry.setPrice(uint256,uint256)": "NotModelOwner",
  "ModelRegistry.setSplit(uint256,uint256)": "NotModelOwner",
  "ModelRegistry.setCardURI(uint256,string)": "NotModelOwner",
  "ModelRegistry.deprecate(uint256)": "NotModelOwner",
};

/// Reverts that refuse the caller for who it is (or for what it has not been granted).
const ACCESS_ERRORS = new Set([
  "AccessManagedUnauthorized",
  "AccessControlUnauthorizedAccount",
  "AccessControlBadConfirmation",
  "AccessManagerUnauthorizedAccount",
  "AccessManagerUnauthorizedCall",
  "AccessManagerUnauthorizedCancel",
  "AccessManagerUnauthorizedConsume",
  "AccessManagerBadConfirmation",
  "GovernorOnlyExecutor",
  "GovernorUnableToCancel",
  "TimelockUnauthorizedCaller",
  "OwnableUnauthorizedAccount",
  "NotDatanetOwner",
  "NotCurator",
  "NotModelOwner",
  "NotAttestor",
  "ERC721InsufficientApproval",
  "ERC721IncorrectOwner",
  "ERC721InvalidApprover",
  "ERC721InvalidOperator",
]);

/// The plausible arguments: ids that exist (datanet 1, model 1, the proposal below), a user, a non-zero constant.
const BYTES32 = id("x");
const BYTES = "0x12345678";
const DESCRIPTION = "x";

interface Entry {
  key: ContractKey;
  contract: string;
  fragment: FunctionFragment;
  signature: string;
}

/// Every state-changing function of every contract of the suite, read from the ABIs.
function stateChangingFunctions(): Entry[] {
  const out: Entry[] = [];
  for (const key of KEYS) {
    const { name } = CONTRACTS[key];
    const { abi } = CONTRACTS[key].factory;
    new Interface(abi as InterfaceAbi).forEachFunction((fragment) => {
      if (fragment.constant) return;
      out.push({ key, contract: name, fragment, signature: `${name}.${fragment.format("sighash")}` });
    });
  }
  return out;
}

const ENTRIES = stateChangingFunctions();

/// A plausible argument of `param`'s type.
function plausible(param: ParamType, user: string): unknown {
  if (param.isArray()) return [plausible(param.arrayChildren, user)];
  if (param.isTuple()) return param.components.map((c) => plausible(c, user));
  const t = param.baseType;
  if (t === "address") return user;
  if (t === "bool") return true;
  if (t === "string") return "x";
  if (t === "bytes") return BYTES;
  if (t.startsWith("bytes")) return BYTES32.slice(0, 2 + 2 * Number(t.slice(5)));
  return 1n;
}

interface Matrix extends Suite {
  user: HardhatEthersSigner;
  modelOwner: HardhatEthersSigner;
  addresses: Record<ContractKey, string>;
}

/// The suite with datanet 1 (curated, owned and attested by users[0], its version 1 published), model 1 (owned by
/// users[1], trained on that version) and a proposal
/// whose calls are exactly the plausible arguments of the Governor's functions (its description hashes to BYTES32).
async function matrixWorld(): Promise<Matrix> {
  const s = await loadSuite(connection);
  const [user, modelOwner] = s.users;
  await s.datanets.connect(user).createDatanet("ipfs://datanet", true, 0n, user.address);
  const version = await publishDatanetVersion(s, 1n);
  await s.models.connect(modelOwner).registerModel({
    cardURI: "ipfs://card",
    weightsHash: BYTES32,
    weightsURI: "ipfs://weights",
    parentId: 0n,
    datanets: [{ datanetId: 1n, version, weightBps: 10_000n }],
    price: parseEther("0.001"),
    ownerBps: 5_000n,
  });
  await s.governor.connect(user).propose([user.address], [1n], [BYTES], DESCRIPTION);
  const addresses = {} as Record<ContractKey, string>;
  for (const key of KEYS) addresses[key] = await s[key].getAddress();
  return { ...s, user, modelOwner, addresses };
}

const world = async (): Promise<Matrix> => networkHelpers.loadFixture(matrixWorld);

/// The error a static call of `entry` from `from` reverts with: its decoded form, or null if it does not revert.
async function refusal(m: Matrix, entry: Entry, from: HardhatEthersSigner): Promise<ErrorDescription | "empty" | null> {
  const args = entry.fragment.inputs.map((p) => plausible(p, m.user.address));
  const data = new Interface([entry.fragment]).encodeFunctionData(entry.fragment, args);
  return callRefusal(from, m.addresses[entry.key], data);
}

async function callRefusal(
  from: HardhatEthersSigner,
  to: string,
  data: string,
): Promise<ErrorDescription | "empty" | null> {
  try {
    await from.call({ to, data });
    return null;
  } catch (err: unknown) {
    const revert = findRevertData(err);
    if (revert === undefined || revert.length < 10) return "empty";
    const decoded = errorInterface().parseError(revert);
    if (decoded === null) throw new Error(`unknown revert data ${revert}`);
    return decoded;
  }
}

/// Whether `e` refuses `caller` for who it is. An allowance error counts when the caller spends another's tokens.
function isAccessError(e: ErrorDescription | "empty" | null, caller: string): boolean {
  if (e === null || e === "empty") return false;
  if (e.name === "ERC20InsufficientAllowance") return (e.args[0] as string) === caller;
  return ACCESS_ERRORS.has(e.name);
}

const describeRefusal = (e: ErrorDescription | "empty" | null): string =>
  e === null ? "no revert" : e === "empty" ? "a revert without data" : e.signature;

async function timelockSigner(m: Matrix): Promise<HardhatEthersSigner> {
  await networkHelpers.impersonateAccount(m.addresses.timelock);
  await networkHelpers.setBalance(m.addresses.timelock, parseEther("10"));
  return ethers.getSigner(m.addresses.timelock);
}

describe("Access matrix", function () {
  for (const key of KEYS) {
    describe(CONTRACTS[key].name, function () {
      for (const entry of ENTRIES.filter((e) => e.key === key)) {
        const sig = entry.fragment.format("sighash");
        const reason = PUBLIC_FUNCTIONS[entry.signature];
        describe(`${sig}`, function () {
          if (reason === undefined) {
            describe("when a stranger calls it", function () {
              it("is refused with an access error", async function () {
                const m = await world();
                const e = await refusal(m, entry, m.stranger);
                expect(isAccessError(e, m.stranger.address), `${entry.signature}: ${describeRefusal(e)}`).to.equal(
                  true,
                );
              });
            });
          } else {
            describe(`when a stranger calls it (public: ${reason})`, function () {
              it("is not refused for who the stranger is", async function () {
                const m = await world();
                const e = await refusal(m, entry, m.stranger);
                expect(isAccessError(e, m.stranger.address), `${entry.signature}: ${describeRefusal(e)}`).to.equal(
                  false,
                );
              });
            });
          }
        });
      }
    });
  }

  describe("the list of public functions", function () {
    describe("when compared with the suite's ABIs", function () {
      it("names only functions that exist", function () {
        const known = new Set(ENTRIES.map((e) => e.signature));
        const missing = Object.keys(PUBLIC_FUNCTIONS).filter((signature) => !known.has(signature));
        expect(missing).to.deep.equal([]);
      });
    });
  });

  describe("the functions of a datanet's or a model's owner", function () {
    for (const [signature, error] of Object.entries(OWNER_FUNCTIONS)) {
      describe(signature, function () {
        const entry = (): Entry => {
          const found = ENTRIES.find((e) => e.signature === signature);
          if (found === undefined) throw new Error(`${signature} is not a state-changing function of the suite`);
          return found;
        };

        it("is not on the list of public functions", function () {
          expect(entry().signature).to.equal(signature);
          expect(PUBLIC_FUNCTIONS[signature]).to.equal(undefined);
        });

        describe("when a stranger calls it", function () {
          it(`reverts with ${error}(1, stranger)`, async function () {
            const m = await world();
            const e = await refusal(m, entry(), m.stranger);
            expect(e !== null && e !== "empty" ? [e.name, ...e.args] : e, signature).to.deep.equal([
              error,
              1n,
              m.stranger.address,
            ]);
          });
        });

        describe("when the owner calls it", function () {
          it("is not refused for who the owner is", async function () {
            const m = await world();
            const owner = error === "NotModelOwner" ? m.modelOwner : m.user;
            const e = await refusal(m, entry(), owner);
            expect(isAccessError(e, owner.address), `${signature}: ${describeRefusal(e)}`).to.equal(false);
          });
        });
      });
    }
  });

  describe("the SETTLEMENT role", function () {
    it("is held by Settlement alone, which reaches the registry's floor only through its own restricted setter", async function () {
      const m = await world();
      const [settlementHolds] = await m.accessManager.hasRole(SETTLEMENT_ROLE, m.addresses.settlement);
      const [timelockHolds] = await m.accessManager.hasRole(SETTLEMENT_ROLE, m.addresses.timelock);
      expect([settlementHolds, timelockHolds]).to.deep.equal([true, false]);
      const selector = m.models.interface.getFunction("setMinDataBps")!.selector;
      expect(await m.accessManager.getTargetFunctionRole(m.addresses.models, selector)).to.equal(SETTLEMENT_ROLE);
    });
  });

  describe("every function restricted by the AccessManager", function () {
    describe("when the Timelock calls it", function () {
      it("is not refused for who the Timelock is (setAuthority through the AccessManager's updateAuthority)", async function () {
        const m = await world();
        const timelock = await timelockSigner(m);
        const setAuthority = FunctionFragment.from("function setAuthority(address)").selector;
        const restricted: string[] = [];
        const refused: string[] = [];
        const settlementOnly: string[] = [];
        for (const entry of ENTRIES) {
          const e = await refusal(m, entry, m.stranger);
          if (e === null || e === "empty" || e.name !== "AccessManagedUnauthorized") continue;
          restricted.push(entry.signature);
          // The registry's floor is Settlement's alone to set (with its copy): the Timelock goes through Settlement.
          if (entry.key === "models" && SETTLEMENT_FUNCTIONS.includes(entry.signature.split(".")[1])) {
            if (isAccessError(await refusal(m, entry, timelock), m.addresses.timelock))
              settlementOnly.push(entry.signature);
            continue;
          }
          // AccessManaged.setAuthority answers its authority only: the Timelock reaches it through updateAuthority.
          const asTimelock =
            entry.fragment.selector === setAuthority
              ? await callRefusal(
                  timelock,
                  m.addresses.accessManager,
                  m.accessManager.interface.encodeFunctionData("updateAuthority", [
                    m.addresses[entry.key],
                    m.user.address,
                  ]),
                )
              : await refusal(m, entry, timelock);
          if (isAccessError(asTimelock, m.addresses.timelock)) {
            refused.push(`${entry.signature}: ${describeRefusal(asTimelock)}`);
          }
        }
        expect(refused).to.deep.equal([]);
        expect(settlementOnly).to.deep.equal(["ModelRegistry.setMinDataBps(uint256)"]);
        expect(restricted).to.include.members([
          "Settlement.setMinDataBps(uint256)",
          "StakedOpen.setCooldown(uint256)",
          "StakedOpen.setRewardsDuration(uint256)",
          "DatanetRegistry.setAttestorByGovernance(uint256,address)",
          "DatanetRegistry.releaseAttestor(uint256)",
          "DatanetRegistry.setReviewTimeout(uint256)",
          "ModelRegistry.setMinDataBps(uint256)",
          "Settlement.setFeeShares(uint256,uint256)",
          "Settlement.slashBond(address,uint256)",
          "Settlement.pause()",
          "Settlement.vetoRoot(uint256,uint256)",
          "Settlement.replaceRootByGovernance(uint256,bytes32,uint256,string)",
          "Settlement.setBondFactor(uint256)",
          "Settlement.setActivationBondLock(uint256)",
          "Settlement.setMaxGuardianVetoes(uint256)",
        ]);
      });
    });
  });

  describe("the plausible arguments", function () {
    describe("when a stranger cancels the Governor's proposal", function () {
      it("name a proposal that exists, so that the refusal is about the caller", async function () {
        const m = await world();
        const proposalId = await m.governor.hashProposal([m.user.address], [1n], [BYTES], BYTES32);
        expect(await m.governor.proposalProposer(proposalId)).to.equal(m.user.address);
      });
    });
  });
});
