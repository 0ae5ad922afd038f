/// The SDK's job and feedback actions, on a suite deployed by the Hardhat network fixture: jobs created and funded
/// (approving JobEscrow only when the allowance is short, or under a principal's budget), the tree of child jobs,
/// submission, completion, rejection, refund and withdrawals, and feedback on the jobs with responses and summaries;
/// each refusal in one line that sends nothing.
import { expect } from "chai";
import { id, parseEther } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  attach,
  CONTRACT_KEYS,
  completeJob,
  createJob,
  decodeError,
  formatOpen,
  fundJob,
  getFeedbackSummary,
  getJob,
  giveFeedback,
  grantBudget,
  isoTime,
  refundJob,
  registerAgent,
  rejectJob,
  respondToFeedback,
  stakeAgent,
  subcontract,
  submitJob,
  withdrawJobFunds,
} from "../../package/src/index.js";
import type { Addresses, Client, Progress } from "../../package/src/index.js";
import { loadSuite } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";

const connection = await network.create();
const { networkHelpers, ethers } = connection;

const DAY = 86_400n;
const TEN = parseEther("10");
/// The least job value of the in-process network's parameters.
const ONE = parseEther("1");

interface World extends Suite {
  addresses: Addresses;
  buyer: HardhatEthersSigner;
  providerOwner: HardhatEthersSigner;
  subOwner: HardhatEthersSigner;
  evaluator: HardhatEthersSigner;
  principal: HardhatEthersSigner;
  other: HardhatEthersSigner;
  /// Agent A (the provider owner's) and agent B (the subcontractor's), both staked to take jobs.
  agentA: bigint;
  agentB: bigint;
  as: (signer: HardhatEthersSigner) => Client;
}

async function jobWorld(): Promise<World> {
  const s = await loadSuite(connection);
  const [buyer, providerOwner, subOwner, evaluator, principal, other] = s.users;
  const entries = await Promise.all(CONTRACT_KEYS.map(async (key) => [key, await s[key].getAddress()] as const));
  const addresses = Object.fromEntries(entries) as unknown as Addresses;
  const as = (signer: HardhatEthersSigner): Client => attach(signer, addresses, 31337n);
  const minStake = await s.agents.minStake();
  const agentA = (await registerAgent(as(providerOwner), { uri: "ipfs://agent/a" })).agentId;
  const agentB = (await registerAgent(as(subOwner), { uri: "ipfs://agent/b" })).agentId;
  await stakeAgent(as(providerOwner), { agentId: agentA, amount: minStake });
  await stakeAgent(as(subOwner), { agentId: agentB, amount: minStake });
  return { ...s, addresses, buyer, providerOwner, subOwner, evaluator, principal, other, agentA, agentB, as };
}

const world = async (): Promise<World> => networkHelpers.loadFixture(jobWorld);

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

async function now(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest());
}

/// A funded root job of the buyer for agent A, evaluated by the evaluator, expiring in a week.
async function rootJob(w: World, amount = TEN): Promise<bigint> {
  const expiry = (await now()) + 7n * DAY;
  const params = { providerAgentId: w.agentA, evaluator: w.evaluator.address, expiry, descriptionURI: "ipfs://job" };
  return (await createJob(w.as(w.buyer), { ...params, amount })).jobId;
}

describe("job actions", function () {
  describe("createJob, fundJob and getJob", function () {
    it("approves JobEscrow only when the allowance is short, and says so", async function () {
      const w = await world();
      const steps: string[] = [];
      const onProgress = (p: Progress): void => {
        steps.push(p.message);
      };
      const expiry = (await now()) + DAY;
      const params = { providerAgentId: w.agentA, evaluator: w.evaluator.address, expiry, descriptionURI: "ipfs://j" };

      const first = await createJob(w.as(w.buyer), { ...params, amount: TEN, onProgress });
      await w.open.connect(w.buyer).approve(w.addresses.jobs, TEN);
      const second = await createJob(w.as(w.buyer), { ...params, amount: TEN });
      const j = await getJob(w.as(w.other), { jobId: first.jobId });

      expect(first.approval).to.match(/^0x[0-9a-f]{64}$/);
      expect(steps[0]).to.equal("approving JobEscrow for 10 OPEN");
      expect(second.approval).to.equal(undefined);
      expect(second.jobId).to.equal(first.jobId + 1n);
      expect(first.funded).to.deep.include({ client: w.buyer.address, spender: w.buyer.address, amount: TEN });
      expect(j).to.deep.include({
        jobId: first.jobId,
        client: w.buyer.address,
        providerAgentId: w.agentA,
        status: "Funded",
        escrow: TEN,
        remaining: TEN,
        depth: 0n,
        expiry,
        expiryISO: isoTime(expiry),
        submittedAtISO: null,
        children: [],
      });
    });

    it("funds an Open job, and refuses an agent that cannot take jobs, a past expiry and a stranger's funding", async function () {
      const w = await world();
      const expiry = (await now()) + DAY;
      await w.jobs.connect(w.buyer).createJob(w.agentA, w.evaluator.address, expiry, "ipfs://open");
      const jobId = await w.jobs.jobCount();
      const unstaked = (await registerAgent(w.as(w.other), { uri: "ipfs://agent/c" })).agentId;
      const before = await sent(w.buyer);

      const cannot = await failure(() =>
        createJob(w.as(w.buyer), {
          providerAgentId: unstaked,
          evaluator: w.evaluator.address,
          expiry,
          descriptionURI: "x",
          amount: TEN,
        }),
      );
      const past = await failure(() =>
        createJob(w.as(w.buyer), {
          providerAgentId: w.agentA,
          evaluator: w.evaluator.address,
          expiry: 1n,
          descriptionURI: "x",
          amount: TEN,
        }),
      );
      const stranger = await failure(() => fundJob(w.as(w.other), { jobId, amount: TEN }));

      expect(cannot).to.equal(
        `agent ${unstaked} cannot take jobs: 0 OPEN staked, ${formatOpen(await w.agents.minStake())} ` +
          "needed (or a slash of it is pending)",
      );
      expect(past).to.match(/^the job's expiry 1970-01-01T00:00:01Z is not after now \(\d{4}-.*Z\)$/);
      expect(stranger).to.equal(
        `only the client of job ${jobId} (${w.buyer.address}) may fund it, not ${w.other.address}`,
      );
      expect(await sent(w.buyer)).to.equal(before);

      const funded = await fundJob(w.as(w.buyer), { jobId, amount: TEN });
      expect(funded.event.amount).to.equal(TEN);
      expect((await getJob(w.as(w.buyer), { jobId })).status).to.equal("Funded");
      expect(await failure(() => fundJob(w.as(w.buyer), { jobId, amount: TEN }))).to.equal(
        `job ${jobId} is Funded, not Open: it cannot be funded`,
      );
    });

    it("creates a job under a principal's budget: the principal is the client, the wallet the spender", async function () {
      const w = await world();
      const expiry = (await now()) + 30n * DAY;
      await grantBudget(w.as(w.principal), { agent: w.other.address, amountPerPeriod: TEN, period: DAY, expiry });
      const params = {
        providerAgentId: w.agentA,
        evaluator: w.evaluator.address,
        expiry: (await now()) + DAY,
        descriptionURI: "ipfs://budget",
        principal: w.principal.address,
      };
      const before = await w.open.balanceOf(w.principal.address);

      const r = await createJob(w.as(w.other), { ...params, amount: parseEther("4") });
      const over = await failure(() => createJob(w.as(w.other), { ...params, amount: parseEther("7") }));

      expect(r.funded).to.deep.include({ client: w.principal.address, spender: w.other.address });
      expect(await w.open.balanceOf(w.principal.address)).to.equal(before - parseEther("4"));
      expect(over).to.match(/^over budget: 7 OPEN asked, 6 OPEN left in this period \(ends \d{4}-.*Z\)$/);
    });

    it("refuses a job below the least job value, and an agent wallet funding its own agent from a budget", async function () {
      const w = await world();
      const expiry = (await now()) + DAY;
      await grantBudget(w.as(w.principal), {
        agent: w.providerOwner.address,
        amountPerPeriod: TEN,
        period: DAY,
        expiry: expiry + 30n * DAY,
      });
      await w.jobs.connect(w.buyer).createJob(w.agentA, w.evaluator.address, expiry, "ipfs://open");
      const openJob = await w.jobs.jobCount();
      const params = { providerAgentId: w.agentA, evaluator: w.evaluator.address, expiry, descriptionURI: "x" };
      const before = [await sent(w.buyer), await sent(w.providerOwner)];

      const tiny = await failure(() => createJob(w.as(w.buyer), { ...params, amount: ONE - 1n }));
      const tinyFund = await failure(() => fundJob(w.as(w.buyer), { jobId: openJob, amount: 0n }));
      const self = await failure(() =>
        createJob(w.as(w.providerOwner), { ...params, amount: TEN, principal: w.principal.address }),
      );

      expect(tiny).to.equal(
        "the job's amount, 0.999999999999999999 OPEN, is below the least a job may escrow (1 OPEN)",
      );
      expect(tinyFund).to.equal("the amount to fund, 0 OPEN, is below the least a job may escrow (1 OPEN)");
      expect(self).to.equal(
        `${w.providerOwner.address} acts for agent ${w.agentA}: it may not fund a job for its own agent from ` +
          `${w.principal.address}'s budget`,
      );
      expect([await sent(w.buyer), await sent(w.providerOwner)]).to.deep.equal(before);
    });
  });

  describe("subcontract and the tree of child jobs", function () {
    it("subcontracts out of the remaining escrow and reads the tree back", async function () {
      const w = await world();
      const rootId = await rootJob(w);

      const child = await subcontract(w.as(w.providerOwner), {
        parentId: rootId,
        providerAgentId: w.agentB,
        evaluator: w.providerOwner.address,
        amount: parseEther("4"),
        descriptionURI: "ipfs://child",
      });
      const grandchild = await subcontract(w.as(w.subOwner), {
        parentId: child.childId,
        providerAgentId: w.agentA,
        evaluator: w.subOwner.address,
        amount: parseEther("1"),
        descriptionURI: "ipfs://grandchild",
      });
      const tree = await getJob(w.as(w.other), { jobId: rootId });

      expect(tree.remaining).to.equal(parseEther("6"));
      expect(tree.childrenTaken).to.equal(parseEther("4"));
      expect(tree.children.map((c) => c.jobId)).to.deep.equal([child.childId]);
      expect(tree.children[0]).to.deep.include({
        parentId: rootId,
        depth: 1n,
        status: "Funded",
        remaining: parseEther("3"),
      });
      expect(tree.children[0].children.map((c) => [c.jobId, c.depth])).to.deep.equal([[grandchild.childId, 2n]]);
      expect(tree.children[0].expiry).to.equal(tree.expiry);
    });

    it("refuses a child above what is left, a job too deep, and a caller not the provider, sending nothing", async function () {
      const w = await world();
      const rootId = await rootJob(w);
      const base = { evaluator: w.evaluator.address, descriptionURI: "ipfs://c" };
      const before = await sent(w.providerOwner);

      const above = await failure(() =>
        subcontract(w.as(w.providerOwner), {
          ...base,
          parentId: rootId,
          providerAgentId: w.agentB,
          amount: parseEther("11"),
        }),
      );
      const notProvider = await failure(() =>
        subcontract(w.as(w.other), { ...base, parentId: rootId, providerAgentId: w.agentB, amount: ONE }),
      );
      const tiny = await failure(() =>
        subcontract(w.as(w.providerOwner), { ...base, parentId: rootId, providerAgentId: w.agentB, amount: 1n }),
      );
      expect(above).to.equal(`job ${rootId} has 10 OPEN left of its escrow, less than the 11 OPEN asked for the child`);
      expect(tiny).to.equal(
        "the child job's amount, 0.000000000000000001 OPEN, is below the least a job may escrow (1 OPEN)",
      );
      expect(notProvider).to.equal(
        `${w.other.address} does not act for agent ${w.agentA}, the provider of job ${rootId}`,
      );
      expect(await sent(w.providerOwner)).to.equal(before);

      // A chain down to the deepest level, alternating the two agents.
      const maxDepth = await w.jobs.MAX_DEPTH();
      let parentId = rootId;
      for (let depth = 1n; depth <= maxDepth; depth++) {
        const [signer, agent] = depth % 2n === 1n ? [w.providerOwner, w.agentB] : [w.subOwner, w.agentA];
        parentId = (await subcontract(w.as(signer), { ...base, parentId, providerAgentId: agent, amount: ONE }))
          .childId;
      }
      const deepest = maxDepth % 2n === 1n ? w.subOwner : w.providerOwner;
      const deep = await failure(() =>
        subcontract(w.as(deepest), { ...base, parentId, providerAgentId: w.agentB, amount: ONE }),
      );
      expect(deep).to.equal(
        `job ${parentId} sits at depth ${maxDepth}: a child would sit at ${maxDepth + 1n}, below the deepest allowed ` +
          `(${maxDepth})`,
      );
    });
  });

  describe("submitJob, completeJob, rejectJob, refundJob and withdrawJobFunds", function () {
    it("submits as the provider, completes as the evaluator, and the agent withdraws its earnings", async function () {
      const w = await world();
      const jobId = await rootJob(w);
      const before = await sent(w.other);

      const notProvider = await failure(() =>
        submitJob(w.as(w.other), { jobId, deliverable: id("out"), deliverableURI: "ipfs://out" }),
      );
      const early = await failure(() => completeJob(w.as(w.other), { jobId }));
      expect(notProvider).to.equal(
        `only the provider of job ${jobId} (agent ${w.agentA}'s wallet, owner or operator) may submit it, not ` +
          w.other.address,
      );
      expect(early).to.equal(`job ${jobId} is Funded, not Submitted: it cannot be completed`);
      expect(await sent(w.other)).to.equal(before);

      const submitted = await submitJob(w.as(w.providerOwner), { jobId, deliverable: id("out"), deliverableURI: "u" });
      const notEvaluator = await failure(() => completeJob(w.as(w.other), { jobId }));
      const completed = await completeJob(w.as(w.evaluator), { jobId, reason: id("good") });
      const twice = await failure(() => completeJob(w.as(w.evaluator), { jobId }));
      const j = await getJob(w.as(w.other), { jobId });
      const fee = (TEN * (await w.jobs.feeBps())) / 10_000n;

      expect(submitted.event.deliverable).to.equal(id("out"));
      expect(notEvaluator).to.match(
        new RegExp(
          `^only the evaluator of job ${jobId} \\(${w.evaluator.address}\\) may complete it before its evaluation window ends at \\d{4}-.*Z$`,
        ),
      );
      expect(completed.event).to.deep.include({ jobId, completer: w.evaluator.address, reason: id("good") });
      expect(twice).to.equal(`job ${jobId} is Completed, not Submitted: it cannot be completed`);
      expect(j).to.deep.include({ status: "Completed", payout: TEN - fee, fee, paid: TEN, remaining: 0n });

      const balance = await w.open.balanceOf(w.providerOwner.address);
      const withdrawn = await withdrawJobFunds(w.as(w.providerOwner), { agentId: w.agentA });
      expect(withdrawn.amount).to.equal(TEN - fee);
      expect(await w.open.balanceOf(w.providerOwner.address)).to.equal(balance + TEN - fee);
      expect(await failure(() => withdrawJobFunds(w.as(w.providerOwner), { agentId: w.agentA }))).to.equal(
        `agent ${w.agentA} has no job earnings to withdraw`,
      );
    });

    it("rejects as the evaluator, refunds only once expired, and the client withdraws its refunds", async function () {
      const w = await world();
      const rejected = await rootJob(w);
      const expiring = await rootJob(w);

      const byOther = await failure(() => rejectJob(w.as(w.other), { jobId: rejected }));
      const r = await rejectJob(w.as(w.evaluator), { jobId: rejected, reason: id("late") });
      const j = await getJob(w.as(w.other), { jobId: expiring });
      const early = await failure(() => refundJob(w.as(w.other), { jobId: expiring }));
      await networkHelpers.time.increaseTo(j.expiry);
      const refunded = await refundJob(w.as(w.other), { jobId: expiring });
      const again = await failure(() => refundJob(w.as(w.other), { jobId: expiring }));

      expect(byOther).to.equal(
        `only the evaluator of job ${rejected} (${w.evaluator.address}) may reject it now, not ${w.other.address}`,
      );
      expect(r.event.rejector).to.equal(w.evaluator.address);
      expect(early).to.match(
        new RegExp(`^job ${expiring} expires at ${j.expiryISO}: it can be refunded from then on, not now \\(.*Z\\)$`),
      );
      expect(refunded.event.jobId).to.equal(expiring);
      expect(again).to.equal(`job ${expiring} is Refunded, not Open or Funded: it cannot be refunded`);

      const out = await withdrawJobFunds(w.as(w.buyer), {});
      expect(out.amount).to.equal(2n * TEN);
      expect(await failure(() => withdrawJobFunds(w.as(w.buyer), {}))).to.equal(
        `${w.buyer.address} has no job refunds to withdraw`,
      );
    });
  });
});

describe("feedback actions", function () {
  async function finished(w: World): Promise<bigint> {
    const jobId = await rootJob(w);
    await submitJob(w.as(w.providerOwner), { jobId, deliverable: id("d"), deliverableURI: "" });
    await completeJob(w.as(w.evaluator), { jobId });
    return jobId;
  }

  it("rates the latest job, refuses a second rating and a stranger, responds, and summarises", async function () {
    const w = await world();
    const jobId = await finished(w);
    const before = await sent(w.other);

    const stranger = await failure(() => giveFeedback(w.as(w.other), { agentId: w.agentA, value: 90n }));
    const notClient = await failure(() => giveFeedback(w.as(w.other), { jobId, value: 90n }));
    const unfinished = await rootJob(w);
    const early = await failure(() => giveFeedback(w.as(w.buyer), { jobId: unfinished, value: 1n }));
    expect(stranger).to.equal(`${w.other.address} has no completed or rejected job with agent ${w.agentA} to rate`);
    expect(notClient).to.equal(
      `only the client of job ${jobId} (${w.buyer.address}) may rate it, not ${w.other.address}`,
    );
    expect(early).to.equal(`job ${unfinished} is Funded, not Completed or Rejected: it cannot be rated yet`);
    expect(await sent(w.other)).to.equal(before);

    const given = await giveFeedback(w.as(w.buyer), { agentId: w.agentA, value: 90n, tag1: "quality" });
    const twice = await failure(() => giveFeedback(w.as(w.buyer), { agentId: w.agentA, value: 1n }));
    const twiceByJob = await failure(() => giveFeedback(w.as(w.buyer), { jobId, value: 1n }));
    expect(given).to.deep.include({ agentId: w.agentA, jobId, weight: TEN });
    expect(given.event).to.deep.include({ feedbackIndex: 1n, value: 90n, tag1: "quality" });
    expect(twice).to.equal(`${w.buyer.address} already rated job ${jobId}, its latest with agent ${w.agentA}`);
    expect(twiceByJob).to.equal(`${w.buyer.address} already rated job ${jobId}`);

    const response = await respondToFeedback(w.as(w.providerOwner), {
      agentId: w.agentA,
      clientAddress: w.buyer.address,
      feedbackIndex: 1n,
      responseURI: "ipfs://thanks",
    });
    const missing = await failure(() =>
      respondToFeedback(w.as(w.providerOwner), {
        agentId: w.agentA,
        clientAddress: w.buyer.address,
        feedbackIndex: 2n,
        responseURI: "ipfs://x",
      }),
    );
    expect(response.event.responder).to.equal(w.providerOwner.address);
    expect(missing).to.equal(`${w.buyer.address} gave agent ${w.agentA} no feedback 2 (it gave 1)`);

    const tagged = await getFeedbackSummary(w.as(w.other), { agentId: w.agentA, tag1: "quality" });
    const overClients = await getFeedbackSummary(w.as(w.other), { agentId: w.agentA, clients: [w.buyer.address] });
    expect(tagged).to.deep.include({ count: 1n, average: parseEther("90"), totalWeight: TEN, decimals: 18 });
    expect(tagged.allClients).to.deep.equal([w.buyer.address]);
    expect(overClients).to.deep.include({
      count: 1n,
      average: parseEther("90"),
      sum: null,
      clients: [w.buyer.address],
    });

    // A job rejected before its submission, with no child: all of its escrow came back, nothing was paid.
    await rejectJob(w.as(w.evaluator), { jobId: unfinished });
    const unpaid = await failure(() => giveFeedback(w.as(w.buyer), { jobId: unfinished, value: 1n }));
    const unpaidLatest = await failure(() => giveFeedback(w.as(w.buyer), { agentId: w.agentA, value: 1n }));
    expect(unpaid).to.equal(
      `job ${unfinished} was rejected with nothing paid (all of its escrow came back): it cannot be rated`,
    );
    expect(unpaidLatest).to.equal(`${unpaid} (the latest with agent ${w.agentA})`);
  });

  it("rates a child job by job id, as its client (the parent provider's wallet)", async function () {
    const w = await world();
    const rootId = await rootJob(w);
    const { childId } = await subcontract(w.as(w.providerOwner), {
      parentId: rootId,
      providerAgentId: w.agentB,
      evaluator: w.evaluator.address,
      amount: parseEther("2"),
      descriptionURI: "ipfs://child",
    });
    await submitJob(w.as(w.subOwner), { jobId: childId, deliverable: id("c"), deliverableURI: "" });
    await completeJob(w.as(w.evaluator), { jobId: childId });

    const given = await giveFeedback(w.as(w.providerOwner), { jobId: childId, value: 5n, valueDecimals: 1 });

    expect(given).to.deep.include({ agentId: w.agentB, jobId: childId, weight: parseEther("2") });
    const s = await getFeedbackSummary(w.as(w.other), { agentId: w.agentB });
    expect(s).to.deep.include({ count: 1n, average: parseEther("0.5") });
  });
});
