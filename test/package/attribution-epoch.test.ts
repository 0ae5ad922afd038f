/// An attestor's whole epoch with the SDK alone: allocate from the chain, build the tree, write the tree file, post
/// the root (bonding first), verify it against the chain, activate it after the challenge window, and claim from it.
/// Only the world is set up with Hardhat (the suite's deployment and the clock); every attestor step is an SDK import.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { id, parseEther } from "ethers";
import { network } from "hardhat";
import {
  activateRoot,
  allocateEpoch,
  attach,
  attributionRoots,
  attributionStatus,
  buildTree,
  claimAllWithReport,
  decodeError,
  OpenLedgerError,
  postRoot,
  readChainState,
  settle,
  verifyPosted,
  verifyTreeFile,
  vetoRoot,
} from "../../package/src/index.js";
import type { Addresses, Client } from "../../package/src/index.js";
import { addressesOf } from "./world.js";
import { loadTree, writeTreeFile } from "../../package/src/node/index.js";
import { loadSuite, PARAMS, publishDatanetVersion } from "../helpers/fixtures.js";

const connection = await network.create();
const { networkHelpers } = connection;
const DATANET = 1n;
const MODEL = 1n;

interface World {
  addresses: Addresses;
  attestor: Client;
  payer: Client;
  guardian: Client;
  stranger: Client;
  alice: string;
  bob: string;
  attestorAddress: string;
}

/// Datanet 1 (open) with its attestor unbonded; alice contributes 3 records, bob 1, and the owner publishes them as
/// version 1; model 1 trained on that version has been paid for 10 inferences with the SDK's `settle`.
async function epochWorld(): Promise<World> {
  const s = await loadSuite(connection);
  const [attestor, modelOwner, payer, alice, bob, stranger] = s.users;
  const addresses = await addressesOf(s);
  const client = (signer: typeof attestor): Client => attach(signer, addresses, 31337n);
  await (await client(attestor).datanets.createDatanet("ipfs://datanet", false, 0n, attestor.address)).wait();
  for (const [who, name] of [
    [alice, "a1"],
    [alice, "a2"],
    [alice, "a3"],
    [bob, "b1"],
  ] as const) {
    await (await client(who).datanets.contribute(DATANET, id(name), `ipfs://records/${name}`)).wait();
  }
  const version = await publishDatanetVersion(s, DATANET);
  await (
    await client(modelOwner).models.registerModel({
      cardURI: "ipfs://card",
      weightsHash: id("weights"),
      weightsURI: "ipfs://weights",
      parentId: 0n,
      datanets: [{ datanetId: DATANET, version, weightBps: 10_000n }],
      price: parseEther("1"),
      ownerBps: 5_000n,
    })
  ).wait();
  await settle(client(payer), { modelId: MODEL, units: 10n, inferenceId: id("inference-1"), attributionHash: id("a") });
  return {
    addresses,
    attestor: client(attestor),
    payer: client(payer),
    guardian: client(s.deployer),
    stranger: client(stranger),
    alice: alice.address,
    bob: bob.address,
    attestorAddress: attestor.address,
  };
}

const world = async (): Promise<World> => networkHelpers.loadFixture(epochWorld);

async function rejection(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err: unknown) {
    return err;
  }
  throw new Error("expected a rejection");
}

async function nonceOf(client: Client): Promise<number> {
  const runner = client.runner as unknown as { getNonce(): Promise<number> };
  return runner.getNonce();
}

describe("an attestor's epoch with the SDK alone", function () {
  let dir: string;
  beforeEach(function () {
    dir = mkdtempSync(path.join(tmpdir(), "openledger-epoch-"));
  });
  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it("allocates, posts with a bond, verifies, activates and pays the contributors", async function () {
    const w = await world();
    const accrued = await w.attestor.settlement.accrued(DATANET);
    const { allocation, contributors } = await allocateEpoch(w.attestor, { datanetId: DATANET, policy: "pro-rata" });
    expect(contributors).to.equal(2);
    expect(allocation.epoch).to.equal(1);
    expect(BigInt(allocation.cumulativeTotal)).to.equal(accrued);
    const leaf = (account: string): bigint =>
      BigInt(allocation.allocations.find((a) => a.account === account)?.cumulativeAmount ?? "0");
    expect(leaf(w.alice)).to.equal((accrued * 3n) / 4n);
    expect(leaf(w.bob)).to.equal(accrued / 4n);
    expect(allocation.versions).to.deep.equal([{ version: 1, credit: accrued.toString() }]);

    const tree = buildTree(allocation);
    const file = path.join(dir, "datanet-1-epoch-1.tree.json");
    writeTreeFile(file, allocation, tree);
    const progress: string[] = [];
    const posted = await postRoot(w.attestor, {
      allocation,
      tree,
      uri: "ipfs://tree/1",
      depositBond: true,
      onProgress: (p) => progress.push(p.message),
    });
    expect(posted.bondDeposited).to.equal(PARAMS.minAttestorBond);
    expect(posted.approval).to.match(/^0x[0-9a-f]{64}$/);
    expect(posted.event.root).to.equal(tree.root);
    expect(posted.event.cumulativeTotal).to.equal(accrued);
    expect(posted.posted).to.include({ uri: "ipfs://tree/1", transaction: posted.receipt.hash });
    expect(progress).to.have.length(3);

    const treeFile = loadTree(file);
    expect(verifyTreeFile(treeFile)).to.deep.equal([]);
    const pending = await readChainState(w.attestor, treeFile);
    expect(pending.status).to.equal("pending");
    expect(verifyPosted(treeFile, pending)).to.deep.equal([]);
    expect((await attributionRoots(w.stranger, { datanetId: DATANET })).roots.map((r) => r.status)).to.deep.equal([
      "pending",
    ]);

    await networkHelpers.time.increase(PARAMS.challengeWindow + 1);
    const activated = await activateRoot(w.stranger, { datanetId: DATANET });
    expect(activated.event.epoch).to.equal(1n);
    expect(activated.event.root).to.equal(tree.root);
    const active = await readChainState(w.stranger, treeFile);
    expect(active.status).to.equal("active");
    expect(verifyPosted(treeFile, active)).to.deep.equal([]);
    const status = await attributionStatus(w.stranger, { datanetId: DATANET });
    expect(status.active).to.deep.equal({ epoch: 1n, root: tree.root, cumulativeTotal: accrued });
    expect(status.pending).to.equal(null);

    const report = await claimAllWithReport(w.stranger, w.alice, [treeFile]);
    await report.tx?.wait();
    expect(report.claims).to.deep.equal([{ datanetId: DATANET, amount: leaf(w.alice) }]);
    expect(await w.stranger.settlement.claimed(DATANET, w.alice)).to.equal(leaf(w.alice));
  });

  describe("when a post would fail", function () {
    it("sends nothing, not even the bond's approval", async function () {
      const w = await world();
      const { allocation } = await allocateEpoch(w.attestor, { datanetId: DATANET, policy: "pro-rata" });
      const before = await nonceOf(w.attestor);
      const allowance = await w.attestor.open.allowance(w.attestorAddress, w.addresses.settlement);

      const unbonded = await rejection(() => postRoot(w.attestor, { allocation, uri: "ipfs://tree/1" }));
      expect(unbonded).to.be.instanceOf(OpenLedgerError);
      expect(decodeError(unbonded)).to.equal(
        "attestor bond 0 OPEN is below the minimum 1,000 OPEN: deposit 1,000 OPEN (depositBond)",
      );
      const skipped = await rejection(() =>
        postRoot(w.attestor, { allocation: { ...allocation, epoch: 2 }, uri: "x", depositBond: true }),
      );
      expect(decodeError(skipped)).to.equal(
        "datanet 1 epoch 2 is not the next epoch: epochs advance by one, the next is 1",
      );
      const stranger = await rejection(() => postRoot(w.stranger, { allocation, uri: "x", depositBond: true }));
      expect(decodeError(stranger)).to.match(/^signer 0x[0-9a-fA-F]{40} is not the attestor of datanet 1 \(0x/);

      expect(await nonceOf(w.attestor)).to.equal(before);
      expect(await w.attestor.open.allowance(w.attestorAddress, w.addresses.settlement)).to.equal(allowance);
    });
  });

  describe("when the challenge window is still open", function () {
    it("refuses to activate with the date it ends, and lets the guardian veto", async function () {
      const w = await world();
      const { allocation } = await allocateEpoch(w.attestor, { datanetId: DATANET, policy: "pro-rata" });
      await postRoot(w.attestor, { allocation, uri: "ipfs://tree/1", depositBond: true });

      const early = await rejection(() => activateRoot(w.stranger, { datanetId: DATANET }));
      expect(decodeError(early)).to.match(
        /^the root of epoch 1 of datanet 1 is in its challenge window until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in /,
      );
      const notGuardian = await rejection(() => vetoRoot(w.stranger, { datanetId: DATANET }));
      expect(decodeError(notGuardian)).to.match(/^AccessManagedUnauthorized\(caller=0x/);

      const vetoed = await vetoRoot(w.guardian, { datanetId: DATANET });
      expect(vetoed.epoch).to.equal(1n);
      const roots = await attributionRoots(w.stranger, { datanetId: DATANET });
      expect(roots.roots.map((r) => [r.epoch, r.status, r.readyAt])).to.deep.equal([[1n, "vetoed", 0n]]);
    });
  });

  describe("when a root is already there", function () {
    it("refuses the same root again, and any root while one is in its window, with one line each", async function () {
      const w = await world();
      const { allocation } = await allocateEpoch(w.attestor, { datanetId: DATANET, policy: "pro-rata" });
      await postRoot(w.attestor, { allocation, uri: "ipfs://tree/1", depositBond: true });
      const before = await nonceOf(w.attestor);

      const again = await rejection(() => postRoot(w.attestor, { allocation, uri: "ipfs://tree/1" }));
      expect(decodeError(again)).to.equal("the root of datanet 1 epoch 1 is already pending");
      const next = {
        ...allocation,
        epoch: 2,
        allocations: allocation.allocations.map((a) => ({ ...a, cumulativeAmount: "1" })),
        cumulativeTotal: "2",
      };
      const inWindow = await rejection(() => postRoot(w.attestor, { allocation: next, uri: "x" }));
      expect(decodeError(inWindow)).to.match(
        /^datanet 1: the root of epoch 1 is in its challenge window until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in /,
      );
      expect(await nonceOf(w.attestor)).to.equal(before);
    });

    it("refuses a total above what the datanet accrued, or below the previous root's", async function () {
      const w = await world();
      const { allocation } = await allocateEpoch(w.attestor, { datanetId: DATANET, policy: "pro-rata" });
      const raised = { ...allocation, cumulativeTotal: (BigInt(allocation.cumulativeTotal) + 1n).toString() };
      const above = await rejection(() => postRoot(w.attestor, { allocation: raised, uri: "x", depositBond: true }));
      expect(decodeError(above)).to.match(
        /^datanet 1 epoch 1: total 4\.000000000000000001 OPEN is above what the datanet accrued \(4 OPEN\)$/,
      );

      await postRoot(w.attestor, { allocation, uri: "ipfs://tree/1", depositBond: true });
      await networkHelpers.time.increase(PARAMS.challengeWindow + 1);
      const lowered = {
        ...allocation,
        epoch: 2,
        cumulativeTotal: "1",
        allocations: [{ account: w.alice, cumulativeAmount: "1" }],
      };
      const below = await rejection(() => postRoot(w.attestor, { allocation: lowered, uri: "x" }));
      expect(decodeError(below)).to.equal(
        "datanet 1 epoch 2: total 0.000000000000000001 OPEN is below the previous root's 4 OPEN",
      );
    });
  });

  describe("when the client has no signer", function () {
    it("says so before reading anything else", async function () {
      const w = await world();
      const reader = attach(connection.ethers.provider, w.addresses, 31337n);
      const { allocation } = await allocateEpoch(reader, { datanetId: DATANET, policy: "pro-rata" });
      const err = await rejection(() => postRoot(reader, { allocation, uri: "x" }));
      expect(decodeError(err)).to.equal("postRoot sends a transaction: connect the client to a signer, not a provider");
    });
  });

  describe("when governance replaces a pending root", function () {
    it("lists the pending root as discarded and governance's as active", async function () {
      const w = await world();
      const { allocation } = await allocateEpoch(w.attestor, { datanetId: DATANET, policy: "pro-rata" });
      const posted = await postRoot(w.attestor, { allocation, uri: "ipfs://tree/1", depositBond: true });
      const timelock = w.addresses.timelock;
      await networkHelpers.impersonateAccount(timelock);
      await networkHelpers.setBalance(timelock, parseEther("10"));
      const governance = attach(await connection.ethers.getSigner(timelock), w.addresses, 31337n);
      await (
        await governance.settlement.replaceRootByGovernance(DATANET, id("fix"), parseEther("1"), "ipfs://fix")
      ).wait();

      const { roots } = await attributionRoots(w.stranger, { datanetId: DATANET });
      expect(roots.map((r) => [r.epoch, r.status, r.postedBy])).to.deep.equal([
        [1n, "discarded", w.attestorAddress],
        [1n, "active", "governance"],
      ]);
      expect(roots[0].root).to.equal(posted.tree.root);
      expect(roots[0].readyAt).to.equal(0n);
      expect(roots[1].readyAt).to.equal(roots[1].postedAt);
    });
  });
});
