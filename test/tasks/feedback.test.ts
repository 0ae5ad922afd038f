/// The feedback tasks, run in this process against the in-process suite: each task's happy path and its --json shape,
/// and each bad input's one-line message with the state unchanged. Account 28 is the client, account 29 owns the
/// agent rated (and may therefore not rate it).
import { expect } from "chai";
import { parseEther } from "ethers";
import { runJson, runTask } from "../fixtures/tasks.js";
import { buyer, fundAccounts, provider, providerClient, stakedAgent, suite } from "./jobs-world.js";

describe("feedback tasks", function () {
  let agentId: string;
  let jobId: string;

  /// A job of account 28 for the agent, submitted and completed.
  async function finishedJob(amount: string): Promise<string> {
    const created = await runJson<{ job: string }>("job:create", {
      agent: agentId,
      amount,
      expiry: "7d",
      description: "ipfs://job/rated",
      from: 28,
    });
    await runJson("job:submit", { job: created.job, deliverable: "work", from: 29 });
    await runJson("job:complete", { job: created.job, from: 28 });
    return created.job;
  }

  before(async function () {
    await fundAccounts();
    agentId = (await stakedAgent(providerClient(), "ipfs://agent/rated")).toString();
    jobId = await finishedJob("8");
  });

  describe("feedback:give", function () {
    it("refuses the agent's owner, both or neither of --agent and --job, and a bad value, rating nothing", async function () {
      const owner = await runTask("feedback:give", { agent: agentId, value: "90", from: 29 });
      const notClient = await runTask("feedback:give", { job: jobId, value: "90", from: 29 });
      const both = await runTask("feedback:give", { agent: agentId, job: jobId, value: "1", from: 28 });
      const neither = await runTask("feedback:give", { value: "1", from: 28 });
      const badValue = await runTask("feedback:give", { agent: agentId, value: "9.5", from: 28 });
      const badDecimals = await runTask("feedback:give", { agent: agentId, value: "9", decimals: "19", from: 28 });

      expect(owner.stderr).to.equal(
        `error: ${provider.address} has no completed or rejected job with agent ${agentId} to rate\n`,
      );
      expect(notClient.stderr).to.equal(
        `error: only the client of job ${jobId} (${buyer.address}) may rate it, not ${provider.address}\n`,
      );
      expect(both.stderr).to.equal("error: give --agent <id> or --job <id>, one of them\n");
      expect(neither.stderr).to.equal("error: give --agent <id> or --job <id>, one of them\n");
      expect(badValue.stderr).to.equal('error: --value must be an integer, not "9.5"\n');
      expect(badDecimals.stderr).to.equal('error: --decimals must be 0 to 18, not "19"\n');
      expect(await suite.reputation.getLastIndex(BigInt(agentId), buyer.address)).to.equal(0n);
    });

    it("rates the latest job (--json), then refuses to rate it twice", async function () {
      const r = await runJson<Record<string, unknown>>("feedback:give", {
        agent: agentId,
        value: "90",
        tag1: "quality",
        tag2: "speed",
        uri: "ipfs://feedback",
        hash: "feedback file",
        from: 28,
      });
      const twice = await runTask("feedback:give", { agent: agentId, value: "10", from: 28 });
      const twiceByJob = await runTask("feedback:give", { job: jobId, value: "10", from: 28 });

      expect(Object.keys(r)).to.deep.equal([
        "agent",
        "client",
        "job",
        "index",
        "value",
        "decimals",
        "tag1",
        "tag2",
        "weight",
        "tx",
      ]);
      expect(r).to.deep.include({
        agent: agentId,
        client: buyer.address,
        job: jobId,
        index: "1",
        value: "90",
        decimals: 0,
        tag1: "quality",
        tag2: "speed",
        weight: parseEther("8").toString(),
      });
      expect(twice.stderr).to.equal(
        `error: ${buyer.address} already rated job ${jobId}, its latest with agent ${agentId}\n`,
      );
      expect(twiceByJob.stderr).to.equal(`error: ${buyer.address} already rated job ${jobId}\n`);
      expect(await suite.reputation.getLastIndex(BigInt(agentId), buyer.address)).to.equal(1n);
    });

    it("rates a given job with decimals and prints aligned lines", async function () {
      const next = await finishedJob("2");

      const out = await runTask("feedback:give", { job: next, value: "45", decimals: "1", tag1: "quality", from: 28 });

      expect(out.exitCode).to.equal(undefined);
      expect(out.stdout).to.match(
        new RegExp(`^agent: {4}${agentId}\\nclient: {3}${buyer.address}\\njob: {6}${next}\\n`),
      );
      expect(out.stdout).to.match(/\nindex: {4}2\nvalue: {4}45\ndecimals: 1\n/);
      expect(out.stdout).to.match(/\nweight: {3}2 OPEN\ntx: {7}0x[0-9a-f]{64}\n$/);
    });
  });

  describe("feedback:respond", function () {
    it("responds to a feedback (--json), and refuses one that does not exist", async function () {
      const r = await runJson<Record<string, unknown>>("feedback:respond", {
        agent: agentId,
        client: "28",
        index: "1",
        uri: "ipfs://response",
        from: 29,
      });
      const missing = await runTask("feedback:respond", {
        agent: agentId,
        client: buyer.address,
        index: "9",
        uri: "ipfs://r",
        from: 29,
      });
      const noUri = await runTask("feedback:respond", { agent: agentId, client: "28", index: "1", from: 29 });

      expect(Object.keys(r)).to.deep.equal(["agent", "client", "index", "responder", "uri", "responses", "tx"]);
      expect(r).to.deep.include({ client: buyer.address, index: "1", responder: provider.address, responses: "1" });
      expect(missing.stderr).to.equal(`error: ${buyer.address} gave agent ${agentId} no feedback 9 (it gave 2)\n`);
      expect(noUri.stderr).to.equal("error: --uri is required\n");
      expect(await suite.reputation.getResponseCount(BigInt(agentId), buyer.address, 1n, [])).to.equal(1n);
    });
  });

  describe("feedback:summary", function () {
    it("summarises the exact tags and over clients (--json and lines)", async function () {
      const tagged = await runJson<Record<string, unknown>>("feedback:summary", {
        agent: agentId,
        tag1: "quality",
        tag2: "speed",
      });
      const over = await runJson<Record<string, unknown>>("feedback:summary", {
        agent: agentId,
        tag1: "quality",
        clients: "28",
      });
      const out = await runTask("feedback:summary", { agent: agentId, tag1: "quality", clients: buyer.address });

      expect(Object.keys(tagged)).to.deep.equal([
        "agent",
        "tag1",
        "tag2",
        "clients",
        "count",
        "average",
        "decimals",
        "sum",
        "totalWeight",
        "allClients",
      ]);
      expect(tagged).to.deep.include({
        clients: null,
        count: "1",
        average: parseEther("90").toString(),
        totalWeight: parseEther("8").toString(),
        allClients: [buyer.address],
      });
      // Payment-weighted over both: (90 × 8 + 4.5 × 2) / 10 = 72.9.
      expect(over).to.deep.include({ clients: [buyer.address], count: "2", average: parseEther("72.9").toString() });
      expect(out.stdout).to.match(/\ncount: +2\naverage: +72\.9\n/);
    });

    it("refuses a missing agent and a bad client", async function () {
      const noAgent = await runTask("feedback:summary", {});
      const badClient = await runTask("feedback:summary", { agent: agentId, clients: "nobody" });

      expect(noAgent.stderr).to.equal("error: --agent is required (a positive id)\n");
      expect(badClient.stderr).to.equal('error: --clients must be an address or an account index, not "nobody"\n');
    });
  });
});
