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
  "Settlement.settleFor(address,(uint256,uint256,uint256,bytes32,bytes32),uint256)":
    "spends only the budget the principal gave the caller (NoBudget for anyone else)",
  "Settlement.settleBatchFor(address,(uint256,uint256,uint256,bytes32,bytes32)[],uint256)":
    "spends only the budget the principal gave the caller (NoBudget for anyone else)",
  // Budgets: a principal sets, lowers and revokes its own budgets only (they are keyed by the caller).
  "SpendingBudgets.grant(address,uint256,uint256,uint256,uint256[])": "sets the caller's own budget for an agent",
  "SpendingBudgets.lower(address,uint256)": "lowers the caller's own budget for an agent",
  "SpendingBudgets.revoke(address)": "revokes the caller's own budget for an agent",
  // Agents: anyone registers an agent, approves its own operators, and may add its own OPEN to an agent's stake.
  "AgentRegistry.register()": "registers an agent owned by the caller",
  "AgentRegistry.register(string)": "registers an agent owned by the caller",
  "AgentRegistry.register(string,(string,bytes)[])": "registers an agent owned by the caller",
  "AgentRegistry.setApprovalForAll(address,bool)": "sets the caller's own operators",
  "AgentRegistry.stake(uint256,uint256)":
    "adds the caller's own OPEN to an agent's stake, which only the agent's owner can take out",
  // Jobs: a client creates and funds its own jobs; finishing a job by expiry or by the window, and paying the
  // treasury, send the money only where the job's terms say; bonds and refunds are the caller's own.
  "JobEscrow.createJob(uint256,address,uint256,string)": "creates a job whose client is the caller",
  "JobEscrow.createAndFund(uint256,address,uint256,string,uint256)": "funds a job from the caller's own OPEN",
  "JobEscrow.createAndFundFor(address,uint256,address,uint256,string,uint256)":
    "spends only the budget the principal gave the caller (NoBudget for anyone else)",
  "JobEscrow.complete(uint256,bytes32)":
    "optimistic completion after the evaluation window (EvaluationWindowOpen before, but for the evaluator)",
  "JobEscrow.refund(uint256)": "after expiry, pays the client back, whoever calls",
  "JobEscrow.withdraw(address)": "pays the caller its own refunds",
  "JobEscrow.payTreasury()": "pays the treasury only",
  "JobEscrow.bondAsEvaluator(uint256)": "bonds the caller's own OPEN",
  "JobEscrow.requestUnbond(uint256)": "unbonds the caller's own bond",
  "JobEscrow.withdrawBond(address)": "pays the caller its own unbonded amount",
  // Reputation: a client revokes its own feedback; anyone may respond to feedback (ERC-8004).
  "ReputationRegistry.revokeFeedback(uint256,uint64)":
    "revokes only the caller's own feedback (UnknownFeedback for anyone else's)",
  "ReputationRegistry.appendResponse(uint256,address,uint64,string,bytes32)":
    "anyone may respond (ERC-8004): responses are counted by responder and change no summary",
};

/// Who holds an object of the world below (see `matrixWorld`), or the contract that a role names.
type Holder = "user" | "modelOwner" | "agentOwner" | "evaluator" | "settlement";

/// An owner's gate: the error that refuses anyone else, and who passes it.
interface Gate {
  error: string;
  by: Holder;
}

/// The functions that only the holder of the object they name (a datanet's owner or curator, a model's or an agent's
/// owner or operator, a job's client, provider or evaluator, a principal with feedback to give) or one of the suite's
/// spenders may call, as `Contract.signature`, each with the error that refuses anyone else: `Error(id, caller)` for
/// the object the function names (id 1, or OBJECT_IDS'), `Error(caller)` for CALLER_ERRORS.
const OWNER_FUNCTIONS: Readonly<Record<string, Gate>> = {
  "DatanetRegistry.setAttestor(uint256,address)": { error: "NotDatanetOwner", by: "user" },
  "DatanetRegistry.setCurator(uint256,address,bool)": { error: "NotDatanetOwner", by: "user" },
  "DatanetRegistry.transferDatanetOwnership(uint256,address)": { error: "NotDatanetOwner", by: "user" },
  "DatanetRegistry.closeDatanet(uint256)": { error: "NotDatanetOwner", by: "user" },
  "DatanetRegistry.publishVersion(uint256,string)": { error: "NotDatanetOwner", by: "user" },
  "DatanetRegistry.review(uint256,(bytes32,uint256)[])": { error: "NotCurator", by: "user" },
  "DatanetRegistry.reviewBatch(uint256,bytes32,bool)": { error: "NotCurator", by: "user" },
  "ModelRegistry.publishVersion(uint256,bytes32,string,uint256[])": { error: "NotModelOwner", by: "modelOwner" },
  "ModelRegistry.setPrice(uint256,uint256)": { error: "NotModelOwner", by: "modelOwner" },
  "ModelRegistry.setSplit(uint256,uint256)": { error: "NotModelOwner", by: "modelOwner" },
  "ModelRegistry.setCardURI(uint256,string)": { error: "NotModelOwner", by: "modelOwner" },
  "ModelRegistry.deprecate(uint256)": { error: "NotModelOwner", by: "modelOwner" },
  // Agent 1: its owner or an operator edits it; its owner alone moves its stake and answers a slash.
  "AgentRegistry.setAgentURI(uint256,string)": { error: "NotAgentOperator", by: "agentOwner" },
  "AgentRegistry.setMetadata(uint256,string,bytes)": { error: "NotAgentOperator", by: "agentOwner" },
  "AgentRegistry.setAgentWallet(uint256,address,uint256,bytes)": { error: "NotAgentOperator", by: "agentOwner" },
  "AgentRegistry.unsetAgentWallet(uint256)": { error: "NotAgentOperator", by: "agentOwner" },
  "AgentRegistry.declareModels(uint256,uint256[])": { error: "NotAgentOperator", by: "agentOwner" },
  "AgentRegistry.undeclareModel(uint256,uint256)": { error: "NotAgentOperator", by: "agentOwner" },
  "AgentRegistry.requestUnstake(uint256,uint256)": { error: "NotAgentOwner", by: "agentOwner" },
  "AgentRegistry.unstake(uint256,address)": { error: "NotAgentOwner", by: "agentOwner" },
  "AgentRegistry.answerSlash(uint256,string)": { error: "NotAgentOwner", by: "agentOwner" },
  // Model 1's owner confirms (and withdraws its confirmation) that agent 1 serves it.
  "AgentRegistry.confirmModel(uint256,uint256)": { error: "NotModelOwner", by: "modelOwner" },
  "AgentRegistry.unconfirmModel(uint256,uint256)": { error: "NotModelOwner", by: "modelOwner" },
  // Only the suite's spenders (Settlement, JobEscrow) charge a budget.
  "SpendingBudgets.charge(address,address,uint256,uint256)": { error: "NotSpender", by: "settlement" },
  // Job 1 (Funded): its provider submits and subcontracts, its evaluator rejects; job 2 (Open): its client funds.
  "JobEscrow.fund(uint256,uint256)": { error: "NotClient", by: "user" },
  "JobEscrow.submit(uint256,bytes32,string)": { error: "NotProvider", by: "agentOwner" },
  "JobEscrow.subcontract(uint256,uint256,address,uint256,uint256,string)": { error: "NotProvider", by: "agentOwner" },
  "JobEscrow.reject(uint256,bytes32)": { error: "NotEvaluator", by: "evaluator" },
  "JobEscrow.withdrawAgentEarnings(uint256,address)": { error: "NotAgentOperator", by: "agentOwner" },
  // Feedback comes from a job's client only: on agent 1's latest finished job with it, or on a job it names.
  "ReputationRegistry.giveFeedback(uint256,int128,uint8,string,string,string,string,bytes32)": {
    error: "NoJobToRate",
    by: "user",
  },
  "ReputationRegistry.giveFeedbackForJob(uint256,int128,uint8,string,string,string,string,bytes32)": {
    error: "NotJobClient",
    by: "user",
  },
};

/// The owner errors that carry the caller only.
const CALLER_ERRORS = new Set(["NotSpender"]);

/// The functions whose first argument names another object than id 1: the Open job 2 for `fund`, the submitted job
/// 4 for `complete`.
const OBJECT_IDS: Readonly<Record<string, bigint>> = {
  "JobEscrow.fund(uint256,uint256)": 2n,
  "JobEscrow.complete(uint256,bytes32)": 4n,
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
  "NotAgentOperator",
  "NotAgentOwner",
  "NotSpender",
  "NotClient",
  "NotProvider",
  "NotEvaluator",
  "NotJobClient",
  "NoJobToRate",
  "SelfFeedback",
]);

/// The plausible arguments: ids that exist (datanet 1, model 1, agent 1, job 1, the proposal below), a user, a
/// non-zero constant.
const BYTES32 = id("x");
const BYTES = "0x12345678";
const DESCRIPTION = "x";
/// A job's escrow in the world below, and the budget that the user gives agent 1's wallet.
const ESCROW = parseEther("10");
const BUDGET = parseEther("100");

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

/// The plausible arguments of `entry`: OBJECT_IDS' id first where it names one.
function plausibleArgs(entry: Entry, user: string): unknown[] {
  const args = entry.fragment.inputs.map((p) => plausible(p, user));
  const objectId = OBJECT_IDS[entry.signature];
  if (objectId !== undefined) args[0] = objectId;
  return args;
}

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
  agentOwner: HardhatEthersSigner;
  evaluator: HardhatEthersSigner;
  addresses: Record<ContractKey, string>;
}

/// The suite with datanet 1 (curated, owned and attested by users[0], its version 1 published), model 1 (owned by
/// users[1], trained on that version), a proposal whose calls are exactly the plausible arguments of the Governor's
/// functions (its description hashes to BYTES32), and the agents' objects:
///  - agent 1, registered by users[2] (its owner and wallet), staked at the minimum, declaring model 1;
///  - a budget of BUDGET a day that users[0] (the principal) gives agent 1's wallet;
///  - jobs of users[0] (the client) with agent 1, evaluated by users[3]: job 1 Funded, job 2 Open, job 3 completed
///    and rated by the client (its feedback 1 to agent 1), job 4 submitted, in its evaluation window.
async function matrixWorld(): Promise<Matrix> {
  const s = await loadSuite(connection);
  const [user, modelOwner, agentOwner, evaluator] = s.users;
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

  const minStake = await s.agents.minStake();
  await s.agents.connect(agentOwner)["register(string)"]("ipfs://agent");
  await s.open.connect(agentOwner).approve(addresses.agents, minStake);
  await s.agents.connect(agentOwner).stake(1n, minStake);
  await s.agents.connect(agentOwner).declareModels(1n, [1n]);

  const expiry = BigInt(await networkHelpers.time.latest()) + 86_400n;
  await s.open.connect(user).approve(addresses.budgets, BUDGET);
  await s.budgets.connect(user).grant(agentOwner.address, BUDGET, 86_400n, expiry, []);

  await s.open.connect(user).approve(addresses.jobs, 4n * ESCROW);
  const jobs = s.jobs.connect(user);
  await jobs.createAndFund(1n, evaluator.address, expiry, "ipfs://job/1", ESCROW);
  await jobs.createJob(1n, evaluator.address, expiry, "ipfs://job/2");
  await jobs.createAndFund(1n, evaluator.address, expiry, "ipfs://job/3", ESCROW);
  await s.jobs.connect(agentOwner).submit(3n, BYTES32, "ipfs://deliverable/3");
  await s.jobs.connect(evaluator).complete(3n, BYTES32);
  await s.reputation.connect(user).giveFeedback(1n, 90n, 0, "quality", "", "", "", BYTES32);
  await jobs.createAndFund(1n, evaluator.address, expiry, "ipfs://job/4", ESCROW);
  await s.jobs.connect(agentOwner).submit(4n, BYTES32, "ipfs://deliverable/4");
  return { ...s, user, modelOwner, agentOwner, evaluator, addresses };
}

const world = async (): Promise<Matrix> => networkHelpers.loadFixture(matrixWorld);

/// The error a static call of `entry` from `from` reverts with: its decoded form, or null if it does not revert.
async function refusal(m: Matrix, entry: Entry, from: HardhatEthersSigner): Promise<ErrorDescription | "empty" | null> {
  const data = new Interface([entry.fragment]).encodeFunctionData(entry.fragment, plausibleArgs(entry, m.user.address));
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

/// A contract of the suite, impersonated.
async function contractSigner(address: string): Promise<HardhatEthersSigner> {
  await networkHelpers.impersonateAccount(address);
  await networkHelpers.setBalance(address, parseEther("10"));
  return ethers.getSigner(address);
}

const timelockSigner = async (m: Matrix): Promise<HardhatEthersSigner> => contractSigner(m.addresses.timelock);

/// The account that holds `holder`'s object.
async function holderOf(m: Matrix, holder: Holder): Promise<HardhatEthersSigner> {
  return holder === "settlement" ? contractSigner(m.addresses.settlement) : m[holder];
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

  describe("the functions of an object's holder", function () {
    for (const [signature, { error, by }] of Object.entries(OWNER_FUNCTIONS)) {
      describe(signature, function () {
        const entry = (): Entry => {
          const found = ENTRIES.find((e) => e.signature === signature);
          if (found === undefined) throw new Error(`${signature} is not a state-changing function of the suite`);
          return found;
        };
        const objectId = OBJECT_IDS[signature] ?? 1n;
        const expected = CALLER_ERRORS.has(error) ? `${error}(stranger)` : `${error}(${objectId}, stranger)`;

        it("is not on the list of public functions", function () {
          expect(entry().signature).to.equal(signature);
          expect(PUBLIC_FUNCTIONS[signature]).to.equal(undefined);
        });

        describe("when a stranger calls it", function () {
          it(`reverts with ${expected}`, async function () {
            const m = await world();
            const e = await refusal(m, entry(), m.stranger);
            const args = CALLER_ERRORS.has(error) ? [m.stranger.address] : [objectId, m.stranger.address];
            expect(e !== null && e !== "empty" ? [e.name, ...e.args] : e, signature).to.deep.equal([error, ...args]);
          });
        });

        describe(`when its holder (${by}) calls it`, function () {
          it("is not refused for who the holder is", async function () {
            const m = await world();
            const holder = await holderOf(m, by);
            const e = await refusal(m, entry(), holder);
            expect(isAccessError(e, holder.address), `${signature}: ${describeRefusal(e)}`).to.equal(false);
          });
        });
      });
    }
  });

  describe("the agents' public functions, with arguments that reach past their first checks", function () {
    const inference = (maxFee: bigint) => ({
      modelId: 1n,
      units: 1n,
      maxFee,
      inferenceId: id("matrix inference"),
      attributionHash: BYTES32,
    });
    const inAnHour = async (): Promise<bigint> => BigInt(await networkHelpers.time.latest()) + 3_600n;

    describe("when a stranger settles an inference on the budget the user gave agent 1's wallet", function () {
      it("reverts with NoBudget(user, stranger), and the budget and the user's OPEN stay as they were", async function () {
        const m = await world();
        const price = (await m.models.model(1n)).price;
        const available = await m.budgets.available(m.user.address, m.agentOwner.address);
        const balance = await m.open.balanceOf(m.user.address);
        await expect(m.settlement.connect(m.stranger).settleFor(m.user.address, inference(price), 1n))
          .to.be.revertedWithCustomError(m.budgets, "NoBudget")
          .withArgs(m.user.address, m.stranger.address);
        await expect(m.settlement.connect(m.stranger).settleBatchFor(m.user.address, [inference(price)], 1n))
          .to.be.revertedWithCustomError(m.budgets, "NoBudget")
          .withArgs(m.user.address, m.stranger.address);
        expect(await m.budgets.available(m.user.address, m.agentOwner.address)).to.equal(available);
        expect(await m.open.balanceOf(m.user.address)).to.equal(balance);
      });

      it("is what agent 1's wallet may do", async function () {
        const m = await world();
        const price = (await m.models.model(1n)).price;
        const settle = m.settlement.connect(m.agentOwner);
        expect(await settle.settleFor.staticCall(m.user.address, inference(price), 1n)).to.equal(price);
      });
    });

    describe("when a stranger funds a job on the budget the user gave agent 1's wallet", function () {
      it("reverts with NoBudget(user, stranger), and no job is created", async function () {
        const m = await world();
        const count = await m.jobs.jobCount();
        await expect(
          m.jobs
            .connect(m.stranger)
            .createAndFundFor(m.user.address, 1n, m.evaluator.address, await inAnHour(), "x", ESCROW),
        )
          .to.be.revertedWithCustomError(m.budgets, "NoBudget")
          .withArgs(m.user.address, m.stranger.address);
        expect(await m.jobs.jobCount()).to.equal(count);
      });
    });

    describe("when agent 1's wallet funds a job for agent 1 itself on the budget the user gave it", function () {
      it("reverts with SelfHire(1, wallet): the agent does not pay itself from the user's budget", async function () {
        const m = await world();
        const count = await m.jobs.jobCount();
        await expect(
          m.jobs
            .connect(m.agentOwner)
            .createAndFundFor(m.user.address, 1n, m.evaluator.address, await inAnHour(), "x", ESCROW),
        )
          .to.be.revertedWithCustomError(m.jobs, "SelfHire")
          .withArgs(1n, m.agentOwner.address);
        expect(await m.jobs.jobCount()).to.equal(count);
      });
    });

    describe("when agent 1's wallet charges the user's budget directly, not through a spender", function () {
      it("reverts with NotSpender(wallet)", async function () {
        const m = await world();
        await expect(m.budgets.connect(m.agentOwner).charge(m.user.address, m.agentOwner.address, 0n, ESCROW))
          .to.be.revertedWithCustomError(m.budgets, "NotSpender")
          .withArgs(m.agentOwner.address);
      });
    });

    describe("when a stranger refunds job 1 after its expiry", function () {
      it("credits the escrow to the client, and nothing to the stranger", async function () {
        const m = await world();
        const { expiry } = await m.jobs.job(1n);
        await networkHelpers.time.increaseTo(expiry);
        const balance = await m.open.balanceOf(m.stranger.address);
        await m.jobs.connect(m.stranger).refund(1n);
        expect(await m.jobs.claimable(m.user.address)).to.equal(ESCROW);
        expect(await m.jobs.claimable(m.stranger.address)).to.equal(0n);
        expect(await m.open.balanceOf(m.stranger.address)).to.equal(balance);
      });
    });

    describe("when a stranger completes submitted job 4", function () {
      it("reverts with EvaluationWindowOpen(4, endsAt) within the evaluation window", async function () {
        const m = await world();
        const { evaluationEndsAt } = await m.jobs.job(4n);
        await expect(m.jobs.connect(m.stranger).complete(4n, BYTES32))
          .to.be.revertedWithCustomError(m.jobs, "EvaluationWindowOpen")
          .withArgs(4n, evaluationEndsAt);
      });

      it("pays agent 1, not the stranger, once the window is over", async function () {
        const m = await world();
        const { evaluationEndsAt } = await m.jobs.job(4n);
        await networkHelpers.time.increaseTo(evaluationEndsAt);
        const earnings = await m.jobs.agentEarnings(1n);
        await m.jobs.connect(m.stranger).complete(4n, ethers.ZeroHash);
        const fee = (ESCROW * (await m.jobs.feeBps())) / 10_000n;
        expect((await m.jobs.agentEarnings(1n)) - earnings).to.equal(ESCROW - fee);
        expect(await m.jobs.claimable(m.stranger.address)).to.equal(0n);
      });
    });

    describe("when someone rejects Open job 2", function () {
      it("refuses a stranger and the evaluator with NotClient(2, caller), and lets the client", async function () {
        const m = await world();
        for (const caller of [m.stranger, m.evaluator]) {
          await expect(m.jobs.connect(caller).reject(2n, BYTES32))
            .to.be.revertedWithCustomError(m.jobs, "NotClient")
            .withArgs(2n, caller.address);
        }
        await expect(m.jobs.connect(m.user).reject(2n, BYTES32))
          .to.emit(m.jobs, "JobRejected")
          .withArgs(2n, m.user.address, BYTES32);
      });
    });

    describe("when the client of job 3 has become an operator of agent 1", function () {
      it("refuses its feedback with SelfFeedback(1, client)", async function () {
        const m = await world();
        await m.agents.connect(m.agentOwner).setApprovalForAll(m.user.address, true);
        await expect(m.reputation.connect(m.user).giveFeedback(1n, 100n, 0, "quality", "", "", "", BYTES32))
          .to.be.revertedWithCustomError(m.reputation, "SelfFeedback")
          .withArgs(1n, m.user.address);
      });
    });

    describe("when a stranger responds to the client's feedback", function () {
      it("counts the response under the stranger and changes no summary", async function () {
        const m = await world();
        const before = await m.reputation.summary(1n, "quality", "");
        await m.reputation.connect(m.stranger).appendResponse(1n, m.user.address, 1n, "ipfs://response", BYTES32);
        expect(await m.reputation.summary(1n, "quality", "")).to.deep.equal(before);
        const count = (responders: string[]) => m.reputation.getResponseCount(1n, m.user.address, 1n, responders);
        expect([await count([m.stranger.address]), await count([m.agentOwner.address])]).to.deep.equal([1n, 0n]);
      });
    });

    describe("when a stranger hires agent 1, evaluates the job itself and rejects it before any submission", function () {
      it("refuses a job below the least job value, and the stranger's feedback on a refunded escrow with NothingPaid", async function () {
        const m = await world();
        const { jobs, reputation, stranger } = m;
        const least = await jobs.minJobValue();
        await m.open.connect(m.deployer).transfer(stranger.address, least);
        await m.open.connect(stranger).approve(m.addresses.jobs, least);
        await expect(jobs.connect(stranger).createAndFund(1n, stranger.address, await inAnHour(), "x", 1n))
          .to.be.revertedWithCustomError(jobs, "BelowMinJobValue")
          .withArgs(1n, least);
        await jobs.connect(stranger).createAndFund(1n, stranger.address, await inAnHour(), "x", least);
        const jobId = await jobs.jobCount();
        await jobs.connect(stranger).reject(jobId, BYTES32);
        await jobs.connect(stranger).withdraw(stranger.address);
        const before = await reputation.summary(1n, "quality", "");
        await expect(reputation.connect(stranger).giveFeedback(1n, -100n, 0, "quality", "", "", "", BYTES32))
          .to.be.revertedWithCustomError(reputation, "NothingPaid")
          .withArgs(jobId);
        expect(await m.open.balanceOf(stranger.address)).to.equal(least);
        expect(await reputation.summary(1n, "quality", "")).to.deep.equal(before);
      });
    });
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
          "SpendingBudgets.setSpender(address,bool)",
          "AgentRegistry.setMinStake(uint256)",
          "AgentRegistry.setChallengeWindow(uint256)",
          "AgentRegistry.setUnstakeDelay(uint256)",
          "AgentRegistry.proposeSlash(uint256,uint256,string)",
          "AgentRegistry.executeSlash(uint256)",
          "AgentRegistry.cancelSlash(uint256)",
          "JobEscrow.setFeeBps(uint256)",
          "JobEscrow.setEvaluationWindow(uint256)",
          "JobEscrow.setMaxDuration(uint256)",
          "JobEscrow.setUnbondDelay(uint256)",
          "JobEscrow.setMinJobValue(uint256)",
          "JobEscrow.slashEvaluator(address,uint256)",
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
