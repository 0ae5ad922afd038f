/// The SDK's agent and budget actions, on a suite deployed by the Hardhat network fixture: registering an agent (with
/// a checked registration file), its wallet set by an EIP-712 signature of the new wallet, served models, the operator
/// stake, and spending budgets that an agent's wallet settles under, each refusal in one line that sends nothing.
import { expect } from "chai";
import { id, parseEther, Wallet } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  attach,
  buildRegistration,
  CONTRACT_KEYS,
  confirmModel,
  createJob,
  declareModels,
  decodeError,
  getAgent,
  getBudget,
  grantBudget,
  isoTime,
  listAgents,
  lowerBudget,
  parseRegistrationURI,
  registerAgent,
  REGISTRATION_TYPE,
  requestAgentUnstake,
  revokeBudget,
  setAgentWallet,
  settleBatchFor,
  settleFor,
  signAgentWallet,
  stakeAgent,
  subcontract,
  traceJob,
  unsetAgentWallet,
  unstakeAgent,
} from "../../package/src/index.js";
import type { Addresses, Client, Progress } from "../../package/src/index.js";
import { loadSuite, publishDatanetVersion } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";

const connection = await network.create();
const { networkHelpers, ethers } = connection;

const PRICE = parseEther("1");
const DAY = 86_400n;

interface World extends Suite {
  addresses: Addresses;
  modelOwner: HardhatEthersSigner;
  operator: HardhatEthersSigner;
  principal: HardhatEthersSigner;
  wallet: HardhatEthersSigner;
  as: (signer: HardhatEthersSigner) => Client;
}

/// Models 1 and 2 (1 OPEN per inference) trained on datanet 1 v1, owned by the model owner; no agent yet.
async function agentWorld(): Promise<World> {
  const s = await loadSuite(connection);
  const [curator, modelOwner, operator, principal, wallet] = s.users;
  await s.datanets.connect(curator).createDatanet("ipfs://datanet", false, 0n, curator.address);
  await publishDatanetVersion(s, 1n);
  for (const name of ["a", "b"]) {
    await s.models.connect(modelOwner).registerModel({
      cardURI: `ipfs://card/${name}`,
      weightsHash: id(name),
      weightsURI: `ipfs://weights/${name}`,
      parentId: 0n,
      datanets: [{ datanetId: 1n, version: 1n, weightBps: 10_000n }],
      price: PRICE,
      ownerBps: 5_000n,
    });
  }
  const entries = await Promise.all(CONTRACT_KEYS.map(async (key) => [key, await s[key].getAddress()] as const));
  const addresses = Object.fromEntries(entries) as unknown as Addresses;
  const as = (signer: HardhatEthersSigner): Client => attach(signer, addresses, 31337n);
  return { ...s, addresses, modelOwner, operator, principal, wallet, as };
}

const world = async (): Promise<World> => networkHelpers.loadFixture(agentWorld);

async function failure(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (err: unknown) {
    return decodeError(err);
  }
  throw new Error("expected a rejection");
}

async function sent(signer: HardhatEthersSigner): Promise<number> {
  return ethers.provider.getTransactionCount(signer.address);
}

function registration(w: World, models: bigint[] = [1n]) {
  return buildRegistration({
    name: "triage-agent",
    description: "Answers triage questions",
    services: [{ name: "MCP", endpoint: "https://mcp.triage.example/", version: "2025-06-18" }],
    supportedTrust: ["crypto-economic"],
    chainId: 31337n,
    models,
    modelRegistry: w.addresses.models,
  });
}

/// Agent 1, registered by the operator with a registration file.
async function registered(w: World): Promise<bigint> {
  return (await registerAgent(w.as(w.operator), { file: registration(w) })).agentId;
}

let inferences = 0;
function inference() {
  inferences += 1;
  return { inferenceId: id(`agent-inference-${inferences}`), attributionHash: id(`agent-attribution-${inferences}`) };
}

describe("agent actions", function () {
  describe("registerAgent and getAgent", function () {
    it("registers a file as a data URI with metadata, and reads it back with the wallet and the stake", async function () {
      const w = await world();
      const file = registration(w);

      const r = await registerAgent(w.as(w.operator), { file, metadata: [{ key: "region", value: "eu-west" }] });
      const a = await getAgent(w.as(w.stranger), { agentId: r.agentId });

      expect(r.agentId).to.equal(1n);
      expect(r.event.owner).to.equal(w.operator.address);
      expect(parseRegistrationURI(r.uri)).to.deep.equal(file);
      expect(r.metadata.map((m) => m.metadataKey)).to.deep.equal(["agentWallet", "region"]);
      expect(await w.agents.getMetadata(1n, "region")).to.equal(ethers.hexlify(ethers.toUtf8Bytes("eu-west")));
      expect(a).to.deep.include({ owner: w.operator.address, wallet: w.operator.address, walletNonce: 0n });
      expect(a.registration).to.deep.equal(file);
      expect(a.registrationProblems).to.deep.equal([]);
      expect(a.models).to.deep.equal([]);
      expect(a.stake).to.deep.equal({
        staked: 0n,
        unlocking: 0n,
        unlockAt: 0n,
        unlockAtISO: null,
        minStake: await w.agents.minStake(),
      });
      expect(a.pendingSlash).to.equal(null);
      expect(a.canTakeJobs).to.equal(false);
    });

    it("registers a URI as it is; a URI to fetch has no embedded file", async function () {
      const w = await world();

      const r = await registerAgent(w.as(w.operator), { uri: " ipfs://bafy/agent.json " });

      expect(r.uri).to.equal("ipfs://bafy/agent.json");
      const a = await getAgent(w.as(w.stranger), { agentId: r.agentId });
      expect(a.uri).to.equal("ipfs://bafy/agent.json");
      expect(a.registration).to.equal(null);
    });

    it("refuses a file with problems, listing all of them, and sends nothing", async function () {
      const w = await world();
      const before = await sent(w.operator);
      const bad = { type: REGISTRATION_TYPE, name: "", description: "d", services: [{ name: "MCP" }], active: true };

      const line = await failure(() => registerAgent(w.as(w.operator), { file: bad }));

      expect(line).to.equal(
        "the registration file has 2 problems: name is required (a non-empty string); services[0] (MCP) has no endpoint",
      );
      expect(await sent(w.operator)).to.equal(before);
      expect(await w.agents.agentCount()).to.equal(0n);
    });

    it("refuses the reserved key, both a URI and a file, and neither", async function () {
      const w = await world();
      const client = w.as(w.operator);

      expect(
        await failure(() => registerAgent(client, { uri: "ipfs://a", metadata: [{ key: "agentWallet", value: "x" }] })),
      ).to.equal('metadata key "agentWallet" is reserved: set the wallet with setAgentWallet');
      expect(await failure(() => registerAgent(client, { uri: "ipfs://a", file: registration(w) }))).to.equal(
        "give the agent URI or a registration file, not both",
      );
      expect(await failure(() => registerAgent(client, {}))).to.equal("an agent needs a URI or a registration file");
    });

    it("reads an unknown agent as the registry's error", async function () {
      const w = await world();

      expect(await failure(() => getAgent(w.as(w.stranger), { agentId: 9n }))).to.equal("UnknownAgent(agentId=9)");
    });
  });

  describe("listAgents", function () {
    it("lists every agent as it is now, in id order", async function () {
      const w = await world();
      await registered(w);
      await registerAgent(w.as(w.principal), { uri: "ipfs://second" });

      const rows = await listAgents(w.as(w.stranger));

      expect(rows.map((r) => [r.agentId, r.owner, r.name, r.uri.slice(0, 14)])).to.deep.equal([
        [1n, w.operator.address, "triage-agent", "data:applicati"],
        [2n, w.principal.address, null, "ipfs://second"],
      ]);
      expect(rows[0]).to.deep.include({ wallet: w.operator.address, models: [], staked: 0n, canTakeJobs: false });
    });
  });

  describe("setAgentWallet and unsetAgentWallet", function () {
    it("sets the wallet that signed, then clears it", async function () {
      const w = await world();
      const agentId = await registered(w);

      const set = await setAgentWallet(w.as(w.operator), { agentId, wallet: w.wallet });

      expect(set.previous).to.equal(w.operator.address);
      expect(set.event.metadataValue).to.equal(w.wallet.address.toLowerCase());
      expect(await w.agents.getAgentWallet(agentId)).to.equal(w.wallet.address);
      expect(await w.agents.agentWalletNonce(agentId)).to.equal(1n);

      const unset = await unsetAgentWallet(w.as(w.operator), { agentId });

      expect(unset.previous).to.equal(w.wallet.address);
      expect((await getAgent(w.as(w.stranger), { agentId })).wallet).to.equal(null);
    });

    it("takes a signature made elsewhere by a key, and refuses it a second time", async function () {
      const w = await world();
      const agentId = await registered(w);
      const key = Wallet.createRandom();
      const signed = await signAgentWallet(w.as(w.stranger), { agentId, wallet: key });

      await setAgentWallet(w.as(w.operator), { agentId, signed });

      expect(await w.agents.getAgentWallet(agentId)).to.equal(key.address);
      expect(signed).to.deep.include({ owner: w.operator.address, nonce: 0n, newWallet: key.address });
      const before = await sent(w.operator);
      expect(await failure(() => setAgentWallet(w.as(w.operator), { agentId, signed }))).to.equal(
        `InvalidAgentWalletSignature(agentId=1, newWallet=${key.address}, nonce=1)`,
      );
      expect(await sent(w.operator)).to.equal(before);
    });

    it("refuses a caller that is not the owner or an operator, and a signature for another agent", async function () {
      const w = await world();
      const agentId = await registered(w);

      expect(await failure(() => setAgentWallet(w.as(w.stranger), { agentId, wallet: w.wallet }))).to.equal(
        `NotAgentOperator(agentId=1, caller=${w.stranger.address})`,
      );
      const signed = await signAgentWallet(w.as(w.stranger), { agentId, wallet: w.wallet });
      expect(await failure(() => setAgentWallet(w.as(w.operator), { agentId: 2n, signed }))).to.equal(
        "the signature is for agent 1, not 2",
      );
      expect(await failure(() => setAgentWallet(w.as(w.operator), { agentId }))).to.equal(
        "setAgentWallet needs the new wallet's signer or signature",
      );
    });
  });

  describe("declareModels and confirmModel", function () {
    it("declares models, which their owner confirms", async function () {
      const w = await world();
      const agentId = await registered(w);

      const declared = await declareModels(w.as(w.operator), { agentId, modelIds: [2n, 1n] });
      const confirmed = await confirmModel(w.as(w.modelOwner), { agentId, modelId: 1n });

      expect(declared.declared.map((e) => e.modelId)).to.deep.equal([2n, 1n]);
      expect(confirmed.event).to.deep.equal({ agentId, modelId: 1n, modelOwner: w.modelOwner.address });
      expect((await getAgent(w.as(w.stranger), { agentId })).models).to.deep.equal([
        { modelId: 1n, confirmed: true },
        { modelId: 2n, confirmed: false },
      ]);
    });

    it("refuses an unknown model, a repeated id, and a confirmation by someone else", async function () {
      const w = await world();
      const agentId = await registered(w);

      expect(await failure(() => declareModels(w.as(w.operator), { agentId, modelIds: [7n] }))).to.equal(
        "UnknownModel(modelId=7)",
      );
      expect(await failure(() => declareModels(w.as(w.operator), { agentId, modelIds: [1n, 1n] }))).to.equal(
        "model 1 is listed twice",
      );
      expect(await failure(() => declareModels(w.as(w.operator), { agentId, modelIds: [] }))).to.equal(
        "declareModels needs at least one model",
      );
      await declareModels(w.as(w.operator), { agentId, modelIds: [1n] });
      const line = await failure(() => confirmModel(w.as(w.stranger), { agentId, modelId: 1n }));
      expect(line).to.match(/^NotModelOwner\(/);
    });
  });

  describe("stakeAgent, requestAgentUnstake and unstakeAgent", function () {
    it("stakes (approving), unlocks after a request and takes it out after the delay", async function () {
      const w = await world();
      const agentId = await registered(w);
      const amount = await w.agents.minStake();
      const before = await w.open.balanceOf(w.operator.address);

      const staked = await stakeAgent(w.as(w.operator), { agentId, amount });

      expect(staked.approval).to.match(/^0x[0-9a-f]{64}$/);
      expect(staked.event).to.deep.equal({ agentId, from: w.operator.address, amount, staked: amount });
      expect(await w.agents.canTakeJobs(agentId)).to.equal(true);

      const requested = await requestAgentUnstake(w.as(w.operator), { agentId, amount: amount / 4n });

      expect(requested.event.unlocking).to.equal(amount / 4n);
      const a = await getAgent(w.as(w.stranger), { agentId });
      expect(a.canTakeJobs).to.equal(false);
      expect(a.stake.unlockAtISO).to.equal(isoTime(requested.event.unlockAt));
      expect(await failure(() => unstakeAgent(w.as(w.operator), { agentId }))).to.match(
        /^UnstakeNotReady\(agentId=1, unlockAt=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/,
      );

      await networkHelpers.time.increase(await w.agents.unstakeDelay());
      const out = await unstakeAgent(w.as(w.operator), { agentId });

      expect(out.event).to.deep.equal({ agentId, to: w.operator.address, amount: amount / 4n });
      expect(await w.open.balanceOf(w.operator.address)).to.equal(before - amount + amount / 4n);
    });

    it("refuses more than is staked, nothing unlocking and a short balance in one line each", async function () {
      const w = await world();
      const agentId = await registered(w);
      await stakeAgent(w.as(w.operator), { agentId, amount: parseEther("50") });
      const before = await sent(w.operator);

      expect(
        await failure(() => requestAgentUnstake(w.as(w.operator), { agentId, amount: parseEther("80") })),
      ).to.equal("agent 1 has 50 OPEN staked, less than the 80 OPEN asked");
      expect(await failure(() => unstakeAgent(w.as(w.operator), { agentId }))).to.equal(
        "agent 1 has nothing unlocking: request an unstake first",
      );
      expect(await failure(() => stakeAgent(w.as(w.stranger), { agentId, amount: 1n }))).to.equal(
        `${w.stranger.address} holds 0 OPEN, less than the 0.000000000000000001 OPEN to stake on agent 1`,
      );
      expect(await failure(() => requestAgentUnstake(w.as(w.stranger), { agentId, amount: 1n }))).to.equal(
        `NotAgentOwner(agentId=1, caller=${w.stranger.address})`,
      );
      expect(await sent(w.operator)).to.equal(before);
      expect(await w.open.allowance(w.stranger.address, w.addresses.agents)).to.equal(0n);
    });
  });
});

describe("budget actions", function () {
  /// The principal gives the agent's wallet 2 OPEN a day for 3 days on model 1.
  async function granted(
    w: World,
    changes: { allowance?: bigint; modelIds?: bigint[]; amountPerPeriod?: bigint } = {},
  ) {
    const now = BigInt(await networkHelpers.time.latest());
    return grantBudget(w.as(w.principal), {
      agent: w.wallet.address,
      amountPerPeriod: PRICE * 2n,
      period: DAY,
      expiry: now + 3n * DAY,
      modelIds: [1n],
      ...changes,
    });
  }

  describe("grantBudget and getBudget", function () {
    it("grants, approving the most the budget may spend, and reads the period with ISO dates", async function () {
      const w = await world();
      const steps: Progress[] = [];

      const g = await grantBudget(w.as(w.principal), {
        agent: w.wallet.address,
        amountPerPeriod: PRICE * 2n,
        period: DAY,
        expiry: BigInt(await networkHelpers.time.latest()) + 3n * DAY,
        modelIds: [1n],
        onProgress: (p) => steps.push(p),
      });
      const b = await getBudget(w.as(w.stranger), { principal: w.principal.address, agent: w.wallet.address });

      expect(g.approval).to.match(/^0x[0-9a-f]{64}$/);
      expect(g.allowanceWanted).to.equal(PRICE * 6n);
      expect(g.allowance).to.equal(PRICE * 6n);
      expect(g.replaced).to.equal(false);
      expect(steps.map((s) => s.message)).to.deep.equal([
        "approving SpendingBudgets for 6 OPEN, the most this budget may spend",
        `granting ${w.wallet.address} 2 OPEN per period`,
      ]);
      expect(b).to.deep.include({
        exists: true,
        amountPerPeriod: PRICE * 2n,
        period: DAY,
        expiry: g.event.expiry,
        expired: false,
        spentInPeriod: 0n,
        available: PRICE * 2n,
        modelIds: [1n],
        allowance: PRICE * 6n,
      });
      expect(b.periodEnd - b.periodStart).to.equal(DAY);
      expect(b.periodEndISO).to.equal(new Date(Number(b.periodEnd) * 1000).toISOString().replace(".000Z", "Z"));
      expect(b.expiryISO).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    });

    it("approves nothing when the allowance is enough, and says the budget was replaced", async function () {
      const w = await world();
      await granted(w);

      const again = await granted(w, { modelIds: [] });

      expect(again.approval).to.equal(undefined);
      expect(again.replaced).to.equal(true);
    });

    it("reads no budget as all zero", async function () {
      const w = await world();

      const b = await getBudget(w.as(w.stranger), { principal: w.principal.address, agent: w.stranger.address });

      expect(b).to.deep.include({ exists: false, available: 0n, expiryISO: null, periodEndISO: null, modelIds: [] });
    });

    it("refuses a past expiry, a repeated model and the contract's bounds, and sends nothing", async function () {
      const w = await world();
      const now = BigInt(await networkHelpers.time.latest());
      const client = w.as(w.principal);
      const base = { agent: w.wallet.address, amountPerPeriod: PRICE, period: DAY, expiry: now + DAY };
      const before = await sent(w.principal);

      expect(await failure(() => grantBudget(client, { ...base, expiry: now }))).to.equal(
        `the budget's expiry ${isoTime(now)} is not after now (${isoTime(now)})`,
      );
      expect(await failure(() => grantBudget(client, { ...base, modelIds: [1n, 1n] }))).to.equal(
        "model 1 is listed twice",
      );
      expect(await failure(() => grantBudget(client, { ...base, amountPerPeriod: 0n }))).to.equal("ZeroBudgetAmount()");
      expect(await sent(w.principal)).to.equal(before);
      expect(await w.open.allowance(w.principal.address, w.addresses.budgets)).to.equal(0n);
    });
  });

  describe("settleFor", function () {
    it("settles under the budget: the principal pays, the agent and the context are named", async function () {
      const w = await world();
      await granted(w);
      const before = await w.open.balanceOf(w.principal.address);

      const s = await settleFor(w.as(w.wallet), {
        principal: w.principal.address,
        modelId: 1n,
        context: 7n,
        ...inference(),
      });

      expect(s.event.payer).to.equal(w.principal.address);
      expect(s.event.fee).to.equal(PRICE);
      expect(s.context).to.deep.include({ agent: w.wallet.address, context: 7n });
      expect(s.spentInPeriod).to.equal(PRICE);
      expect(await w.open.balanceOf(w.principal.address)).to.equal(before - PRICE);
      const b = await getBudget(w.as(w.stranger), { principal: w.principal.address, agent: w.wallet.address });
      expect(b.available).to.equal(PRICE);
    });

    it("refuses over budget in one line in OPEN with the period's end, and sends nothing", async function () {
      const w = await world();
      await granted(w);
      await settleFor(w.as(w.wallet), { principal: w.principal.address, modelId: 1n, ...inference() });
      const b = await getBudget(w.as(w.stranger), { principal: w.principal.address, agent: w.wallet.address });
      const before = await sent(w.wallet);

      const line = await failure(() =>
        settleFor(w.as(w.wallet), { principal: w.principal.address, modelId: 1n, units: 4n, ...inference() }),
      );

      expect(line).to.equal(`over budget: 4 OPEN asked, 1 OPEN left in this period (ends ${b.periodEndISO})`);
      expect(await sent(w.wallet)).to.equal(before);
    });

    it("refuses no budget, a model off the list, an expired budget and a short allowance", async function () {
      const w = await world();
      const agent = w.as(w.wallet);
      const principal = w.principal.address;

      expect(await failure(() => settleFor(agent, { principal, modelId: 1n, ...inference() }))).to.equal(
        `${principal} gave ${w.wallet.address} no spending budget`,
      );
      await granted(w, { allowance: 0n });
      expect(await failure(() => settleFor(agent, { principal, modelId: 2n, ...inference() }))).to.equal(
        "model 2 is not in the budget's models (1)",
      );
      expect(await failure(() => settleFor(agent, { principal, modelId: 1n, ...inference() }))).to.equal(
        `${principal} allows SpendingBudgets 0 OPEN, less than the 1 OPEN fee: the principal must approve more`,
      );
      const { expiryISO } = await getBudget(agent, { principal, agent: w.wallet.address });
      await networkHelpers.time.increase(3n * DAY);
      expect(await failure(() => settleFor(agent, { principal, modelId: 1n, ...inference() }))).to.equal(
        `the budget ${principal} gave ${w.wallet.address} expired at ${expiryISO}`,
      );
    });
  });

  describe("settleBatchFor", function () {
    it("settles a batch in one transaction under the budget, each inference naming the context", async function () {
      const w = await world();
      await granted(w);
      const before = await w.open.balanceOf(w.principal.address);

      const s = await settleBatchFor(w.as(w.wallet), {
        principal: w.principal.address,
        inferences: [
          { modelId: 1n, ...inference() },
          { modelId: 1n, ...inference() },
        ],
        context: 9n,
      });

      expect(s.total).to.equal(PRICE * 2n);
      expect(s.events.map((e) => e.payer)).to.deep.equal([w.principal.address, w.principal.address]);
      expect(s.contexts.map((c) => [c.agent, c.context])).to.deep.equal([
        [w.wallet.address, 9n],
        [w.wallet.address, 9n],
      ]);
      expect(s.spentInPeriod).to.equal(PRICE * 2n);
      expect(await w.open.balanceOf(w.principal.address)).to.equal(before - PRICE * 2n);
    });

    it("refuses a batch over what is left of the period, a model off the list and an empty batch, sending nothing", async function () {
      const w = await world();
      await granted(w);
      const agent = w.as(w.wallet);
      const principal = w.principal.address;
      const b = await getBudget(agent, { principal, agent: w.wallet.address });
      const before = await sent(w.wallet);
      const three = [inference(), inference(), inference()].map((i) => ({ modelId: 1n, ...i }));

      expect(await failure(() => settleBatchFor(agent, { principal, inferences: three }))).to.equal(
        `the batch of 3: over budget: 3 OPEN asked, 2 OPEN left in this period (ends ${b.periodEndISO})`,
      );
      expect(
        await failure(() => settleBatchFor(agent, { principal, inferences: [{ modelId: 2n, ...inference() }] })),
      ).to.equal("model 2 is not in the budget's models (1)");
      expect(await failure(() => settleBatchFor(agent, { principal, inferences: [] }))).to.equal(
        "a batch needs at least one inference",
      );
      expect(await sent(w.wallet)).to.equal(before);
    });
  });

  describe("traceJob", function () {
    it("traces a job tree to the inferences its agents settled for it, each split to the unit", async function () {
      const w = await world();
      await granted(w, { modelIds: [], amountPerPeriod: PRICE * 3n });
      const minStake = await w.agents.minStake();
      const agentA = (await registerAgent(w.as(w.operator), { uri: "ipfs://agent/a" })).agentId;
      const agentB = (await registerAgent(w.as(w.modelOwner), { uri: "ipfs://agent/b" })).agentId;
      await stakeAgent(w.as(w.operator), { agentId: agentA, amount: minStake });
      await stakeAgent(w.as(w.modelOwner), { agentId: agentB, amount: minStake });
      const now = BigInt(await networkHelpers.time.latest());
      const { jobId: root } = await createJob(w.as(w.principal), {
        providerAgentId: agentA,
        evaluator: w.principal.address,
        expiry: now + DAY,
        descriptionURI: "ipfs://job",
        amount: parseEther("10"),
      });
      const { childId } = await subcontract(w.as(w.operator), {
        parentId: root,
        providerAgentId: agentB,
        evaluator: w.operator.address,
        amount: PRICE * 4n,
        descriptionURI: "ipfs://child",
      });
      const principal = w.principal.address;
      const agent = w.as(w.wallet);
      await settleFor(agent, { principal, modelId: 1n, context: childId, ...inference() });
      await settleFor(agent, { principal, modelId: 2n, context: childId + 100n, ...inference() });
      await settleFor(agent, { principal, modelId: 2n, context: root, ...inference() });

      const trace = await traceJob(w.as(w.stranger), { jobId: root });

      expect(trace.jobs.map((j) => j.jobId)).to.deep.equal([root, childId]);
      expect(trace.inferences.map((i) => [i.jobId, i.modelId, i.fee])).to.deep.equal([
        [childId, 1n, PRICE],
        [root, 2n, PRICE],
      ]);
      for (const i of trace.inferences) {
        expect(i).to.deep.include({ agent: w.wallet.address, principal });
        const parts = [i.protocol, i.stakers, ...i.models.map((m) => m.amount), ...i.datanets.map((d) => d.amount)];
        expect(parts.reduce((a, b) => a + b, 0n)).to.equal(i.fee);
        expect(i.models[0].id).to.equal(i.modelId);
        expect(i.datanets.map((d) => d.id)).to.deep.equal([1n]);
      }
    });

    it("refuses an unknown job as the escrow's error", async function () {
      const w = await world();
      expect(await failure(() => traceJob(w.as(w.stranger), { jobId: 42n }))).to.equal("UnknownJob(jobId=42)");
    });
  });

  describe("lowerBudget and revokeBudget", function () {
    it("lower the amount per period, then revoke the budget", async function () {
      const w = await world();
      await granted(w);

      const lowered = await lowerBudget(w.as(w.principal), { agent: w.wallet.address, amountPerPeriod: PRICE });
      expect(lowered.previous).to.equal(PRICE * 2n);
      expect(await w.budgets.available(w.principal.address, w.wallet.address)).to.equal(PRICE);

      const revoked = await revokeBudget(w.as(w.principal), { agent: w.wallet.address });
      expect(revoked.event).to.deep.equal({ principal: w.principal.address, agent: w.wallet.address });
      expect((await w.budgets.budget(w.principal.address, w.wallet.address)).expiry).to.equal(0n);
    });

    it("refuse no budget and an amount not lower, and send nothing", async function () {
      const w = await world();
      const client = w.as(w.principal);
      const none = `${w.principal.address} gave ${w.wallet.address} no spending budget`;

      expect(await failure(() => revokeBudget(client, { agent: w.wallet.address }))).to.equal(none);
      expect(await failure(() => lowerBudget(client, { agent: w.wallet.address, amountPerPeriod: 0n }))).to.equal(none);
      await granted(w);
      const before = await sent(w.principal);
      expect(
        await failure(() => lowerBudget(client, { agent: w.wallet.address, amountPerPeriod: PRICE * 2n })),
      ).to.equal("2 OPEN per period is not below the budget's 2 OPEN");
      expect(await sent(w.principal)).to.equal(before);
    });
  });
});
