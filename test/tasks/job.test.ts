/// The job tasks, run in this process against the in-process suite: each task's happy path and its --json shape, and
/// each bad input's one-line message with the state unchanged. Account 28 is the client (and the root jobs'
/// evaluator), account 29 owns the provider agent; the subcontractor's agent is owned by a fresh wallet.
import { expect } from "chai";
import { id, parseEther } from "ethers";
import { submitJob } from "../../package/src/index.js";
import type { Client } from "../../package/src/index.js";
import { runJson, runTask } from "../fixtures/tasks.js";
import { buyer, freshWallet, fundAccounts, provider, providerClient, stakedAgent, suite } from "./jobs-world.js";

interface Created {
  job: string;
  client: string;
  spender: string;
  agent: string;
  evaluator: string;
  amount: string;
  expiry: string;
  approval: string | null;
  tx: string;
}

describe("job tasks", function () {
  let agentA: bigint;
  let agentB: bigint;
  let subClient: Client;

  before(async function () {
    await fundAccounts();
    agentA = await stakedAgent(providerClient(), "ipfs://agent/job-a");
    const sub = await freshWallet();
    subClient = sub.client;
    agentB = await stakedAgent(subClient, "ipfs://agent/job-b");
  });

  async function create(amount = "10", expiry = "7d"): Promise<Created> {
    return runJson<Created>("job:create", {
      agent: agentA.toString(),
      amount,
      expiry,
      description: "ipfs://job",
      from: 28,
    });
  }

  describe("job:create and job:fund", function () {
    it("creates and funds a job, approving JobEscrow exactly when short (--json)", async function () {
      await (await suite.open.connect(buyer).approve(suite.addresses.jobs, 0n)).wait();

      const r = await create();
      await (await suite.open.connect(buyer).approve(suite.addresses.jobs, parseEther("10"))).wait();
      const again = await create();

      expect(Object.keys(r)).to.deep.equal([
        "job",
        "client",
        "spender",
        "agent",
        "evaluator",
        "amount",
        "expiry",
        "approval",
        "tx",
      ]);
      expect(r).to.deep.include({
        client: buyer.address,
        spender: buyer.address,
        agent: agentA.toString(),
        evaluator: buyer.address,
        amount: parseEther("10").toString(),
      });
      expect(r.approval).to.match(/^0x[0-9a-f]{64}$/);
      expect(again.approval).to.equal(null);
      expect(BigInt(again.job)).to.equal(BigInt(r.job) + 1n);
      expect((await suite.jobs.job(BigInt(r.job))).status).to.equal(2n);
    });

    it("says so on stderr when it approves, and prints aligned lines", async function () {
      await (await suite.open.connect(buyer).approve(suite.addresses.jobs, 0n)).wait();

      const out = await runTask("job:create", {
        agent: agentA.toString(),
        amount: "2.5",
        expiry: "1d",
        description: "ipfs://job",
        from: 28,
      });

      expect(out.exitCode).to.equal(undefined);
      expect(out.stderr).to.contain("approving JobEscrow for 2.5 OPEN…\n");
      expect(out.stdout).to.match(/^job: {7}\d+\nclient: {4}0x[0-9a-fA-F]{40}\n/);
      expect(out.stdout).to.match(
        /\namount: {4}2\.5 OPEN\nexpiry: {4}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\napproval: {2}0x/,
      );
    });

    it("refuses missing options, a bad expiry and an agent that cannot take jobs, creating nothing", async function () {
      const unstaked = (await runJson<{ agent: string }>("agent:register", { uri: "ipfs://x", from: 29 })).agent;
      const count = await suite.jobs.jobCount();
      const base = { agent: agentA.toString(), amount: "1", expiry: "1d", description: "ipfs://j", from: 28 };

      const noAgent = await runTask("job:create", { ...base, agent: undefined });
      const noAmount = await runTask("job:create", { ...base, amount: undefined });
      const badExpiry = await runTask("job:create", { ...base, expiry: "soon" });
      const cannot = await runTask("job:create", { ...base, agent: unstaked });

      expect(noAgent.stderr).to.equal("error: --agent is required (a positive id)\n");
      expect(noAmount.stderr).to.equal("error: --amount is required\n");
      expect(badExpiry.stderr).to.equal(
        'error: --expiry "soon" must be a duration such as 30d or 12h, or an ISO date such as 2027-01-01T00:00:00Z\n',
      );
      const minStake = await suite.agents.minStake();
      expect(cannot.stderr).to.equal(
        `error: agent ${unstaked} cannot take jobs: 0 OPEN staked, ${(minStake / 10n ** 18n).toString()} OPEN needed ` +
          "(or a slash of it is pending)\n",
      );
      expect(await suite.jobs.jobCount()).to.equal(count);
    });

    it("funds an Open job once (--json), and refuses a second funding", async function () {
      const expiry = BigInt(await suite.connection.networkHelpers.time.latest()) + 86_400n;
      await (await suite.jobs.connect(buyer).createJob(agentA, buyer.address, expiry, "ipfs://open")).wait();
      const jobId = (await suite.jobs.jobCount()).toString();

      const r = await runJson<Record<string, unknown>>("job:fund", { job: jobId, amount: "3", from: 28 });
      const twice = await runTask("job:fund", { job: jobId, amount: "3", from: 28 });

      expect(Object.keys(r)).to.deep.equal(["job", "client", "amount", "approval", "tx"]);
      expect(r).to.deep.include({ job: jobId, client: buyer.address, amount: parseEther("3").toString() });
      expect(twice.stderr).to.equal(`error: job ${jobId} is Funded, not Open: it cannot be funded\n`);
      expect((await suite.jobs.job(BigInt(jobId))).escrow).to.equal(parseEther("3"));
    });
  });

  describe("job:subcontract and job:show", function () {
    it("subcontracts and shows the tree of child jobs, indented (--json and lines)", async function () {
      const root = (await create("10")).job;

      const child = await runJson<Record<string, string>>("job:subcontract", {
        job: root,
        agent: agentB.toString(),
        amount: "4",
        description: "ipfs://child",
        from: 29,
      });
      const shown = await runJson<{ job: string; status: string; children: Array<Record<string, unknown>> }>(
        "job:show",
        { job: root },
      );
      const out = await runTask("job:show", { job: root });

      expect(Object.keys(child)).to.deep.equal([
        "job",
        "parent",
        "agent",
        "evaluator",
        "amount",
        "expiry",
        "parentRemaining",
        "tx",
      ]);
      expect(child).to.deep.include({
        parent: root,
        evaluator: provider.address,
        parentRemaining: parseEther("6").toString(),
      });
      expect(shown).to.deep.include({ job: root, status: "Funded", remaining: parseEther("6").toString() });
      expect(shown.children.map((c) => c.job)).to.deep.equal([child.job]);
      expect(shown.children[0]).to.deep.include({ parentId: root, depth: "1", status: "Funded", children: [] });
      expect(out.stdout).to.match(/\nremaining: +6 OPEN\n/);
      expect(out.stdout).to.contain(
        `tree:\n  #${root} Funded: agent ${agentA}, 10 OPEN escrow, 4 OPEN to children, 6 OPEN left, expires `,
      );
      expect(out.stdout).to.match(
        new RegExp(`\\n  └─ #${child.job} Funded: agent ${agentB}, 4 OPEN escrow, 4 OPEN left, expires \\S+Z\\n$`),
      );
    });

    it("refuses a child above what is left and a caller not the provider, creating nothing", async function () {
      const root = (await create("5")).job;
      const count = await suite.jobs.jobCount();
      const base = { job: root, agent: agentB.toString(), description: "ipfs://c" };

      const above = await runTask("job:subcontract", { ...base, amount: "6", from: 29 });
      const notProvider = await runTask("job:subcontract", { ...base, amount: "1", from: 28 });
      const unknown = await runTask("job:show", { job: "999999" });

      expect(above.stderr).to.equal(
        `error: job ${root} has 5 OPEN left of its escrow, less than the 6 OPEN asked for the child\n`,
      );
      expect(notProvider.stderr).to.equal(
        `error: ${buyer.address} does not act for agent ${agentA}, the provider of job ${root}\n`,
      );
      expect(unknown.stderr).to.match(/^error: UnknownJob\(.*999999\)/);
      expect(await suite.jobs.jobCount()).to.equal(count);
    });
  });

  describe("job:submit, job:complete, job:reject, job:refund", function () {
    it("submits as the provider and completes as the evaluator (--json), refusing the wrong caller and twice", async function () {
      const jobId = (await create("10")).job;

      const byClient = await runTask("job:submit", { job: jobId, deliverable: "report v1", from: 28 });
      const submitted = await runJson<Record<string, unknown>>("job:submit", {
        job: jobId,
        deliverable: "report v1",
        uri: "ipfs://report",
        from: 29,
      });
      const completed = await runJson<Record<string, unknown>>("job:complete", { job: jobId, reason: "ok", from: 28 });
      const twice = await runTask("job:complete", { job: jobId, from: 28 });
      const fee = (parseEther("10") * (await suite.jobs.feeBps())) / 10_000n;

      expect(byClient.stderr).to.equal(
        `error: only the provider of job ${jobId} (agent ${agentA}'s wallet, owner or operator) may submit it, not ` +
          `${buyer.address}\n`,
      );
      expect(Object.keys(submitted)).to.deep.equal(["job", "agent", "deliverable", "uri", "evaluationEndsAt", "tx"]);
      expect(submitted).to.deep.include({ agent: agentA.toString(), deliverable: id("report v1") });
      expect(Object.keys(completed)).to.deep.equal(["job", "status", "by", "payout", "fee", "reason", "tx"]);
      expect(completed).to.deep.include({
        status: "Completed",
        by: buyer.address,
        payout: (parseEther("10") - fee).toString(),
        reason: id("ok"),
      });
      expect(twice.stderr).to.equal(`error: job ${jobId} is Completed, not Submitted: it cannot be completed\n`);
    });

    it("completes and rejects child jobs as their evaluator, the parent provider", async function () {
      const root = (await create("10")).job;
      const base = { job: root, agent: agentB.toString(), description: "ipfs://c", from: 29 };
      const done = (await runJson<{ job: string }>("job:subcontract", { ...base, amount: "3" })).job;
      const dropped = (await runJson<{ job: string }>("job:subcontract", { ...base, amount: "2" })).job;
      await submitJob(subClient, { jobId: BigInt(done), deliverable: id("part"), deliverableURI: "" });

      const completed = await runJson<{ status: string }>("job:complete", { job: done, from: 29 });
      const rejected = await runJson<{ status: string }>("job:reject", { job: dropped, reason: "late", from: 29 });
      const out = await runTask("job:show", { job: root });

      expect(completed.status).to.equal("Completed");
      expect(rejected.status).to.equal("Rejected");
      expect(out.stdout).to.contain(`\n  └─ #${dropped} Rejected: agent ${agentB}, 2 OPEN escrow, paid out 2 OPEN\n`);
      expect(out.stdout).to.match(new RegExp(`\\n  └─ #${done} Completed: agent ${agentB}, 3 OPEN escrow, paid out `));
      expect(out.stdout).to.contain(
        `#${root} Funded: agent ${agentA}, 10 OPEN escrow, 3 OPEN to children, 7 OPEN left`,
      );
    });

    it("rejects as the evaluator, refusing a caller who is not", async function () {
      const jobId = (await create("1")).job;

      const byProvider = await runTask("job:reject", { job: jobId, from: 29 });
      const r = await runJson<{ status: string; by: string; payout: string }>("job:reject", { job: jobId, from: 28 });

      expect(byProvider.stderr).to.equal(
        `error: only the evaluator of job ${jobId} (${buyer.address}) may reject it now, not ${provider.address}\n`,
      );
      expect(r).to.deep.include({ status: "Rejected", by: buyer.address, payout: parseEther("1").toString() });
    });

    it("refuses a refund before the expiry, then refunds (--json)", async function () {
      const jobId = (await create("1", "1h")).job;
      const expiry = (await suite.jobs.job(BigInt(jobId))).expiry;

      const early = await runTask("job:refund", { job: jobId, from: 29 });
      expect(early.stderr).to.match(
        new RegExp(`^error: job ${jobId} expires at \\S+Z: it can be refunded from then on, not now \\(\\S+Z\\)\\n$`),
      );
      expect((await suite.jobs.job(BigInt(jobId))).status).to.equal(2n);

      await suite.connection.networkHelpers.time.increaseTo(expiry);
      const r = await runJson<Record<string, unknown>>("job:refund", { job: jobId, from: 29 });

      expect(Object.keys(r)).to.deep.equal(["job", "status", "returned", "to", "tx"]);
      expect(r).to.deep.include({ status: "Refunded", returned: parseEther("1").toString(), to: buyer.address });
    });
  });
});
