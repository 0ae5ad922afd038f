import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { id, parseEther } from "ethers";
import hre from "hardhat";
import { getSuite } from "../../tasks/lib/index.js";
import { attributionHash, buildTree, formatInferenceRecord, largestRemainder } from "../../package/src/index.js";
import type { Allocation, InferenceRecord, TreeFile, VersionTotal } from "../../package/src/index.js";
import {
  readAllocationFile,
  readManifest,
  readProof,
  readTreeFile,
  writeTreeFile,
  writeTreeStore,
} from "../../package/src/node/index.js";
import { runJson, runTask } from "../fixtures/tasks.js";

const suite = await getSuite(hre);
const { networkHelpers } = suite.connection;
const signers = await suite.connection.ethers.getSigners();
const [guardian, owner, alice, bob, carol, attestor, modelOwner, payer] = signers;
const ATTESTOR_INDEX = 5;
const contributors = [alice, bob, carol];
const work = mkdtempSync(path.join(tmpdir(), "attribution-tasks-"));
const treesDir = path.join(work, "trees");
mkdirSync(treesDir);
const logFile = path.join(work, "inferences.jsonl");

interface Allocated {
  file: string;
  epoch: number;
  accounts: number;
  cumulativeTotal: string;
  accrued: string;
  unallocated: string;
}

interface Posted {
  treeFile: string;
  root: string;
  cumulativeTotal: string;
  readyAt: number;
  bondDeposited: string;
}

interface Verified {
  ok: boolean;
  status: string;
  mismatches: Array<{ name: string; detail: string }>;
}

interface AllocatedByVersion extends Allocated {
  block: number;
  versions: VersionTotal[];
}

interface Claimed {
  claimed: string;
  datanets: Record<string, string>;
  activated: string[];
  note?: string;
}

let d1: bigint; // curated, allocated from the inference log
let d2: bigint; // open, allocated pro rata
let modelId: bigint;
const log: InferenceRecord[] = [];
let inferenceCount = 0;

/// Creates a datanet whose attribution roots the attestor posts, and returns its id.
async function createDatanet(curated: boolean): Promise<bigint> {
  await (
    await suite.datanets.connect(owner).createDatanet(`ipfs://datanet/${curated}`, curated, 0n, attestor.address)
  ).wait();
  return suite.datanets.datanetCount();
}

/// Settles one inference of the model, with the attribution hash of its log record, and appends the record.
async function settleAttributed(units: bigint, weights: Array<[string, bigint]>): Promise<InferenceRecord> {
  inferenceCount += 1;
  const record: InferenceRecord = {
    inferenceId: id(`inference-${inferenceCount}`),
    modelId,
    datanets: [{ datanetId: d1, contributors: weights.map(([account, weight]) => ({ account, weight })) }],
  };
  log.push(record);
  writeFileSync(logFile, `${log.map(formatInferenceRecord).join("\n")}\n`);
  await (
    await suite.settlement
      .connect(payer)
      .settle(modelId, units, parseEther("1000"), record.inferenceId, attributionHash(record))
  ).wait();
  return record;
}

/// What each account should get from `records`: each inference's credit to d1, split by the record's weights.
async function expectedSplit(records: InferenceRecord[]): Promise<Map<string, bigint>> {
  const amounts = new Map<string, bigint>();
  for (const r of records) {
    const events = await suite.settlement.queryFilter(suite.settlement.filters.InferenceSettled(r.inferenceId));
    const preview = await suite.settlement.previewSplit(modelId, events[0].args.fee);
    const credit = preview.datanets.filter((c) => c.id === d1).reduce((s, c) => s + c.amount, 0n);
    const weights = new Map(r.datanets[0].contributors.map((c) => [c.account, c.weight]));
    for (const [account, amount] of largestRemainder(credit, weights)) {
      amounts.set(account, (amounts.get(account) ?? 0n) + amount);
    }
  }
  return amounts;
}

function leafOf(treeFile: string, account: string): bigint {
  const entry = readTreeFile(treeFile).proofs[account];
  return BigInt(entry?.cumulativeAmount ?? "0");
}

async function warpPastWindow(): Promise<void> {
  await networkHelpers.time.increase((await suite.settlement.challengeWindow()) + 1n);
}

describe("attribution tasks", function () {
  let tree1: string; // d1, epoch 1
  let tree2: string; // d2, epoch 1
  const firstRecords: InferenceRecord[] = [];

  before(async function () {
    for (const s of [attestor, payer, ...contributors]) await suite.open.transfer(s.address, parseEther("100000"));
    await suite.open.connect(payer).approve(await suite.settlement.getAddress(), parseEther("1000000"));

    // d1: curated, three contributors with weights 5, 3 + 2, and 7 (and one rejected record).
    d1 = await createDatanet(true);
    const records: Array<[typeof alice, string, bigint]> = [
      [alice, "a1", 5n],
      [bob, "b1", 3n],
      [bob, "b2", 2n],
      [carol, "c1", 7n],
      [carol, "c2", 0n],
    ];
    for (const [who, name] of records) {
      await (await suite.datanets.connect(who).contribute(d1, id(name), `ipfs://records/${name}`)).wait();
    }
    await (
      await suite.datanets.connect(owner).review(
        d1,
        records.map(([, name, weight]) => ({ contentHash: id(name), weight })),
      )
    ).wait();
    // d2: open, one record each (weight 1).
    d2 = await createDatanet(false);
    for (const who of contributors) {
      await (await suite.datanets.connect(who).contribute(d2, id(`d2-${who.address}`), "ipfs://records/d2")).wait();
    }
    // One model trained on version 1 of both.
    for (const d of [d1, d2]) await (await suite.datanets.connect(owner).publishVersion(d, `ipfs://v1/${d}`)).wait();
    await (
      await suite.models.connect(modelOwner).registerModel({
        cardURI: "ipfs://model/card.json",
        weightsHash: id("weights"),
        weightsURI: "ipfs://model/weights",
        parentId: 0n,
        datanets: [
          { datanetId: d1, version: 1n, weightBps: 6000n },
          { datanetId: d2, version: 1n, weightBps: 4000n },
        ],
        price: parseEther("3.333333333333333331"),
        ownerBps: 2000n,
      })
    ).wait();
    modelId = await suite.models.modelCount();

    firstRecords.push(
      await settleAttributed(1n, [
        [alice.address, 2n],
        [bob.address, 1n],
      ]),
      await settleAttributed(3n, [
        [alice.address, 1n],
        [bob.address, 1n],
        [carol.address, 1n],
      ]),
      await settleAttributed(2n, [[carol.address, 9n]]),
    );
  });

  describe("attribution:hash", function () {
    describe("when given the inference log", function () {
      it("prints each inference's attribution hash, the one its settlement carries", async function () {
        const result = await runJson<{ inferences: number; attributionHash: Record<string, string> }>(
          "attribution:hash",
          { log: logFile },
        );
        expect(result.inferences).to.equal(3);
        for (const r of firstRecords) {
          const [settled] = await suite.settlement.queryFilter(
            suite.settlement.filters.InferenceSettled(r.inferenceId),
          );
          expect(result.attributionHash[r.inferenceId]).to.equal(settled.args.attributionHash);
        }
      });
    });
  });

  describe("attribution:allocate", function () {
    describe("when the policy is inference-log", function () {
      it("allocates every settled inference's credit to d1 by the log's weights, summing to d1's accrued amount", async function () {
        const out = path.join(work, "d1-epoch1.json");
        const result = await runJson<Allocated>("attribution:allocate", {
          datanet: d1,
          policy: "inference-log",
          log: logFile,
          out,
        });

        const accrued = await suite.settlement.accrued(d1);
        expect(result.epoch).to.equal(1);
        expect(BigInt(result.cumulativeTotal)).to.equal(accrued);
        expect(result.unallocated).to.equal("0");
        const file = readAllocationFile(out);
        const expected = await expectedSplit(firstRecords);
        expect(file.allocations).to.deep.equal(
          [alice, bob, carol]
            .map((s) => s.address)
            .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
            .map((account) => ({ account, cumulativeAmount: expected.get(account)!.toString() })),
        );
        expect(file.inferences?.map((i) => i.attributionHash)).to.deep.equal(firstRecords.map(attributionHash));
        expect(file.creditBasis?.protocolBps).to.equal(Number(await suite.settlement.protocolBps()));
      });
    });

    describe("when the policy is pro-rata", function () {
      it("distributes every settlement's credit to d2 (its whole accrued amount) over the three equal contributors of version 1", async function () {
        const out = path.join(work, "d2-epoch1.json");
        const result = await runJson<Allocated>("attribution:allocate", { datanet: d2, policy: "pro-rata", out });

        const accrued = await suite.settlement.accrued(d2);
        expect(BigInt(result.cumulativeTotal)).to.equal(accrued);
        const file = readAllocationFile(out);
        expect(file.versions).to.deep.equal([{ version: 1, credit: accrued.toString() }]);
        const amounts = file.allocations.map((e) => BigInt(e.cumulativeAmount));
        expect(amounts).to.have.length(3);
        expect(amounts.reduce((s, a) => s + a, 0n)).to.equal(accrued);
        expect(amounts.every((a) => a === accrued / 3n || a === accrued / 3n + 1n)).to.equal(true);
      });

      it("weighs d1's contributors by their accepted weights (5, 3 + 2, 7)", async function () {
        const out = path.join(work, "d1-prorata.json");
        await runJson<Allocated>("attribution:allocate", { datanet: d1, policy: "pro-rata", out });

        const accrued = await suite.settlement.accrued(d1);
        const byAccount = new Map(
          readAllocationFile(out).allocations.map((e) => [e.account, BigInt(e.cumulativeAmount)]),
        );
        const weights = new Map([
          [alice.address, 5n],
          [bob.address, 5n],
          [carol.address, 7n],
        ]);
        for (const [account, weight] of weights) {
          const floor = (accrued * weight) / 17n;
          expect(byAccount.get(account)! - floor).to.be.oneOf([0n, 1n]);
        }
        expect([...byAccount.values()].reduce((s, a) => s + a, 0n)).to.equal(accrued);
      });
    });

    describe("when a log record does not match the settled attribution hash", function () {
      it("warns with one line naming the inference and leaves its credit unallocated", async function () {
        const bad = path.join(work, "bad.jsonl");
        const altered = log.map((r, i) =>
          i === 1 ? { ...r, datanets: [{ datanetId: d1, contributors: [{ account: alice.address, weight: 1n }] }] } : r,
        );
        writeFileSync(bad, altered.map(formatInferenceRecord).join("\n"));
        const file = path.join(work, "mismatched.json");

        const out = await runTask("attribution:allocate", {
          datanet: d1,
          policy: "inference-log",
          log: bad,
          out: file,
        });

        expect(out.exitCode).to.equal(undefined);
        const warnings = out.stderr.split("\n").filter((line) => line !== "");
        expect(warnings).to.have.length(1);
        expect(warnings[0]).to.match(
          new RegExp(
            `^warning: inference ${log[1].inferenceId} was settled with attribution hash ${attributionHash(log[1])}, ` +
              `not the log's ${attributionHash(altered[1])}: its credit \\(fee [0-9.,]+ OPEN\\) stays unallocated$`,
          ),
        );
        const written = readAllocationFile(file);
        expect(written.inferences?.map((i) => i.inferenceId)).to.not.include(log[1].inferenceId);
        expect(BigInt(written.cumulativeTotal)).to.be.below(await suite.settlement.accrued(d1));
      });
    });
  });

  describe("attribution:post", function () {
    describe("when the attestor has no bond and --bond is not given", function () {
      it("fails with one line saying how much to deposit", async function () {
        const out = await runTask("attribution:post", {
          file: path.join(work, "d1-epoch1.json"),
          from: ATTESTOR_INDEX,
        });
        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.equal(
          "error: attestor bond 0 OPEN is below the minimum 1,000 OPEN: pass --bond to deposit 1,000 OPEN\n",
        );
      });
    });

    describe("when the signer is not the datanet's attestor", function () {
      it("fails with one line naming both", async function () {
        const out = await runTask("attribution:post", { file: path.join(work, "d1-epoch1.json"), from: 0 });
        expect(out.stderr).to.equal(
          `error: signer 0 (${guardian.address}) is not the attestor of datanet ${d1} (${attestor.address}); pick it with --from\n`,
        );
      });
    });

    describe("when the attestor posts with --bond", function () {
      it("deposits the bond, posts the root and writes the tree file", async function () {
        const file = path.join(work, "d1-epoch1.json");
        const posted = await runJson<Posted>("attribution:post", { file, from: ATTESTOR_INDEX, bond: true });

        expect(posted.treeFile).to.equal(path.join(work, "d1-epoch1.tree.json"));
        expect(BigInt(posted.bondDeposited)).to.equal(await suite.settlement.minAttestorBond());
        const state = await suite.settlement.rootState(d1);
        expect(state.pendingRoot).to.equal(posted.root);
        expect(state.pendingTotal).to.equal(BigInt(posted.cumulativeTotal));
        expect(BigInt(posted.readyAt)).to.equal(state.pendingReadyAt);
        tree1 = path.join(treesDir, "d1-epoch1.tree.json");
        copyFileSync(posted.treeFile, tree1);

        const second = await runJson<Posted>("attribution:post", {
          file: path.join(work, "d2-epoch1.json"),
          from: ATTESTOR_INDEX,
          uri: "ipfs://attribution/d2/1",
        });
        expect(second.bondDeposited).to.equal("0");
        tree2 = path.join(treesDir, "d2-epoch1.tree.json");
        copyFileSync(second.treeFile, tree2);
      });

      it("writes the tree store next to the tree file, with the same root and the post recorded", async function () {
        for (const name of ["d1-epoch1", "d2-epoch1"]) {
          const store = path.join(work, `${name}.tree`);
          const manifest = readManifest(store);
          const json = readTreeFile(path.join(work, `${name}.tree.json`));
          expect(manifest.root).to.equal(json.root);
          expect(manifest.count).to.equal(json.allocation.allocations.length);
          expect(manifest.posted).to.deep.equal(json.posted);
          for (const e of json.allocation.allocations) {
            expect(readProof(store, e.account)).to.deep.equal(json.proofs[e.account]);
          }
        }
      });
    });
  });

  describe("attribution:verify", function () {
    describe("when the tree file is the one posted", function () {
      it("finds no mismatch, also against the inference log", async function () {
        const result = await runJson<Verified>("attribution:verify", { file: tree1, log: logFile });
        expect(result).to.include({ ok: true, status: "pending" });
        expect(result.mismatches).to.deep.equal([]);
        expect((await runJson<Verified>("attribution:verify", { file: tree2 })).ok).to.equal(true);
      });
    });

    describe("when given the tree store instead of the tree file", function () {
      it("finds no mismatch either, also against the inference log", async function () {
        const store = path.join(work, "d1-epoch1.tree");
        const result = await runJson<Verified & { root: string }>("attribution:verify", { file: store, log: logFile });
        expect(result).to.include({ ok: true, status: "pending", root: readTreeFile(tree1).root });
        expect(result.mismatches).to.deep.equal([]);
        expect(
          (await runJson<Verified>("attribution:verify", { file: path.join(work, "d2-epoch1.tree") })).ok,
        ).to.equal(true);
      });
    });

    describe("when an amount of the tree store was changed", function () {
      it("names the root and total mismatches and exits with code 1", async function () {
        const tampered = path.join(work, "tampered.tree");
        cpSync(path.join(work, "d1-epoch1.tree"), tampered, { recursive: true });
        const leaves = readFileSync(path.join(tampered, "leaves.bin"));
        leaves[20 + 31] ^= 1; // the last byte of the first leaf's amount
        writeFileSync(path.join(tampered, "leaves.bin"), leaves);

        const out = await runTask("attribution:verify", { file: tampered });

        expect(out.exitCode).to.equal(1);
        expect(out.stdout).to.match(/^ok: +false$/m);
        for (const name of ["root mismatch", "proof mismatch", "total mismatch"]) {
          expect(out.stdout).to.match(new RegExp(`^  ${name}: `, "m"));
        }
      });
    });

    describe("when an amount of the tree file was changed", function () {
      it("prints each mismatch by name and exits with code 1", async function () {
        const tampered = path.join(work, "tampered.tree.json");
        const content = JSON.parse(readFileSync(tree1, "utf8")) as TreeFile;
        content.allocation.allocations[0].cumulativeAmount = (
          BigInt(content.allocation.allocations[0].cumulativeAmount) + 1n
        ).toString();
        writeFileSync(tampered, JSON.stringify(content));

        const out = await runTask("attribution:verify", { file: tampered });

        expect(out.exitCode).to.equal(1);
        expect(out.stdout).to.match(/^mismatches: +\d+$/m);
        for (const name of ["root mismatch", "proof mismatch", "total mismatch"]) {
          expect(out.stdout).to.match(new RegExp(`^  ${name}: `, "m"));
        }
      });
    });

    describe("when an inference's attribution hash was changed", function () {
      it("names the inference", async function () {
        const tampered = path.join(work, "tampered-hash.tree.json");
        const content = JSON.parse(readFileSync(tree1, "utf8")) as TreeFile;
        content.allocation.inferences![2].attributionHash = id("forged");
        writeFileSync(tampered, JSON.stringify(content));

        const result = await runTask("attribution:verify", { file: tampered, json: true });

        expect(result.exitCode).to.equal(1);
        const parsed = JSON.parse(result.stdout) as Verified;
        expect(parsed.mismatches).to.have.length(1);
        expect(parsed.mismatches[0].name).to.equal("attribution hash mismatch");
        expect(parsed.mismatches[0].detail).to.contain(`inference ${log[2].inferenceId}`);
      });
    });
  });

  describe("attribution:status", function () {
    it("shows the pending root, its window, and what d1 accrued", async function () {
      const status = await runJson<{
        pending: { epoch: string; ready: boolean };
        accrued: string;
        attestorBondOk: boolean;
      }>("attribution:status", { datanet: d1 });
      expect(status.pending).to.include({ epoch: "1", ready: false });
      expect(BigInt(status.accrued)).to.equal(await suite.settlement.accrued(d1));
      expect(status.attestorBondOk).to.equal(true);
    });
  });

  describe("attribution:activate", function () {
    describe("when the root is still in its challenge window", function () {
      it("fails with one line saying until when", async function () {
        const out = await runTask("attribution:activate", { datanet: d1 });
        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.match(/^error: the root of epoch 1 of datanet \d+ is in its challenge window until /);
      });
    });
  });

  describe("rewards:claim", function () {
    describe("when no root is claimable yet", function () {
      it("sends nothing and says so", async function () {
        const result = await runJson<Claimed>("rewards:claim", { account: alice.address, trees: treesDir });
        expect(result.note).to.equal("nothing new to claim");
        expect(result.claimed).to.equal("0");
      });
    });

    describe("when the window is over", function () {
      it("activates both roots and pays each contributor exactly its amounts of both datanets, in one transaction", async function () {
        await warpPastWindow();
        for (const [i, who] of contributors.slice(0, 2).entries()) {
          const before = await suite.open.balanceOf(who.address);
          const result = await runJson<Claimed>("rewards:claim", { account: who.address, trees: `${tree1},${tree2}` });

          const expected = leafOf(tree1, who.address) + leafOf(tree2, who.address);
          expect(BigInt(result.claimed)).to.equal(expected);
          expect((await suite.open.balanceOf(who.address)) - before).to.equal(expected);
          expect(Object.keys(result.datanets)).to.deep.equal([d1.toString(), d2.toString()]);
          expect(result.activated).to.deep.equal(i === 0 ? [`${d1}:1`, `${d2}:1`] : []);
        }
      });

      it("pays the same from the tree stores, a folder of them included", async function () {
        // A folder with the two stores and no tree file: rewards:claim reads one proof from each store.
        const stores = path.join(work, "stores");
        mkdirSync(stores);
        for (const name of ["d1-epoch1", "d2-epoch1"]) {
          cpSync(path.join(work, `${name}.tree`), path.join(stores, `${name}.tree`), { recursive: true });
        }
        const before = await suite.open.balanceOf(carol.address);
        const result = await runJson<Claimed>("rewards:claim", { account: carol.address, trees: stores });

        const expected = leafOf(tree1, carol.address) + leafOf(tree2, carol.address);
        expect(BigInt(result.claimed)).to.equal(expected);
        expect((await suite.open.balanceOf(carol.address)) - before).to.equal(expected);
        expect(Object.keys(result.datanets)).to.deep.equal([d1.toString(), d2.toString()]);
        const state = await suite.settlement.rootState(d1);
        expect(state.claimed).to.equal(state.activeTotal);
        const again = await runJson<Claimed>("rewards:claim", {
          account: carol.address,
          trees: path.join(stores, "d1-epoch1.tree"),
        });
        expect(again.note).to.equal("nothing new to claim");
      });
    });

    describe("when everything was claimed already", function () {
      it("sends nothing", async function () {
        const result = await runJson<Claimed>("rewards:claim", { account: alice.address, trees: treesDir });
        expect(result.note).to.equal("nothing new to claim");
      });
    });

    describe("when a second epoch raises the cumulative amounts", function () {
      it("pays only the difference", async function () {
        const newRecords = [
          await settleAttributed(4n, [
            [alice.address, 3n],
            [carol.address, 1n],
          ]),
          await settleAttributed(1n, [[bob.address, 1n]]),
        ];
        const out = path.join(work, "d1-epoch2.json");
        const allocated = await runJson<Allocated>("attribution:allocate", {
          datanet: d1,
          policy: "inference-log",
          log: logFile,
          previous: tree1,
          out,
        });
        expect(allocated.epoch).to.equal(2);
        expect(BigInt(allocated.cumulativeTotal)).to.equal(await suite.settlement.accrued(d1));
        const posted = await runJson<Posted>("attribution:post", { file: out, from: ATTESTOR_INDEX });
        const treeEpoch2 = path.join(treesDir, "d1-epoch2.tree.json");
        copyFileSync(posted.treeFile, treeEpoch2);
        expect((await runJson<Verified>("attribution:verify", { file: treeEpoch2, log: logFile })).ok).to.equal(true);
        await warpPastWindow();

        const added = await expectedSplit(newRecords);
        for (const who of contributors) {
          expect(leafOf(treeEpoch2, who.address) - leafOf(tree1, who.address)).to.equal(added.get(who.address) ?? 0n);
          const before = await suite.open.balanceOf(who.address);
          const result = await runJson<Claimed>("rewards:claim", { account: who.address, trees: treesDir });
          expect(BigInt(result.claimed)).to.equal(added.get(who.address) ?? 0n);
          expect((await suite.open.balanceOf(who.address)) - before).to.equal(added.get(who.address) ?? 0n);
        }
      });
    });
  });

  describe("attribution:veto", function () {
    describe("when the guardian vetoes a pending root", function () {
      it("removes it, and activation then has nothing to activate", async function () {
        const out = path.join(work, "d2-epoch2.json");
        await runJson<Allocated>("attribution:allocate", { datanet: d2, policy: "pro-rata", previous: tree2, out });
        await runJson<Posted>("attribution:post", { file: out, from: ATTESTOR_INDEX });

        const vetoed = await runJson<{ vetoedEpoch: string; by: string }>("attribution:veto", {
          datanet: d2,
          epoch: 2,
        });

        expect(vetoed).to.include({ vetoedEpoch: "2", by: guardian.address });
        const state = await suite.settlement.rootState(d2);
        expect(state.pendingReadyAt).to.equal(0n);
        expect(state.activeEpoch).to.equal(1n);
        const activation = await runTask("attribution:activate", { datanet: d2 });
        expect(activation.stderr).to.equal(`error: datanet ${d2} has no pending root (active epoch 1)\n`);
        const verified = await runJson<Verified>("attribution:verify", {
          file: path.join(work, "d2-epoch2.tree.json"),
        });
        expect(verified.status).to.equal("vetoed");
      });
    });

    describe("when the signer is not the guardian", function () {
      it("fails with the decoded AccessManager error", async function () {
        const out = await runTask("attribution:veto", { datanet: d2, epoch: 2, from: ATTESTOR_INDEX });
        expect(out.stderr).to.equal(`error: AccessManagedUnauthorized(caller=${attestor.address})\n`);
      });
    });
  });

  describe("rewards:status", function () {
    it("shows a contributor's claimed and claimable amounts per datanet", async function () {
      const status = await runJson<{ datanets: Record<string, { claimable: string; claimed: string }> }>(
        "rewards:status",
        { account: bob.address, trees: treesDir },
      );
      expect(status.datanets[d1.toString()].claimable).to.equal("0");
      expect(BigInt(status.datanets[d1.toString()].claimed)).to.equal(await suite.settlement.claimed(d1, bob.address));
    });

    it("shows the revenue of the models an account owns", async function () {
      const status = await runJson<{ models: Record<string, string> }>("rewards:status", {
        account: modelOwner.address,
      });
      expect(BigInt(status.models[modelId.toString()])).to.equal(await suite.settlement.modelRevenue(modelId));
      expect(BigInt(status.models[modelId.toString()]) > 0n).to.equal(true);
    });

    it("shows the treasury's accrued share for the treasury", async function () {
      const [, , , , treasury] = await suite.settlement.dependencies();
      const status = await runJson<{ treasuryAccrued: string }>("rewards:status", { account: treasury });
      expect(BigInt(status.treasuryAccrued)).to.equal(await suite.settlement.treasuryAccrued());
    });
  });

  describe("attribution:list", function () {
    interface Listed {
      datanets: Array<{
        datanet: string;
        roots: Array<{ epoch: string; status: string; cumulativeTotal: string; readyAt: string; postedBy: string }>;
      }>;
    }

    describe("with --json", function () {
      it("gives each datanet's roots in posting order, with their status by name and exact totals", async function () {
        const listed = await runJson<Listed>("attribution:list", {});
        const byId = new Map(listed.datanets.map((d) => [d.datanet, d.roots]));
        const d1Roots = byId.get(d1.toString()) ?? [];
        const d2Roots = byId.get(d2.toString()) ?? [];

        expect(d1Roots.map((r) => [r.epoch, r.status])).to.deep.equal([
          ["1", "superseded"],
          ["2", "active"],
        ]);
        expect(d2Roots.map((r) => [r.epoch, r.status])).to.deep.equal([
          ["1", "active"],
          ["2", "vetoed"],
        ]);
        const state = await suite.settlement.rootState(d1);
        expect(BigInt(d1Roots[1].cumulativeTotal)).to.equal(state.activeTotal);
        expect(d2Roots[1].readyAt).to.equal("0");
        expect(d1Roots.every((r) => r.postedBy === attestor.address)).to.equal(true);
      });
    });

    describe("with --datanet", function () {
      it("prints only that datanet, totals in OPEN and times as dates relative to now", async function () {
        const out = await runTask("attribution:list", { datanet: d2 });

        expect(out.exitCode).to.equal(undefined);
        const lines = out.stdout.split("\n");
        expect(lines[0]).to.equal(`datanet ${d2}: 2 roots`);
        expect(lines[1]).to.match(/^ {2}epoch 1 {2}active {4}.* OPEN {2}root 0x[0-9a-f]{64}$/);
        expect(lines[2]).to.match(/^ {4}posted \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(.* ago\) by 0x/);
        expect(lines[3]).to.match(/^ {2}epoch 2 {2}vetoed /);
        expect(out.stdout).to.not.contain(`datanet ${d1}:`);
      });
    });

    describe("when the datanet does not exist", function () {
      it("fails with one line", async function () {
        const count = await suite.datanets.datanetCount();
        const out = await runTask("attribution:list", { datanet: count + 1n });
        expect(out.stderr).to.equal(`error: datanet ${count + 1n} does not exist: there are ${count} datanets\n`);
      });
    });
  });

  describe("attribution by datanet version", function () {
    // d3 (open): alice (2 records) and bob (1) make version 1, which model A trains on; carol joins (1 record) and
    // version 2, which model B trains on, holds all three.
    let d3: bigint;
    let modelA: bigint;
    let modelB: bigint;
    const versionOf = new Map<bigint, number>();
    const d3Log = path.join(work, "d3-inferences.jsonl");
    let outsider: InferenceRecord;
    let outsiderBlock: number;
    let epoch1: Allocation;
    const v1Weights = (): Map<string, bigint> =>
      new Map([
        [alice.address, 2n],
        [bob.address, 1n],
      ]);
    const v2Weights = (): Map<string, bigint> => new Map([...v1Weights(), [carol.address, 1n]]);

    async function registerOn(version: bigint): Promise<bigint> {
      await (
        await suite.models.connect(modelOwner).registerModel({
          cardURI: `ipfs://model/d3-v${version}.json`,
          weightsHash: id(`d3-v${version}`),
          weightsURI: `ipfs://model/d3-v${version}`,
          parentId: 0n,
          datanets: [{ datanetId: d3, version, weightBps: 10_000n }],
          price: parseEther("1.000000000000000001"),
          ownerBps: 2000n,
        })
      ).wait();
      const modelId = await suite.models.modelCount();
      versionOf.set(modelId, Number(version));
      return modelId;
    }

    async function settleOn(model: bigint, units: bigint, label: string, hash = id(label)): Promise<number> {
      const receipt = await (
        await suite.settlement.connect(payer).settle(model, units, parseEther("1000"), id(label), hash)
      ).wait();
      return receipt!.blockNumber;
    }

    /// What d3's settlements after `afterBlock` credited each version, from each model's own split at its block:
    /// model A's credit to version 1, model B's to version 2.
    async function creditsAfter(afterBlock: number): Promise<Map<number, bigint>> {
      const events = await suite.settlement.queryFilter(suite.settlement.filters.InferenceSettled(), afterBlock + 1);
      const credits = new Map<number, bigint>();
      for (const e of events) {
        const version = versionOf.get(e.args.modelId);
        if (version === undefined) continue;
        const preview = await suite.settlement.previewSplit(e.args.modelId, e.args.fee, { blockTag: e.blockNumber });
        const credit = preview.datanets.filter((c) => c.id === d3).reduce((t, c) => t + c.amount, 0n);
        credits.set(version, (credits.get(version) ?? 0n) + credit);
      }
      return credits;
    }

    /// `base` plus each version's credit split over that version's weights, as the allocation's entries.
    function expectedEntries(
      base: ReadonlyMap<string, bigint>,
      credits: ReadonlyMap<number, bigint>,
    ): Array<{ account: string; cumulativeAmount: string }> {
      const amounts = new Map(base);
      for (const [version, credit] of credits) {
        for (const [account, part] of largestRemainder(credit, version === 1 ? v1Weights() : v2Weights())) {
          amounts.set(account, (amounts.get(account) ?? 0n) + part);
        }
      }
      return [...amounts.entries()]
        .sort(([a], [b]) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
        .map(([account, amount]) => ({ account, cumulativeAmount: amount.toString() }));
    }

    const leavesOf = (a: Allocation): Map<string, bigint> =>
      new Map(a.allocations.map((e) => [e.account, BigInt(e.cumulativeAmount)]));

    before(async function () {
      d3 = await createDatanet(false);
      for (const [who, name] of [
        [alice, "d3-a1"],
        [alice, "d3-a2"],
        [bob, "d3-b1"],
      ] as const) {
        await (await suite.datanets.connect(who).contribute(d3, id(name), `ipfs://records/${name}`)).wait();
      }
      await (await suite.datanets.connect(owner).publishVersion(d3, "ipfs://d3/v1")).wait();
      modelA = await registerOn(1n);
      await (await suite.datanets.connect(carol).contribute(d3, id("d3-c1"), "ipfs://records/d3-c1")).wait();
      await (await suite.datanets.connect(owner).publishVersion(d3, "ipfs://d3/v2")).wait();
      modelB = await registerOn(2n);

      // An inference of model A whose log names carol, who is not in version 1.
      outsider = {
        inferenceId: id("d3-outsider"),
        modelId: modelA,
        datanets: [
          {
            datanetId: d3,
            contributors: [
              { account: alice.address, weight: 1n },
              { account: carol.address, weight: 1n },
            ],
          },
        ],
      };
      writeFileSync(d3Log, `${formatInferenceRecord(outsider)}\n`);
      outsiderBlock = await settleOn(modelA, 1n, "d3-outsider", attributionHash(outsider));
      await settleOn(modelA, 3n, "d3-a-1");
      await settleOn(modelB, 1n, "d3-b-1");
    });

    describe("attribution:allocate --policy inference-log", function () {
      describe("when the log names a contributor outside the version the inference's model was trained on", function () {
        it("refuses the log with one line naming the inference, and writes no file", async function () {
          const out = path.join(work, "d3-inference-log.json");
          const result = await runTask("attribution:allocate", {
            datanet: d3,
            policy: "inference-log",
            log: d3Log,
            out,
          });

          expect(result.exitCode).to.equal(1);
          expect(result.stderr).to.equal(
            `error: inference ${outsider.inferenceId} (model ${modelA}, block ${outsiderBlock}): contributor ` +
              `${carol.address} is not in version 1 of the datanet, which the model's training set named then\n`,
          );
          expect(existsSync(out)).to.equal(false);
        });
      });
    });

    describe("attribution:allocate --policy pro-rata over two versions", function () {
      it("pays a contributor who joined after version 1 nothing from the model on version 1 and its share from the model on version 2", async function () {
        const out = path.join(work, "d3-epoch1.json");
        const result = await runJson<AllocatedByVersion>("attribution:allocate", {
          datanet: d3,
          policy: "pro-rata",
          out,
        });

        const credits = await creditsAfter(0);
        const [v1, v2] = [credits.get(1)!, credits.get(2)!];
        expect(v1 > 0n && v2 > 0n).to.equal(true);
        epoch1 = readAllocationFile(out);
        expect(epoch1.allocations).to.deep.equal(expectedEntries(new Map(), credits));
        // Carol holds exactly her share of version 2, and nothing of version 1.
        expect(leavesOf(epoch1).get(carol.address)).to.equal(largestRemainder(v2, v2Weights()).get(carol.address));
        expect(epoch1.versions).to.deep.equal([
          { version: 1, credit: v1.toString() },
          { version: 2, credit: v2.toString() },
        ]);
        expect(result.versions).to.deep.equal(epoch1.versions);
        expect(BigInt(result.cumulativeTotal)).to.equal(v1 + v2);
        expect(BigInt(result.cumulativeTotal)).to.equal(await suite.settlement.accrued(d3));
        expect(result.unallocated).to.equal("0");
      });

      it("allocates in a second epoch only the settlements after the first one's block, cumulatively, exact to the unit", async function () {
        await runJson<Posted>("attribution:post", { file: path.join(work, "d3-epoch1.json"), from: ATTESTOR_INDEX });
        await settleOn(modelA, 2n, "d3-a-2");
        await settleOn(modelB, 5n, "d3-b-2");
        await warpPastWindow();
        const out = path.join(work, "d3-epoch2.json");

        const result = await runJson<AllocatedByVersion>("attribution:allocate", {
          datanet: d3,
          policy: "pro-rata",
          previous: path.join(work, "d3-epoch1.tree.json"),
          out,
        });

        const added = await creditsAfter(epoch1.block!);
        const [v1, v2] = [added.get(1)!, added.get(2)!];
        expect(v1 > 0n && v2 > 0n).to.equal(true);
        const epoch2 = readAllocationFile(out);
        expect(epoch2.epoch).to.equal(2);
        expect(epoch2.allocations).to.deep.equal(expectedEntries(leavesOf(epoch1), added));
        const before = new Map(epoch1.versions!.map((v) => [v.version, BigInt(v.credit)]));
        expect(epoch2.versions).to.deep.equal([
          { version: 1, credit: (before.get(1)! + v1).toString() },
          { version: 2, credit: (before.get(2)! + v2).toString() },
        ]);
        expect(BigInt(result.cumulativeTotal)).to.equal(BigInt(epoch1.cumulativeTotal) + v1 + v2);
        expect(BigInt(result.cumulativeTotal)).to.equal(await suite.settlement.accrued(d3));

        await runJson<Posted>("attribution:post", { file: out, from: ATTESTOR_INDEX });
        const verified = await runJson<Verified>("attribution:verify", {
          file: path.join(work, "d3-epoch2.tree.json"),
        });
        expect(verified).to.include({ ok: true, status: "pending" });
        expect(verified.mismatches).to.deep.equal([]);
      });
    });

    describe("attribution:verify on the versions an allocation credits", function () {
      /// Epoch 1 of d3 with alice's share of version 1 paid to carol instead: the leaves still add up to the total.
      function payLateContributor(): { allocation: Allocation; moved: bigint } {
        const moved = largestRemainder(BigInt(epoch1.versions![0].credit), v1Weights()).get(alice.address)!;
        const allocations = epoch1.allocations.map((e) => {
          const delta = e.account === alice.address ? -moved : e.account === carol.address ? moved : 0n;
          return { account: e.account, cumulativeAmount: (BigInt(e.cumulativeAmount) + delta).toString() };
        });
        return { allocation: { ...epoch1, allocations }, moved };
      }

      function versionMismatch(moved: bigint): string {
        const held = leavesOf(epoch1).get(carol.address)! + moved;
        return `contributors who joined in version 2 or later hold ${held}, but versions 2 and later credited only ${epoch1.versions![1].credit}`;
      }

      describe("when the tree file and the tree store are the ones posted", function () {
        it("finds no mismatch", async function () {
          for (const file of [path.join(work, "d3-epoch1.tree.json"), path.join(work, "d3-epoch1.tree")]) {
            const result = await runJson<Verified>("attribution:verify", { file });
            expect(result.ok).to.equal(true);
            expect(result.mismatches).to.deep.equal([]);
          }
        });
      });

      describe("when the tree file was edited to pay a late contributor from version 1's credits", function () {
        it("reports a version mismatch, besides the root, and exits with code 1", async function () {
          const { allocation, moved } = payLateContributor();
          const file = path.join(work, "d3-late.tree.json");
          writeTreeFile(file, allocation, buildTree(allocation));

          const out = await runTask("attribution:verify", { file, json: true });

          expect(out.exitCode).to.equal(1);
          const result = JSON.parse(out.stdout) as Verified;
          expect(result.ok).to.equal(false);
          expect(result.mismatches.map((m) => m.name)).to.deep.equal(["root mismatch", "version mismatch"]);
          expect(result.mismatches[1].detail).to.equal(versionMismatch(moved));
        });
      });

      describe("when the tree store was written to pay a late contributor from version 1's credits", function () {
        it("reports the same version mismatch and exits with code 1", async function () {
          const { allocation, moved } = payLateContributor();
          const store = path.join(work, "d3-late.tree");
          writeTreeStore(store, allocation);

          const out = await runTask("attribution:verify", { file: store, json: true });

          expect(out.exitCode).to.equal(1);
          const result = JSON.parse(out.stdout) as Verified;
          expect(result.mismatches.map((m) => m.name)).to.deep.equal(["root mismatch", "version mismatch"]);
          expect(result.mismatches[1].detail).to.equal(versionMismatch(moved));
        });
      });
    });
  });
});
