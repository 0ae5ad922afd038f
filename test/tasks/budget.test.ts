/// The spending budget tasks, run in this process against the in-process suite: each task's happy path and its
/// --json shape, and each bad input's one-line message with the state unchanged.
import { expect } from "chai";
import { id, parseEther } from "ethers";
import hre from "hardhat";
import { attach, isoTime, settleFor } from "../../package/src/index.js";
import { getSuite, latestTimestamp } from "../../tasks/lib/index.js";
import { runJson, runTask } from "../fixtures/tasks.js";
import { publishDatanetVersion as publishVersionOf } from "../helpers/fixtures.js";
import type { Suite as FixtureSuite } from "../helpers/fixtures.js";

const suite = await getSuite(hre);
const signers = await suite.connection.ethers.getSigners();
const [principal, agentWallet, otherWallet, modelOwner] = [signers[24], signers[25], signers[26], signers[27]];
const DAY = 86_400n;

interface Granted {
  principal: string;
  agent: string;
  amountPerPeriod: string;
  period: string;
  expiry: string;
  models: string[];
  replaced: boolean;
  allowance: string;
  approval: string | null;
  tx: string;
}

describe("budget tasks", function () {
  let modelId: bigint;

  before(async function () {
    await (await suite.datanets.createDatanet("ipfs://datanet/budgets", false, 0n, principal.address)).wait();
    const datanetId = await suite.datanets.datanetCount();
    await publishVersionOf(suite as unknown as FixtureSuite, datanetId);
    const registered = await suite.models.connect(modelOwner).registerModel({
      cardURI: "ipfs://card/budget-model",
      weightsHash: id("budget-model"),
      weightsURI: "ipfs://weights/budget-model",
      parentId: 0n,
      datanets: [{ datanetId, version: 1n, weightBps: 10_000n }],
      price: parseEther("1"),
      ownerBps: 5_000n,
    });
    await registered.wait();
    modelId = await suite.models.modelCount();
    await (await suite.open.transfer(principal.address, parseEther("1000"))).wait();
  });

  describe("budget:grant", function () {
    it("grants a budget, approving SpendingBudgets for what it may spend (--json)", async function () {
      const g = await runJson<Granted>("budget:grant", {
        agentWallet: agentWallet.address,
        amount: "2",
        period: "1d",
        expiry: "3d",
        models: modelId.toString(),
        from: 24,
      });

      expect(Object.keys(g)).to.deep.equal([
        "principal",
        "agent",
        "amountPerPeriod",
        "period",
        "expiry",
        "models",
        "replaced",
        "allowance",
        "approval",
        "tx",
      ]);
      expect(g).to.deep.include({
        principal: principal.address,
        agent: agentWallet.address,
        amountPerPeriod: parseEther("2").toString(),
        period: DAY.toString(),
        models: [modelId.toString()],
        replaced: false,
        allowance: parseEther("6").toString(),
      });
      expect(g.approval).to.match(/^0x[0-9a-f]{64}$/);
      const b = await suite.budgets.budget(principal.address, agentWallet.address);
      expect(b.expiry.toString()).to.equal(g.expiry);
      expect(b.modelIds).to.deep.equal([modelId]);
    });

    it("says in lines when no approval was needed, and takes an ISO expiry", async function () {
      const now = await latestTimestamp(suite.connection);
      const expiry = isoTime(now + 2n * DAY) ?? "";

      const out = await runTask("budget:grant", {
        agentWallet: otherWallet.address,
        amount: "1",
        period: "12h",
        expiry,
        from: 24,
      });

      expect(out.exitCode).to.equal(undefined);
      expect(out.stderr).to.equal(`granting ${otherWallet.address} 1 OPEN per period…\n`);
      expect(out.stdout).to.include("period:          43200 s (12h)\n");
      expect(out.stdout).to.include(`expiry:          ${expiry}\n`);
      expect(out.stdout).to.include("models:          any\n");
      expect(out.stdout).to.match(/approval: +none needed \(SpendingBudgets may already take 6 OPEN\)\n/);
      expect((await suite.budgets.budget(principal.address, otherWallet.address)).expiry).to.equal(now + 2n * DAY);
    });

    it("approves the allowance asked for, and says so on stderr and in lines", async function () {
      const out = await runTask("budget:grant", {
        agentWallet: modelOwner.address,
        amount: "1",
        period: "1h",
        expiry: "1d",
        allowance: "50",
        from: 24,
      });

      expect(out.stderr).to.equal(
        `approving SpendingBudgets for 50 OPEN…\ngranting ${modelOwner.address} 1 OPEN per period…\n`,
      );
      expect(out.stdout).to.match(/approval: +0x[0-9a-f]{64} \(SpendingBudgets may now take 50 OPEN\)\n/);
      expect(await suite.open.allowance(principal.address, suite.addresses.budgets)).to.equal(parseEther("50"));
      await runJson("budget:revoke", { agentWallet: modelOwner.address, from: 24 });
    });

    it("refuses each bad option in one line, and grants nothing", async function () {
      const base = { agentWallet: "26", amount: "5", period: "1d", expiry: "2d", from: 24 };
      const before = await suite.budgets.budget(principal.address, otherWallet.address);

      // One after the other: each run captures stdout and stderr.
      const lines: string[] = [];
      for (const changes of [
        { amount: undefined },
        { period: "soon" },
        { expiry: "later" },
        { expiry: "2001-01-01T00:00:00Z" },
        { models: "1,1" },
        { agentWallet: "wallet" },
        { amount: "0" },
      ]) {
        lines.push((await runTask("budget:grant", { ...base, ...changes })).stderr);
      }

      expect(lines[0]).to.equal("error: --amount is required\n");
      expect(lines[1]).to.equal('error: --period "soon" must be a duration such as 90s, 10m, 2h or 1d (more than 0)\n');
      expect(lines[2]).to.equal(
        'error: --expiry "later" must be a duration such as 30d or 12h, or an ISO date such as 2027-01-01T00:00:00Z\n',
      );
      expect(lines[3]).to.match(/^error: --expiry 2001-01-01T00:00:00Z is not after the chain's now \(\d{4}-.*Z\)\n$/);
      expect(lines[4]).to.equal("error: --models lists 1 twice\n");
      expect(lines[5]).to.equal('error: --agent-wallet must be an address or an account index, not "wallet"\n');
      expect(lines[6]).to.equal("error: --amount must be more than 0 OPEN\n");
      const after = await suite.budgets.budget(principal.address, otherWallet.address);
      expect(after.amountPerPeriod).to.equal(before.amountPerPeriod);
    });
  });

  describe("budget:status", function () {
    it("shows what is left of the period after a settlement, with its dates (--json and lines)", async function () {
      const wallet = attach(agentWallet, suite.addresses, suite.deployment.chainId);
      await settleFor(wallet, {
        principal: principal.address,
        modelId,
        inferenceId: id("budget-task-inference"),
        attributionHash: id("budget-task-attribution"),
      });

      const s = await runJson<Record<string, unknown>>("budget:status", { principal: "24", agentWallet: "25" });
      const out = await runTask("budget:status", { agentWallet: agentWallet.address, from: 24 });

      expect(s).to.deep.include({
        principal: principal.address,
        agent: agentWallet.address,
        exists: true,
        amountPerPeriod: parseEther("2").toString(),
        spentInPeriod: parseEther("1").toString(),
        available: parseEther("1").toString(),
        modelIds: [modelId.toString()],
        expired: false,
      });
      expect(s.periodEndISO).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(out.stdout).to.include("budget:          active\n");
      expect(out.stdout).to.include("spentInPeriod:   1 OPEN\navailable:       1 OPEN\n");
      expect(out.stdout).to.include(`periodEnd:       ${String(s.periodEndISO)}\n`);
      expect(out.stdout).to.include(`models:          ${modelId.toString()}\n`);
    });

    it("shows no budget, and refuses a missing wallet", async function () {
      const none = await runTask("budget:status", { agentWallet: modelOwner.address, from: 24 });
      const missing = await runTask("budget:status", { from: 24 });

      expect(none.stdout).to.include("budget:    none\n");
      expect(missing.stderr).to.equal("error: --agent-wallet is required (an address or an account index)\n");
    });
  });

  describe("budget:revoke", function () {
    it("revokes the budget (--json), then refuses to revoke it again", async function () {
      const revoked = await runJson<Record<string, unknown>>("budget:revoke", { agentWallet: "26", from: 24 });
      const again = await runTask("budget:revoke", { agentWallet: "26", from: 24 });

      expect(Object.keys(revoked)).to.deep.equal(["principal", "agent", "revoked", "allowance", "tx"]);
      expect(revoked).to.deep.include({ principal: principal.address, agent: otherWallet.address, revoked: true });
      expect(again.exitCode).to.equal(1);
      expect(again.stderr).to.equal(`error: ${principal.address} gave ${otherWallet.address} no spending budget\n`);
      expect((await suite.budgets.budget(principal.address, otherWallet.address)).expiry).to.equal(0n);
    });
  });
});
