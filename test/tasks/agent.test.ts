/// The agent tasks, run in this process against the in-process suite: each task's happy path and its --json shape,
/// and each bad input's one-line message with the state unchanged.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { id, parseEther, Wallet } from "ethers";
import hre from "hardhat";
import { buildRegistration, parseRegistrationURI, REGISTRATION_TYPE } from "../../package/src/index.js";
import { getSuite } from "../../tasks/lib/index.js";
import { runJson, runTask } from "../fixtures/tasks.js";
import { publishDatanetVersion as publishVersionOf } from "../helpers/fixtures.js";
import type { Suite as FixtureSuite } from "../helpers/fixtures.js";

const suite = await getSuite(hre);
const signers = await suite.connection.ethers.getSigners();
const [owner, modelOwner, newWallet, stranger] = [signers[20], signers[21], signers[22], signers[23]];
const work = mkdtempSync(path.join(tmpdir(), "agent-tasks-"));
const { chainId } = suite.deployment;

interface Registered {
  agent: string;
  name: string | null;
  owner: string;
  wallet: string | null;
  uri: string;
  metadata: Record<string, string>;
  tx: string;
  next: string | null;
}

function writeJson(name: string, value: unknown): string {
  const file = path.join(work, name);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

async function register(): Promise<bigint> {
  return BigInt((await runJson<Registered>("agent:register", { uri: "ipfs://agent", from: 20 })).agent);
}

describe("agent tasks", function () {
  let modelId: bigint;

  before(async function () {
    const s = suite as unknown as FixtureSuite;
    await (await suite.datanets.createDatanet("ipfs://datanet/agents", false, 0n, owner.address)).wait();
    const datanetId = await suite.datanets.datanetCount();
    await publishVersionOf(s, datanetId);
    const registered = await suite.models.connect(modelOwner).registerModel({
      cardURI: "ipfs://card/agent-model",
      weightsHash: id("agent-model"),
      weightsURI: "ipfs://weights/agent-model",
      parentId: 0n,
      datanets: [{ datanetId, version: 1n, weightBps: 10_000n }],
      price: parseEther("1"),
      ownerBps: 5_000n,
    });
    await registered.wait();
    modelId = await suite.models.modelCount();
    await (await suite.open.transfer(owner.address, parseEther("1000"))).wait();
  });

  describe("agent:register", function () {
    it("registers a registration file as a data URI, with metadata, and prints the id (--json)", async function () {
      const registration = buildRegistration({
        name: "triage-agent",
        description: "Answers triage questions",
        services: [{ name: "MCP", endpoint: "https://mcp.triage.example/" }],
        chainId,
        models: [modelId],
        modelRegistry: suite.addresses.models,
      });
      const file = writeJson("registration.json", registration);

      const r = await runJson<Registered>("agent:register", { file, metadata: "region=eu, tier=gold", from: 20 });

      expect(Object.keys(r)).to.deep.equal(["agent", "name", "owner", "wallet", "uri", "metadata", "tx", "next"]);
      expect(r.next).to.equal(
        `npx hardhat agent:models --agent ${r.agent} --declare ${modelId.toString()} --network default`,
      );
      expect(r).to.deep.include({ name: "triage-agent", owner: owner.address, wallet: owner.address });
      expect(r.metadata).to.deep.equal({ region: "eu", tier: "gold" });
      expect(parseRegistrationURI(r.uri)).to.deep.equal(registration);
      expect(await suite.agents.ownerOf(BigInt(r.agent))).to.equal(owner.address);
      expect(r.tx).to.match(/^0x[0-9a-f]{64}$/);
    });

    it("registers a URI as it is and prints aligned lines", async function () {
      const out = await runTask("agent:register", { uri: "ipfs://bafy/agent.json", from: 20 });

      expect(out.exitCode).to.equal(undefined);
      expect(out.stdout).to.match(/^agent: {4}\d+\nname: {5}-\nowner: {4}0x[0-9a-fA-F]{40}\n/);
      expect(out.stdout).to.match(/uri: {6}ipfs:\/\/bafy\/agent\.json\nmetadata: -\ntx: {7}0x[0-9a-f]{64}\n$/);
    });

    it("refuses a file with problems in one line naming each, and registers nothing", async function () {
      const file = writeJson("bad.json", {
        type: "agent",
        name: "x",
        description: "d",
        services: [{ name: "MCP" }],
        active: true,
        supportedTrust: ["magic"],
      });
      const count = await suite.agents.agentCount();

      const out = await runTask("agent:register", { file, from: 20 });

      expect(out.exitCode).to.equal(1);
      expect(out.stdout).to.equal("");
      expect(out.stderr).to.equal(
        `error: bad.json has 3 problems: type must be "${REGISTRATION_TYPE}", not "agent"; services[0] (MCP) has no ` +
          'endpoint; supportedTrust[0] "magic" is not a trust model: reputation, crypto-economic, tee-attestation\n',
      );
      expect(await suite.agents.agentCount()).to.equal(count);
    });

    it("refuses a file that is not JSON, both options, neither, and bad metadata", async function () {
      const notJson = path.join(work, "broken.json");
      writeFileSync(notJson, "{ nope");
      const count = await suite.agents.agentCount();

      const broken = await runTask("agent:register", { file: notJson });
      const both = await runTask("agent:register", { uri: "ipfs://a", file: notJson });
      const neither = await runTask("agent:register", {});
      const metadata = await runTask("agent:register", { uri: "ipfs://a", metadata: "region" });
      const missing = await runTask("agent:register", { file: path.join(work, "missing.json") });

      expect(broken.stderr).to.match(/^error: broken\.json is not JSON: .+\n$/);
      expect(both.stderr).to.equal("error: give --uri or --file, not both\n");
      expect(neither.stderr).to.equal("error: --uri <agent URI> or --file <registration.json> is required\n");
      expect(metadata.stderr).to.equal('error: --metadata entries must be key=value, not "region"\n');
      expect(missing.stderr).to.match(/^error: cannot read the registration file .*missing\.json: ENOENT/);
      expect(await suite.agents.agentCount()).to.equal(count);
    });
  });

  describe("agent:models", function () {
    it("declares models and the model owner confirms one (--json)", async function () {
      const agentId = await register();

      const declared = await runJson<{ agent: string; models: unknown[] }>("agent:models", {
        agent: agentId.toString(),
        declare: modelId.toString(),
        from: 20,
      });
      const confirmed = await runJson<{ agent: string; models: unknown[] }>("agent:models", {
        agent: agentId.toString(),
        confirm: modelId.toString(),
        from: 21,
      });

      expect(declared.models).to.deep.equal([{ modelId: modelId.toString(), confirmed: false }]);
      expect(confirmed.models).to.deep.equal([{ modelId: modelId.toString(), confirmed: true }]);
    });

    it("refuses neither option, a bad list, and a confirmation by someone else", async function () {
      const agentId = (await register()).toString();
      await runJson("agent:models", { agent: agentId, declare: modelId.toString(), from: 20 });

      const neither = await runTask("agent:models", { agent: agentId });
      const bad = await runTask("agent:models", { agent: agentId, declare: "1,x", from: 20 });
      const twice = await runTask("agent:models", { agent: agentId, declare: "3,3", from: 20 });
      const other = await runTask("agent:models", { agent: agentId, confirm: modelId.toString(), from: 23 });

      expect(neither.stderr).to.equal("error: give --declare <ids> or --confirm <id>, one of them\n");
      expect(bad.stderr).to.equal('error: --declare must list positive integer ids such as 1,2, not "x"\n');
      expect(twice.stderr).to.equal("error: --declare lists 3 twice\n");
      expect(other.stderr).to.match(/^error: NotModelOwner\(/);
      expect((await suite.agents.servedModels(BigInt(agentId)))[0].confirmed).to.equal(false);
    });
  });

  describe("agent:show", function () {
    it("shows the agent with its models and stake (--json and lines)", async function () {
      const agentId = (await register()).toString();
      await runJson("agent:models", { agent: agentId, declare: modelId.toString(), from: 20 });

      const shown = await runJson<Record<string, unknown>>("agent:show", { agent: agentId });
      const out = await runTask("agent:show", { agent: agentId });

      expect(Object.keys(shown)).to.deep.equal([
        "agent",
        "owner",
        "wallet",
        "walletNonce",
        "uri",
        "registration",
        "registrationProblems",
        "models",
        "stake",
        "pendingSlash",
        "canTakeJobs",
      ]);
      expect(shown).to.deep.include({
        agent: agentId,
        owner: owner.address,
        wallet: owner.address,
        canTakeJobs: false,
      });
      expect(shown.models).to.deep.equal([{ modelId: modelId.toString(), confirmed: false }]);
      expect(out.stdout).to.include(`models:               ${modelId.toString()} (not confirmed)\n`);
      expect(out.stdout).to.include("stake:                0 OPEN staked (jobs need 100 OPEN)\n");
      expect(out.stdout).to.include("pendingSlash:         none\ncanTakeJobs:          no\n");
    });

    it("refuses a missing id and an unknown agent in one line", async function () {
      const missing = await runTask("agent:show", {});
      const unknown = await runTask("agent:show", { agent: "999999" });

      expect(missing.stderr).to.equal("error: --agent is required (a positive id)\n");
      expect(unknown.stderr).to.equal("error: UnknownAgent(agentId=999999)\n");
    });
  });

  describe("agent:list", function () {
    it("lists every agent (--json) and one line each", async function () {
      const agentId = await register();

      const listed = await runJson<{ count: number; agents: Array<{ agent: string; owner: string }> }>(
        "agent:list",
        {},
      );
      const out = await runTask("agent:list", {});

      expect(listed.count).to.equal(Number(await suite.agents.agentCount()));
      expect(listed.agents.find((a) => a.agent === agentId.toString())?.owner).to.equal(owner.address);
      expect(out.stdout).to.match(new RegExp(`agent ${agentId.toString()}: +-, owner 0x[0-9a-fA-F]{4}…`));
    });
  });

  describe("agent:wallet", function () {
    it("sets a network account as the wallet, one of a key, and clears it (--json)", async function () {
      const agentId = (await register()).toString();

      const set = await runJson<Record<string, string | null>>("agent:wallet", { agent: agentId, set: "22", from: 20 });
      const key = Wallet.createRandom();
      const byKey = await runJson<Record<string, string | null>>("agent:wallet", {
        agent: agentId,
        set: key.address,
        walletKey: key.privateKey,
        from: 20,
      });
      const unset = await runJson<Record<string, string | null>>("agent:wallet", {
        agent: agentId,
        unset: true,
        from: 20,
      });

      expect(set).to.deep.include({ agent: agentId, wallet: newWallet.address, previous: owner.address, nonce: "1" });
      expect(Object.keys(set)).to.deep.equal(["agent", "wallet", "previous", "nonce", "tx"]);
      expect(byKey).to.deep.include({ wallet: key.address, previous: newWallet.address, nonce: "2" });
      expect(unset).to.deep.include({ agent: agentId, wallet: null, previous: key.address });
      expect(await suite.agents.getAgentWallet(BigInt(agentId))).to.equal("0x0000000000000000000000000000000000000000");
    });

    it("refuses a wrong key, an address it cannot sign for, a stranger, and neither option", async function () {
      const agentId = (await register()).toString();
      const key = Wallet.createRandom();
      const other = Wallet.createRandom();

      const wrongKey = await runTask("agent:wallet", { agent: agentId, set: key.address, walletKey: other.privateKey });
      const badKey = await runTask("agent:wallet", { agent: agentId, set: key.address, walletKey: "0x12" });
      const noKey = await runTask("agent:wallet", { agent: agentId, set: key.address, from: 20 });
      const notOperator = await runTask("agent:wallet", { agent: agentId, set: "22", from: 23 });
      const neither = await runTask("agent:wallet", { agent: agentId });
      const both = await runTask("agent:wallet", { agent: agentId, set: "22", unset: true });

      expect(wrongKey.stderr).to.equal(
        `error: --wallet-key is the key of ${other.address}, not of --set ${key.address}\n`,
      );
      expect(badKey.stderr).to.equal("error: --wallet-key must be a private key: 0x + 64 hex digits\n");
      expect(noKey.stderr).to.equal(
        `error: ${key.address} is not an account of network "default": give its --wallet-key to sign\n`,
      );
      expect(notOperator.stderr).to.equal(`error: NotAgentOperator(agentId=${agentId}, caller=${stranger.address})\n`);
      expect(neither.stderr).to.equal("error: give --set <wallet> or --unset, one of them\n");
      expect(both.stderr).to.equal("error: give --set <wallet> or --unset, one of them\n");
      expect(await suite.agents.getAgentWallet(BigInt(agentId))).to.equal(owner.address);
    });
  });

  describe("agent:stake", function () {
    it("stakes (approving), requests an unstake, and refuses to take it out before the delay (--json)", async function () {
      const agentId = (await register()).toString();

      const staked = await runJson<Record<string, unknown>>("agent:stake", { agent: agentId, amount: "100", from: 20 });
      const requested = await runJson<Record<string, unknown>>("agent:stake", {
        agent: agentId,
        amount: "40",
        requestUnstake: true,
        from: 20,
      });
      const early = await runTask("agent:stake", { agent: agentId, unstake: true, from: 20 });

      expect(Object.keys(staked)).to.deep.equal([
        "agent",
        "account",
        "action",
        "amount",
        "staked",
        "unlocking",
        "unlockAt",
        "canTakeJobs",
        "txs",
      ]);
      expect(staked).to.deep.include({ action: "stake", amount: parseEther("100").toString(), canTakeJobs: true });
      expect(staked.txs).to.have.length(2);
      expect(requested).to.deep.include({
        action: "requestUnstake",
        staked: parseEther("60").toString(),
        unlocking: parseEther("40").toString(),
        canTakeJobs: false,
      });
      expect(early.stderr).to.match(
        new RegExp(
          `^error: UnstakeNotReady\\(agentId=${agentId}, unlockAt=\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC`,
        ),
      );
      expect((await suite.agents.stakeOf(BigInt(agentId)))[1]).to.equal(parseEther("40"));
    });

    it("refuses more than is staked, a missing amount, --amount with --unstake and both flags", async function () {
      const agentId = (await register()).toString();
      await runJson("agent:stake", { agent: agentId, amount: "10", from: 20 });

      const tooMuch = await runTask("agent:stake", { agent: agentId, amount: "1000", requestUnstake: true, from: 20 });
      const noAmount = await runTask("agent:stake", { agent: agentId });
      const withAmount = await runTask("agent:stake", { agent: agentId, amount: "1", unstake: true });
      const both = await runTask("agent:stake", { agent: agentId, requestUnstake: true, unstake: true });
      const badAmount = await runTask("agent:stake", { agent: agentId, amount: "ten" });

      expect(tooMuch.stderr).to.equal(`error: agent ${agentId} has 10 OPEN staked, less than the 1,000 OPEN asked\n`);
      expect(noAmount.stderr).to.equal("error: --amount is required\n");
      expect(withAmount.stderr).to.equal("error: --unstake takes out all that unlocked: drop --amount\n");
      expect(both.stderr).to.equal("error: give --request-unstake or --unstake, not both\n");
      expect(badAmount.stderr).to.equal(
        'error: --amount "ten" must be an amount of OPEN such as 1000 or 0.5 (at most 18 decimals)\n',
      );
      expect((await suite.agents.stakeOf(BigInt(agentId)))[0]).to.equal(parseEther("10"));
    });
  });
});
