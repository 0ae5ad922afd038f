import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { id, keccak256, parseEther, toUtf8Bytes, ZeroHash } from "ethers";
import hre from "hardhat";
import { getSuite } from "../../tasks/lib/index.js";
import { attribute, attributionHash, buildTree, formatInferenceRecord } from "../../package/src/attribution/index.js";
import type { Explanation, InferenceRecord } from "../../package/src/attribution/index.js";
import { readAllocationFile, readIndexFile, writeTreeFile } from "../../package/src/node/index.js";
import { runJson, runTask } from "../fixtures/tasks.js";

const suite = await getSuite(hre);
const signers = await suite.connection.ethers.getSigners();
const [owner, alice, bob, carol, attestor, modelOwner, payer] = signers;
const work = mkdtempSync(path.join(tmpdir(), "attribution-engine-tasks-"));

const TEXTS = [
  "The patient presented with a persistent cough and a mild fever lasting three days before admission.",
  "Aspirin should not be given to children with viral infections because of the risk of Reye syndrome.",
  "A review comment should say what is wrong, why it matters and how the author could fix it.",
];
const OTHER = "Rust's borrow checker refuses two mutable references to the same value at the same time.";
const hashOf = (text: string): string => keccak256(toUtf8Bytes(text));

interface Indexed {
  file: string;
  bytes: number;
  k: number;
  records: number;
  tokens: number;
  datanets: Array<{ datanet: string; version: number; records: number; recordsHash: string }>;
}

let dA: bigint; // three records, one per contributor; the model is trained on its version 1
let dB: bigint; // one other record
let modelId: bigint;
const jsonl = path.join(work, "records.jsonl");
const folder = path.join(work, "records");
const indexA = path.join(work, "a.idx");
const indexB = path.join(work, "b.idx");

async function createDatanet(texts: Array<[(typeof signers)[number], string]>): Promise<bigint> {
  await (
    await suite.datanets.connect(owner).createDatanet("ipfs://datanet/engine", false, 0n, attestor.address)
  ).wait();
  const datanetId = await suite.datanets.datanetCount();
  for (const [who, text] of texts) {
    await (await suite.datanets.connect(who).contribute(datanetId, hashOf(text), "ipfs://engine/record")).wait();
  }
  await (await suite.datanets.connect(owner).publishVersion(datanetId, `ipfs://engine/v1/${datanetId}`)).wait();
  return datanetId;
}

describe("attribution engine tasks", function () {
  before(async function () {
    dA = await createDatanet([
      [alice, TEXTS[0]],
      [bob, TEXTS[1]],
      [carol, TEXTS[2]],
    ]);
    dB = await createDatanet([[alice, OTHER]]);
    await (
      await suite.models.connect(modelOwner).registerModel({
        cardURI: "ipfs://model/engine.json",
        weightsHash: id("engine-weights"),
        weightsURI: "ipfs://model/engine-weights",
        parentId: 0n,
        datanets: [{ datanetId: dA, version: 1n, weightBps: 10_000n }],
        price: parseEther("1"),
        ownerBps: 2000n,
      })
    ).wait();
    modelId = await suite.models.modelCount();
    writeFileSync(
      jsonl,
      [...TEXTS, OTHER].map((text) => JSON.stringify({ contentHash: hashOf(text), text })).join("\n"),
    );
    mkdirSync(folder);
    // One file named by its content hash, the others by anything: they are keyed by what their bytes hash to.
    writeFileSync(path.join(folder, `${hashOf(TEXTS[0])}.txt`), TEXTS[0]);
    writeFileSync(path.join(folder, "b.txt"), TEXTS[1]);
    writeFileSync(path.join(folder, "c.txt"), TEXTS[2]);
  });

  describe("attribution:index", function () {
    it("indexes a datanet version's records, each checked against its content hash, and writes the index file", async function () {
      const out = await runJson<Indexed>("attribution:index", { datanet: String(dA), records: jsonl, out: indexA });
      expect(out.records).to.equal(3);
      expect(out.k).to.equal(8);
      expect(out.datanets).to.have.length(1);
      expect(out.datanets[0]).to.include({ datanet: dA.toString(), version: 1, records: 3 });
      const index = readIndexFile(indexA);
      expect(index.records.count).to.equal(3);
      expect(readFileSync(indexA).length).to.equal(out.bytes);
    });

    it("gives the same index from a folder of records as from a JSON-lines file", async function () {
      const fromFolder = path.join(work, "folder.idx");
      await runJson<Indexed>("attribution:index", { datanet: String(dA), records: folder, out: fromFolder });
      expect(readFileSync(fromFolder).equals(readFileSync(indexA))).to.equal(true);
    });

    it("indexes several datanets at once, at the versions given", async function () {
      const both = path.join(work, "both.idx");
      const out = await runJson<Indexed>("attribution:index", {
        datanet: `${dA},${dB}`,
        datanetVersion: "1",
        records: jsonl,
        out: both,
      });
      expect(out.records).to.equal(4);
      expect(out.datanets.map((d) => d.datanet)).to.deep.equal([dA.toString(), dB.toString()]);
      await runJson<Indexed>("attribution:index", { datanet: String(dB), records: jsonl, out: indexB });
    });

    it("indexes a version's Merkle batch from its tree file, its records credited to its submitter", async function () {
      await (
        await suite.datanets.connect(owner).createDatanet("ipfs://datanet/batch", false, 0n, attestor.address)
      ).wait();
      const dC = await suite.datanets.datanetCount();
      const batchDir = path.join(work, "batch");
      mkdirSync(batchDir);
      for (let i = 0; i < 3; i++) writeFileSync(path.join(batchDir, `r${i}.txt`), `${TEXTS[i]} (batch copy ${i})`);
      const treeFile = path.join(work, "batch-tree.json");
      await runJson("datanet:contribute", {
        datanet: dC.toString(),
        path: batchDir,
        out: treeFile,
        batchThreshold: 2,
        from: 2,
      });
      await (await suite.datanets.connect(owner).publishVersion(dC, "ipfs://engine/batch/v1")).wait();

      const batchIndex = path.join(work, "batch.idx");
      const out = await runJson<Indexed>("attribution:index", {
        datanet: String(dC),
        records: batchDir,
        trees: treeFile,
        out: batchIndex,
      });
      expect(out.records).to.equal(3);
      const index = readIndexFile(batchIndex);
      const result = attribute(index, TEXTS[2], { inferenceId: id("batch"), modelId: 0n });
      if (result.status !== "attributed") throw new Error("expected an attribution");
      expect(result.shares.map((c) => c.account)).to.deep.equal([bob.address]);

      const noTree = await runTask("attribution:index", { datanet: String(dC), records: batchDir, out: batchIndex });
      expect(noTree.exitCode).to.equal(1);
      expect(noTree.stderr).to.include("holds the batch");
      expect(noTree.stderr).to.include("give its tree file");
    });

    it("refuses a record whose text does not match its on-chain content hash, naming the record", async function () {
      const bad = path.join(work, "bad.jsonl");
      const lines = TEXTS.map((text, i) =>
        JSON.stringify({ contentHash: hashOf(text), text: i === 1 ? `${text} (edited)` : text }),
      );
      writeFileSync(bad, lines.join("\n"));
      const out = await runTask("attribution:index", {
        datanet: String(dA),
        records: bad,
        out: path.join(work, "x.idx"),
      });
      expect(out.exitCode).to.equal(1);
      expect(out.stderr).to.include(`record ${hashOf(TEXTS[1]).toLowerCase()}`);
      expect(out.stderr).to.include(`${bad}:2`);
      expect(out.stderr).to.include("not its on-chain content hash");
      expect(
        out.stderr
          .trim()
          .split("\n")
          .filter((l) => l.startsWith("error")),
      ).to.have.length(1);
    });

    it("refuses a record with no text in the records given", async function () {
      const partial = path.join(work, "partial.jsonl");
      writeFileSync(partial, JSON.stringify({ text: TEXTS[0] }));
      const out = await runTask("attribution:index", {
        datanet: String(dA),
        records: partial,
        out: path.join(work, "x.idx"),
      });
      expect(out.exitCode).to.equal(1);
      expect(out.stderr).to.include(`record ${hashOf(TEXTS[1]).toLowerCase()}`);
      expect(out.stderr).to.include("has no text");
    });

    it("refuses a version that is not published, and bad options", async function () {
      const missing = await runTask("attribution:index", {
        datanet: String(dA),
        datanetVersion: "2",
        records: jsonl,
        out: path.join(work, "x.idx"),
      });
      expect(missing.exitCode).to.equal(1);
      expect(missing.stderr).to.match(/UnknownDatanetVersion|version/);
      const noOut = await runTask("attribution:index", { datanet: String(dA), records: jsonl });
      expect(noOut.stderr).to.include("--out is required");
      const twice = await runTask("attribution:index", { datanet: `${dA},${dA}`, records: jsonl, out: "x" });
      expect(twice.stderr).to.include("twice");
      const noRecords = await runTask("attribution:index", {
        datanet: String(dA),
        records: path.join(work, "nope"),
        out: "x",
      });
      expect(noRecords.stderr).to.include("no such records file or folder");
    });
  });

  describe("attribution:attribute", function () {
    const output = path.join(work, "output.txt");
    before(function () {
      writeFileSync(
        output,
        "Note: aspirin should not be given to children with viral infections, as every nurse knows.",
      );
    });

    it("prints the spans, the contributors and the attribution hash to settle with", async function () {
      const inference = id("engine-inference-1");
      const json = await runJson<Explanation>("attribution:attribute", {
        index: indexA,
        output,
        model: String(modelId),
        inference,
      });
      expect(json.status).to.equal("attributed");
      expect(json.contributors.map((c) => c.account)).to.deep.equal([bob.address]);
      const direct = attribute(readIndexFile(indexA), readFileSync(output, "utf8"), {
        inferenceId: inference,
        modelId,
      });
      if (direct.status !== "attributed") throw new Error("expected an attribution");
      expect(json.attributionHash).to.equal(direct.attributionHash);
      expect(json.attributionHash).to.equal(attributionHash(direct.record));

      const text = await runTask("attribution:attribute", { index: indexA, output, model: String(modelId), inference });
      expect(text.exitCode).to.equal(undefined);
      expect(text.stdout).to.include(`attributionHash: ${direct.attributionHash}`);
    });

    it("names the inference by the output's hash when no id is given", async function () {
      const json = await runJson<Explanation>("attribution:attribute", { index: indexA, output });
      expect(json.inferenceId).to.equal(hashOf(readFileSync(output, "utf8")));
    });

    it("fails when the output has no span of k tokens or more", async function () {
      const short = path.join(work, "short.txt");
      writeFileSync(short, "Aspirin should not be given, says nobody in particular.");
      const out = await runTask("attribution:attribute", { index: indexA, output: short });
      expect(out.exitCode).to.equal(1);
      expect(out.stderr).to.include("nothing to attribute");
      const lower = await runJson<Explanation>("attribution:attribute", { index: indexA, output: short, k: 4 });
      expect(lower.status).to.equal("attributed");
    });

    it("refuses an index built on other records than the model's training set", async function () {
      const out = await runTask("attribution:attribute", { index: indexB, output, model: String(modelId) });
      expect(out.exitCode).to.equal(1);
      expect(out.stderr).to.include(`datanet ${dA} version 1`);
    });

    it("refuses a corrupted index file in one line naming it", async function () {
      const corrupted = path.join(work, "corrupted.idx");
      const bytes = readFileSync(indexA);
      bytes[bytes.length >> 1] ^= 0xff;
      writeFileSync(corrupted, bytes);
      const out = await runTask("attribution:attribute", { index: corrupted, output });
      expect(out.exitCode).to.equal(1);
      expect(out.stderr).to.include(corrupted);
      expect(out.stderr.trim().split("\n")).to.have.length(1);
      const missing = await runTask("attribution:attribute", { index: path.join(work, "none.idx"), output });
      expect(missing.stderr).to.include("no such file");
    });
  });

  describe("model:train and model:generate", function () {
    const parentFile = path.join(work, "parent.json");
    const childFile = path.join(work, "child.json");
    interface Trained {
      file: string;
      weightsHash: string;
      order: number;
      parent: string;
      records: number;
      texts: number;
    }

    it("trains on a datanet version's records and writes weights whose file hash is the weights hash", async function () {
      const out = await runJson<Trained>("model:train", { datanet: String(dA), records: jsonl, out: parentFile });
      expect(out).to.include({ order: 3, parent: "none", records: 3, texts: 3 });
      expect(out.weightsHash).to.equal(keccak256(readFileSync(parentFile)));
      const again = await runJson<Trained>("model:train", { datanet: String(dA), records: folder, out: childFile });
      expect(again.weightsHash).to.equal(out.weightsHash);
    });

    it("fine-tunes a child on a second datanet on top of its parent's counts", async function () {
      const parent = await runJson<Trained>("model:train", { datanet: String(dA), records: jsonl, out: parentFile });
      const child = await runJson<Trained>("model:train", {
        datanet: String(dB),
        records: jsonl,
        parent: parentFile,
        out: childFile,
      });
      expect(child).to.include({ parent: parent.weightsHash, records: 1, texts: 4, order: 3 });
      expect(child.weightsHash).to.not.equal(parent.weightsHash);
    });

    it("generates the same text for the same seed", async function () {
      const a = await runJson<{ output: string; weightsHash: string }>("model:generate", {
        weights: childFile,
        seed: "42",
      });
      const b = await runJson<{ output: string }>("model:generate", { weights: childFile, seed: "42" });
      expect(a.output).to.equal(b.output);
      expect(a.output.length).to.be.greaterThan(0);
      expect(a.weightsHash).to.equal(keccak256(readFileSync(childFile)));
      const text = await runTask("model:generate", { weights: childFile, seed: "42" });
      expect(text.stdout.trim()).to.equal(a.output);
    });

    it("refuses a record whose text does not match its content hash, and a damaged weights file", async function () {
      const bad = path.join(work, "bad-train.jsonl");
      writeFileSync(bad, JSON.stringify({ contentHash: hashOf(OTHER), text: "something else" }));
      const out = await runTask("model:train", { datanet: String(dB), records: bad, out: path.join(work, "w.json") });
      expect(out.exitCode).to.equal(1);
      expect(out.stderr).to.include(`record ${hashOf(OTHER).toLowerCase()}`);
      const damaged = path.join(work, "damaged.json");
      writeFileSync(damaged, readFileSync(parentFile, "utf8").replace('"order":3', '"order": 3'));
      const gen = await runTask("model:generate", { weights: damaged });
      expect(gen.exitCode).to.equal(1);
      expect(gen.stderr).to.include(`${damaged}: not in canonical form`);
      const child = await runTask("model:train", {
        datanet: String(dB),
        records: jsonl,
        parent: damaged,
        out: path.join(work, "w.json"),
      });
      expect(child.stderr).to.include(damaged);
    });
  });

  describe("attribution:verify --recompute", function () {
    const outputs = path.join(work, "outputs");
    const treeFile = path.join(work, "epoch.tree.json");
    const logFile = path.join(work, "engine-log.jsonl");
    const OUTPUTS = [
      "Remember: a persistent cough and a mild fever lasting three days before admission is worth a visit.",
      "As a rule, a review comment should say what is wrong, why it matters and how to fix it.",
    ];
    const ids = OUTPUTS.map((_, i) => id(`engine-settled-${i}`));
    interface Verified {
      mismatches: Array<{ name: string; detail: string }>;
    }
    const recomputed = (v: Verified) => v.mismatches.filter((m) => m.name === "recomputed attribution");
    /// Allocates datanet A's settlements from the engine's log (attribution:allocate) and writes the tree file.
    async function allocateInto(file: string): Promise<void> {
      const allocationFile = file.replace(/\.tree\.json$/, ".json");
      await runJson("attribution:allocate", {
        datanet: dA,
        policy: "inference-log",
        log: logFile,
        out: allocationFile,
      });
      const allocation = readAllocationFile(allocationFile);
      writeTreeFile(file, allocation, buildTree(allocation));
    }

    before(async function () {
      await (await suite.open.transfer(payer.address, parseEther("10000"))).wait();
      await (await suite.open.connect(payer).approve(await suite.settlement.getAddress(), parseEther("10000"))).wait();
      mkdirSync(outputs);
      const log: InferenceRecord[] = [];
      const index = readIndexFile(indexA);
      for (const [i, text] of OUTPUTS.entries()) {
        writeFileSync(path.join(outputs, `${ids[i]}.txt`), text);
        const result = attribute(index, text, { inferenceId: ids[i], modelId });
        if (result.status !== "attributed") throw new Error("expected an attribution");
        log.push(result.record);
        await (
          await suite.settlement.connect(payer).settle(modelId, 1n, parseEther("100"), ids[i], result.attributionHash)
        ).wait();
      }
      // The task tests share one network: the payer's allowance goes back to what other files expect.
      await (await suite.open.connect(payer).approve(await suite.settlement.getAddress(), 0n)).wait();
      writeFileSync(logFile, `${log.map(formatInferenceRecord).join("\n")}\n`);
      await allocateInto(treeFile);
    });

    it("attributes every inference settled on-chain again and finds the settled hashes", async function () {
      const out = await runTask("attribution:verify", {
        file: treeFile,
        recompute: true,
        index: indexA,
        outputs,
        json: true,
      });
      expect(recomputed(JSON.parse(out.stdout) as Verified)).to.deep.equal([]);
    });

    it("picks each model's index among several files or a folder", async function () {
      const folderOfIndexes = path.join(work, "indexes");
      mkdirSync(folderOfIndexes);
      writeFileSync(path.join(folderOfIndexes, "a.idx"), readFileSync(indexA));
      writeFileSync(path.join(folderOfIndexes, "b.idx"), readFileSync(indexB));
      for (const index of [`${indexB},${indexA}`, folderOfIndexes]) {
        const out = await runTask("attribution:verify", {
          file: treeFile,
          recompute: true,
          index,
          outputs,
          json: true,
        });
        expect(recomputed(JSON.parse(out.stdout) as Verified)).to.deep.equal([]);
      }
    });

    it("builds the indexes from the records, each text checked against its on-chain content hash", async function () {
      const out = await runTask("attribution:verify", {
        file: treeFile,
        recompute: true,
        records: jsonl,
        outputs,
        json: true,
      });
      expect(recomputed(JSON.parse(out.stdout) as Verified)).to.deep.equal([]);

      // A tampered record: one line naming it, and nothing checked.
      const tampered = path.join(work, "tampered-records");
      mkdirSync(tampered);
      for (const [i, text] of TEXTS.entries()) {
        writeFileSync(path.join(tampered, `${hashOf(text)}.txt`), i === 2 ? text.replace("fix", "mend") : text);
      }
      const bad = await runTask("attribution:verify", { file: treeFile, recompute: true, records: tampered, outputs });
      expect(bad.exitCode).to.equal(1);
      const errors = bad.stderr
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("error"));
      expect(errors).to.have.length(1);
      expect(errors[0]).to.include(`record ${hashOf(TEXTS[2]).toLowerCase()}`);
      expect(errors[0]).to.include("not its on-chain content hash");
    });

    it("names every inference whose output gives another hash than the settled one, no attribution, or is missing", async function () {
      const changed = path.join(work, "outputs-changed");
      mkdirSync(changed);
      // A tampered output: a sentence of another record added.
      writeFileSync(
        path.join(changed, `${ids[0]}.txt`),
        `${OUTPUTS[0]} Aspirin should not be given to children with viral infections.`,
      );
      const out = await runTask("attribution:verify", {
        file: treeFile,
        recompute: true,
        index: indexA,
        outputs: changed,
        json: true,
      });
      expect(out.exitCode).to.equal(1);
      const found = recomputed(JSON.parse(out.stdout) as Verified);
      expect(found).to.have.length(2);
      expect(found[0].detail).to.include(`inference ${ids[0]} (model ${modelId}, block `);
      expect(found[0].detail).to.match(/: recomputed 0x[0-9a-f]{64} ≠ settled 0x[0-9a-f]{64}$/);
      expect(found[1].detail).to.include(`inference ${ids[1]} (model ${modelId}`);
      expect(found[1].detail).to.include("no output");

      // An output that attributes nothing recomputes to the zero hash, which is not the one settled.
      writeFileSync(path.join(changed, `${ids[1]}.txt`), "nothing of the records here");
      const none = recomputed(
        JSON.parse(
          (
            await runTask("attribution:verify", {
              file: treeFile,
              recompute: true,
              index: indexA,
              outputs: changed,
              json: true,
            })
          ).stdout,
        ) as Verified,
      );
      expect(none[1].detail).to.include(`recomputed ${ZeroHash} (unattributed: `);
      expect(none[1].detail).to.not.include("no output");
    });

    it("checks an unattributed inference settled with the zero hash, and names one settled with another hash", async function () {
      const quiet = id("engine-settled-unattributed");
      const forged = id("engine-settled-forged");
      writeFileSync(path.join(outputs, `${quiet}.txt`), "Nothing here comes from any record of the datanet.");
      writeFileSync(path.join(outputs, `${forged}.txt`), OUTPUTS[1]);
      await (await suite.open.connect(payer).approve(await suite.settlement.getAddress(), parseEther("100"))).wait();
      for (const [inference, hash] of [
        [quiet, ZeroHash],
        [forged, id("not the engine's")],
      ]) {
        await (await suite.settlement.connect(payer).settle(modelId, 1n, parseEther("10"), inference, hash)).wait();
      }
      await (await suite.open.connect(payer).approve(await suite.settlement.getAddress(), 0n)).wait();
      const later = path.join(work, "epoch-later.tree.json");
      await allocateInto(later);
      const out = await runTask("attribution:verify", {
        file: later,
        recompute: true,
        index: indexA,
        outputs,
        json: true,
      });
      const found = recomputed(JSON.parse(out.stdout) as Verified);
      expect(found).to.have.length(1);
      expect(found[0].detail).to.include(`inference ${forged} (model ${modelId}`);
      expect(found[0].detail).to.include(`≠ settled ${id("not the engine's")}`);
    });

    it("names an inference whose model's training set no index covers, and needs an index source and --outputs", async function () {
      const other = await runTask("attribution:verify", {
        file: treeFile,
        recompute: true,
        index: indexB,
        outputs,
        json: true,
      });
      expect(other.exitCode).to.equal(1);
      const found = recomputed(JSON.parse(other.stdout) as Verified);
      expect(found).to.have.length(2);
      expect(found[0].detail).to.include(`no index covers its model's training set (datanet ${dA} version 1)`);
      const missing = await runTask("attribution:verify", { file: treeFile, recompute: true, outputs });
      expect(missing.stderr).to.include("--recompute needs --index (index files) or --records");
      const both = await runTask("attribution:verify", {
        file: treeFile,
        recompute: true,
        index: indexA,
        records: jsonl,
        outputs,
      });
      expect(both.stderr).to.include("one of them");
      const noOutputs = await runTask("attribution:verify", { file: treeFile, recompute: true, index: indexA });
      expect(noOutputs.stderr).to.include("--outputs is required");
    });
  });
});
