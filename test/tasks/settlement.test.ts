import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Wallet, ZeroHash, id, parseEther } from "ethers";
import hre from "hardhat";
import { formatOpen, getSuite } from "../../tasks/lib/index.js";
import { attributionHash, formatInferenceRecord } from "../../package/src/index.js";
import type { InferenceRecord } from "../../package/src/index.js";
import { runJson, runTask } from "../fixtures/tasks.js";

const suite = await getSuite(hre);
const signers = await suite.connection.ethers.getSigners();
const [guardian, owner, builder] = signers;
const PAYER = 6;
const payer = signers[PAYER];
const STRANGER = 19;
const stranger = signers[STRANGER];
const work = mkdtempSync(path.join(tmpdir(), "settlement-tasks-"));
const settlementAddress = await suite.settlement.getAddress();
const PRICE = parseEther("0.01");

interface Quoted {
  model: string;
  units: string;
  price: string;
  fee: string;
  split: { protocol: string; stakers: string; models: Record<string, string>; datanets: Record<string, string> };
}

interface Settled {
  inferenceId: string;
  modelId: string;
  payer: string;
  fee: string;
  attributionHash: string;
}

interface Paid {
  model: string;
  units: string;
  payer: string;
  fee: string;
  maxFee: string;
  paidWith: string;
  approval?: string;
  tx: string;
  gasUsed: string;
  InferenceSettled: Settled;
}

interface Batched {
  inferences: number;
  models: number;
  totalFee: string;
  approval?: string;
  approved?: string;
  transactions: number;
  txs: string[];
  gasUsed: string;
  gasPerInference: string;
}

interface Status {
  settlement: string;
  paused: boolean;
  protocolBps: string;
  stakersBps: string;
  lineageBps: string;
  treasuryAccrued: string;
  stakersAccrued: string;
  challengeWindow: string;
  minAttestorBond: string;
  datanets: Record<string, { accrued: string; claimed: string; activeRoot: string | null; activeEpoch: string }>;
  modelRevenue: Record<string, string>;
}

let recordCount = 0;

/// A log record of `modelId` naming two contributors of each of `datanets`, with a fresh inference id.
function record(modelId: bigint, datanets: bigint[]): InferenceRecord {
  recordCount += 1;
  return {
    inferenceId: id(`settlement-task-inference-${recordCount}`),
    modelId,
    datanets: datanets.map((datanetId) => ({
      datanetId,
      contributors: [
        { account: Wallet.createRandom().address, weight: 3n },
        { account: Wallet.createRandom().address, weight: 1n },
      ],
    })),
  };
}

/// `record` written as a JSON file, for --attribution.
function recordFile(r: InferenceRecord): string {
  const file = path.join(work, `record-${r.inferenceId.slice(2, 10)}.json`);
  writeFileSync(file, `${formatInferenceRecord(r)}\n`);
  return file;
}

/// An open datanet with one record of its owner, published as its version 1, for models to train on.
async function createDatanet(): Promise<bigint> {
  await (await suite.datanets.connect(owner).createDatanet("ipfs://datanet/settle", false, 0n, owner.address)).wait();
  const datanetId = await suite.datanets.datanetCount();
  const contentHash = id(`settlement-task-record-${datanetId}`);
  await (await suite.datanets.connect(owner).contribute(datanetId, contentHash, "ipfs://record")).wait();
  await (await suite.datanets.connect(owner).publishVersion(datanetId, "ipfs://datanet/settle/v1")).wait();
  return datanetId;
}

async function registerModel(parentId: bigint, datanets: Array<[bigint, bigint]>): Promise<bigint> {
  await (
    await suite.models.connect(builder).registerModel({
      cardURI: "ipfs://model/card.json",
      weightsHash: id(`weights-${parentId}-${datanets.length}`),
      weightsURI: "ipfs://model/weights",
      parentId,
      datanets: datanets.map(([datanetId, weightBps]) => ({ datanetId, version: 1n, weightBps })),
      price: PRICE,
      ownerBps: 6000n,
    })
  ).wait();
  return suite.models.modelCount();
}

describe("settlement tasks", function () {
  let d1: bigint;
  let d2: bigint;
  let base: bigint;
  let child: bigint;

  before(async function () {
    d1 = await createDatanet();
    d2 = await createDatanet();
    base = await registerModel(0n, [[d1, 10_000n]]);
    child = await registerModel(base, [
      [d1, 6000n],
      [d2, 4000n],
    ]);
    await (await suite.open.connect(guardian).transfer(payer.address, parseEther("100"))).wait();
  });

  describe("settle:quote", function () {
    describe("when the model has a parent and two training datanets", function () {
      it("prints the fee of the units and a split whose parts add up to it", async function () {
        const quoted = await runJson<Quoted>("settle:quote", { model: child.toString(), units: "3" });

        const fee = BigInt(quoted.fee);
        expect(fee).to.equal(await suite.models.quote(child, 3n));
        expect(fee).to.equal(PRICE * 3n);
        expect(BigInt(quoted.price)).to.equal(PRICE);
        const preview = await suite.settlement.previewSplit(child, fee);
        expect(BigInt(quoted.split.protocol)).to.equal(preview.protocol);
        expect(BigInt(quoted.split.stakers)).to.equal(preview.stakers);
        expect(Object.keys(quoted.split.models)).to.deep.equal([base.toString(), child.toString()]);
        expect(Object.keys(quoted.split.datanets)).to.deep.equal([d1.toString(), d2.toString()]);
        const parts = [
          quoted.split.protocol,
          quoted.split.stakers,
          ...Object.values(quoted.split.models),
          ...Object.values(quoted.split.datanets),
        ];
        expect(parts.reduce((sum, part) => sum + BigInt(part), 0n)).to.equal(fee);
      });

      it("prints amounts in OPEN for people", async function () {
        const out = await runTask("settle:quote", { model: child.toString() });

        expect(out.exitCode).to.equal(undefined);
        expect(out.stdout).to.match(/^fee: +0\.01 OPEN$/m);
        expect(out.stdout).to.match(/^split\.protocol: +0\.0005 OPEN$/m);
        const royalty = (await suite.settlement.previewSplit(child, PRICE)).models.find((c) => c.id === base);
        expect(out.stdout).to.match(
          new RegExp(
            `^split\\.models\\.${base.toString()}: +${formatOpen(royalty?.amount ?? 0n).replace(".", "\\.")}$`,
            "m",
          ),
        );
      });
    });

    describe("when the model does not exist", function () {
      it("prints the decoded error", async function () {
        const out = await runTask("settle:quote", { model: "999" });

        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.equal("error: UnknownModel(modelId=999)\n");
      });
    });
  });

  describe("settle:pay", function () {
    describe("when given an attribution record file", function () {
      it("approves the fee, settles with the record's hash and prints the event", async function () {
        const r = record(child, [d1, d2]);
        const before = await suite.open.balanceOf(payer.address);

        const paid = await runJson<Paid>("settle:pay", { attribution: recordFile(r), from: String(PAYER) });

        expect(paid.model).to.equal(child.toString());
        expect(paid.paidWith).to.equal("approval");
        expect(BigInt(paid.fee)).to.equal(PRICE);
        expect(paid.InferenceSettled).to.deep.equal({
          inferenceId: r.inferenceId,
          modelId: child.toString(),
          payer: payer.address,
          fee: PRICE.toString(),
          attributionHash: attributionHash(r),
        });
        const [event] = await suite.settlement.queryFilter(suite.settlement.filters.InferenceSettled(r.inferenceId));
        expect(event.args.attributionHash).to.equal(attributionHash(r));
        expect(event.transactionHash).to.equal(paid.tx);
        expect(await suite.open.balanceOf(payer.address)).to.equal(before - PRICE);
        expect(await suite.open.allowance(payer.address, settlementAddress)).to.equal(0n);
      });
    });

    describe("when given an attribution hash and a text inference id", function () {
      it("settles the keccak256 of the text with that hash", async function () {
        const hash = id("attribution of request-42");

        const paid = await runJson<Paid>("settle:pay", {
          model: base.toString(),
          units: "2",
          inferenceId: "request-42",
          attributionHash: hash,
          from: payer.address,
        });

        expect(paid.InferenceSettled.inferenceId).to.equal(id("request-42"));
        expect(paid.InferenceSettled.attributionHash).to.equal(hash);
        expect(BigInt(paid.fee)).to.equal(PRICE * 2n);
      });
    });

    describe("when paying with --permit", function () {
      it("settles in one transaction with a signed permit of the cap", async function () {
        const r = record(base, [d1]);
        const nonce = await suite.open.nonces(payer.address);
        const sent = await suite.connection.ethers.provider.getTransactionCount(payer.address);

        const paid = await runJson<Paid>("settle:pay", {
          attribution: recordFile(r),
          maxFee: "0.05",
          permit: true,
          from: String(PAYER),
        });

        expect(paid.paidWith).to.equal("permit");
        expect(paid.approval).to.equal(undefined);
        expect(BigInt(paid.maxFee)).to.equal(parseEther("0.05"));
        expect(paid.InferenceSettled.attributionHash).to.equal(attributionHash(r));
        expect(await suite.open.nonces(payer.address)).to.equal(nonce + 1n);
        expect(await suite.connection.ethers.provider.getTransactionCount(payer.address)).to.equal(sent + 1);
        expect(await suite.open.allowance(payer.address, settlementAddress)).to.equal(parseEther("0.05") - PRICE);
        await (await suite.open.connect(payer).approve(settlementAddress, 0n)).wait();
      });
    });

    describe("when --max-fee is below the fee", function () {
      it("prints FeeAboveCap with both values and sends nothing", async function () {
        const sent = await suite.connection.ethers.provider.getTransactionCount(payer.address);

        const out = await runTask("settle:pay", {
          attribution: recordFile(record(child, [d1])),
          maxFee: "0.005",
          from: String(PAYER),
        });

        expect(out.exitCode).to.equal(1);
        expect(out.stdout).to.equal("");
        expect(out.stderr).to.equal("error: FeeAboveCap(fee=0.01 OPEN, cap=0.005 OPEN)\n");
        expect(await suite.connection.ethers.provider.getTransactionCount(payer.address)).to.equal(sent);
      });
    });

    describe("when the record is for another model than --model", function () {
      it("prints one line naming both", async function () {
        const out = await runTask("settle:pay", {
          model: base.toString(),
          attribution: recordFile(record(child, [d1])),
          from: String(PAYER),
        });

        expect(out.stderr).to.match(
          new RegExp(`^error: --model ${base} but the record of .* is for model ${child}\\n$`),
        );
      });
    });

    describe("when the payer holds less than the fee", function () {
      it("prints one line with the balance and the fee, and sends nothing", async function () {
        const poor = signers[18];
        const balance = await suite.open.balanceOf(poor.address);
        await (await suite.open.connect(poor).transfer(guardian.address, balance)).wait();
        const sent = await suite.connection.ethers.provider.getTransactionCount(poor.address);

        const out = await runTask("settle:pay", { attribution: recordFile(record(base, [d1])), from: "18" });

        expect(out.stderr).to.equal(
          `error: ${poor.address} holds 0 OPEN, less than the 0.01 OPEN fee of model ${base}\n`,
        );
        expect(await suite.connection.ethers.provider.getTransactionCount(poor.address)).to.equal(sent);
      });
    });

    describe("when neither an attribution hash nor a record is given", function () {
      it("says what is required", async function () {
        const out = await runTask("settle:pay", { model: base.toString(), inferenceId: "x" });

        expect(out.stderr).to.equal("error: --attribution-hash <0x…> or --attribution <record.json> is required\n");
      });
    });

    describe("when the attribution hash is zero", function () {
      it("says that it commits to nothing", async function () {
        const out = await runTask("settle:pay", {
          model: base.toString(),
          inferenceId: "x",
          attributionHash: ZeroHash,
        });

        expect(out.stderr).to.equal("error: --attribution-hash is the zero hash\n");
      });
    });
  });

  describe("settle:batch", function () {
    describe("when the file holds 30 inferences of two models", function () {
      it("settles them all in chunks with one approval and prints the summary", async function () {
        const records = Array.from({ length: 30 }, (_, i) =>
          i % 3 === 0 ? record(child, [d1, d2]) : record(base, [d1]),
        );
        const lines = records.map((r, i) => {
          const line = JSON.parse(formatInferenceRecord(r)) as Record<string, unknown>;
          return JSON.stringify(i === 7 ? { ...line, units: 4, maxFee: "0.1" } : line);
        });
        const file = path.join(work, "inferences.jsonl");
        writeFileSync(file, `${lines.join("\n")}\n`);
        const fees = records.map((_, i) => (i === 7 ? PRICE * 4n : PRICE));
        const total = fees.reduce((sum, fee) => sum + fee, 0n);
        const caps = total - PRICE * 4n + parseEther("0.1");
        const before = await suite.open.balanceOf(payer.address);
        const accrued = await suite.settlement.accrued(d2);

        const batch = await runJson<Batched>("settle:batch", { file, chunk: 12, from: String(PAYER) });

        expect(batch.inferences).to.equal(30);
        expect(batch.models).to.equal(2);
        expect(batch.transactions).to.equal(3);
        expect(BigInt(batch.totalFee)).to.equal(total);
        expect(BigInt(batch.approved ?? "0")).to.equal(caps);
        expect(BigInt(batch.gasPerInference)).to.equal(BigInt(batch.gasUsed) / 30n);
        expect(await suite.open.balanceOf(payer.address)).to.equal(before - total);
        for (const r of records) {
          const [event] = await suite.settlement.queryFilter(suite.settlement.filters.InferenceSettled(r.inferenceId));
          expect(event.args.attributionHash).to.equal(attributionHash(r));
          expect(batch.txs).to.include(event.transactionHash);
        }
        const childFees = fees.filter((_, i) => i % 3 === 0).reduce((sum, fee) => sum + fee, 0n);
        const perChild = (await suite.settlement.previewSplit(child, childFees)).datanets.find((c) => c.id === d2);
        expect(perChild?.modelId).to.equal(child);
        expect(perChild?.version).to.equal(1n);
        expect(await suite.settlement.accrued(d2)).to.equal(accrued + (perChild?.amount ?? 0n));
        await (await suite.open.connect(payer).approve(settlementAddress, 0n)).wait();
      });
    });

    describe("when a line repeats an inference id", function () {
      it("names both lines and sends nothing", async function () {
        const r = formatInferenceRecord(record(base, [d1]));
        const file = path.join(work, "twice.jsonl");
        writeFileSync(file, `${r}\n\n${r}\n`);

        const out = await runTask("settle:batch", { file, from: String(PAYER) });

        expect(out.stderr).to.match(/^error: .*twice\.jsonl:3: inference 0x[0-9a-f]{64} is already on line 1\n$/);
      });
    });

    describe("when a line's cap is below its fee", function () {
      it("names the chunk and the decoded error, and approves nothing", async function () {
        const lines = [record(base, [d1]), record(base, [d1])].map((r, i) =>
          JSON.stringify({
            ...(JSON.parse(formatInferenceRecord(r)) as object),
            ...(i === 1 ? { maxFee: "0.001" } : {}),
          }),
        );
        const file = path.join(work, "capped.jsonl");
        writeFileSync(file, `${lines.join("\n")}\n`);
        const sent = await suite.connection.ethers.provider.getTransactionCount(payer.address);

        const out = await runTask("settle:batch", { file, from: String(PAYER) });

        expect(out.stderr).to.equal("error: chunk 1/1 (lines 1-2): FeeAboveCap(fee=0.01 OPEN, cap=0.001 OPEN)\n");
        expect(await suite.connection.ethers.provider.getTransactionCount(payer.address)).to.equal(sent);
      });
    });
  });

  describe("settlement:status", function () {
    describe("after settlements", function () {
      it("prints the shares, the pools and every datanet's and model's credit as on-chain", async function () {
        const status = await runJson<Status>("settlement:status", {});

        expect(status.settlement).to.equal(settlementAddress);
        expect(status.paused).to.equal(false);
        expect(status.protocolBps).to.equal((await suite.settlement.protocolBps()).toString());
        expect(status.stakersBps).to.equal((await suite.settlement.stakersBps()).toString());
        expect(status.lineageBps).to.equal((await suite.settlement.lineageBps()).toString());
        expect(BigInt(status.treasuryAccrued)).to.equal(await suite.settlement.treasuryAccrued());
        expect(BigInt(status.stakersAccrued)).to.equal(await suite.settlement.stakersAccrued());
        expect(BigInt(status.challengeWindow)).to.equal(await suite.settlement.challengeWindow());
        expect(BigInt(status.minAttestorBond)).to.equal(await suite.settlement.minAttestorBond());
        expect(Object.keys(status.datanets)).to.have.length(Number(await suite.datanets.datanetCount()));
        expect(BigInt(status.datanets[d2.toString()].accrued)).to.equal(await suite.settlement.accrued(d2));
        expect(status.datanets[d2.toString()].activeRoot).to.equal(null);
        expect(Object.keys(status.modelRevenue)).to.have.length(Number(await suite.models.modelCount()));
        expect(BigInt(status.modelRevenue[base.toString()])).to.equal(await suite.settlement.modelRevenue(base));
        expect(BigInt(status.modelRevenue[base.toString()])).to.be.greaterThan(0n);
      });

      it("prints shares and durations for people", async function () {
        const out = await runTask("settlement:status", {});

        expect(out.stdout).to.match(/^protocolBps: +500 bps \(5%\)$/m);
        expect(out.stdout).to.match(/^challengeWindow: +600 s \(10m\)$/m);
        expect(out.stdout).to.match(new RegExp(`^datanets\\.${d2.toString()}\\.activeRoot: +-$`, "m"));
      });
    });
  });

  describe("settlement:push-rewards", function () {
    describe("when the stakers share has accrued", function () {
      it("moves it to gOPEN and leaves nothing credited", async function () {
        const accrued = await suite.settlement.stakersAccrued();
        const gopen = await suite.gopen.getAddress();
        const held = await suite.open.balanceOf(gopen);
        const running = (await suite.gopen.rewardRate()) > 0n;

        const pushed = await runJson<{
          pushed: string;
          stakersAccrued: string;
          stream: string;
          rewardRate: string;
        }>("settlement:push-rewards", {
          from: String(STRANGER),
        });

        expect(accrued).to.be.greaterThan(0n);
        expect(BigInt(pushed.pushed)).to.equal(accrued);
        expect(pushed.stakersAccrued).to.equal("0");
        // With a stream running (an earlier push), the push waits behind it; with none, it starts one.
        expect(pushed.stream).to.equal(running ? "queued" : "started");
        expect(BigInt(pushed.rewardRate)).to.equal(await suite.gopen.rewardRate());
        expect(await suite.settlement.stakersAccrued()).to.equal(0n);
        expect(await suite.open.balanceOf(gopen)).to.equal(held + accrued);
      });
    });

    describe("when nothing is credited", function () {
      it("prints NothingToWithdraw()", async function () {
        const out = await runTask("settlement:push-rewards", {});

        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.equal("error: NothingToWithdraw()\n");
      });
    });
  });

  describe("settlement:pay-treasury", function () {
    describe("when the protocol share has accrued", function () {
      it("pays it to the treasury and leaves nothing credited", async function () {
        const accrued = await suite.settlement.treasuryAccrued();
        const treasury = await suite.timelock.getAddress();
        const held = await suite.open.balanceOf(treasury);

        const paid = await runJson<{ paid: string; treasury: string; treasuryAccrued: string }>(
          "settlement:pay-treasury",
          { from: String(STRANGER) },
        );

        expect(accrued).to.be.greaterThan(0n);
        expect(BigInt(paid.paid)).to.equal(accrued);
        expect(paid.treasury).to.equal(treasury);
        expect(paid.treasuryAccrued).to.equal("0");
        expect(await suite.open.balanceOf(treasury)).to.equal(held + accrued);
      });
    });

    describe("when nothing is credited", function () {
      it("prints NothingToWithdraw()", async function () {
        const out = await runTask("settlement:pay-treasury", {});

        expect(out.stderr).to.equal("error: NothingToWithdraw()\n");
      });
    });
  });

  describe("guardian:pause", function () {
    afterEach(async function () {
      if (await suite.settlement.paused()) await (await suite.settlement.connect(guardian).unpause()).wait();
    });

    describe("when the guardian pauses", function () {
      it("blocks settle:pay with one line until guardian:unpause", async function () {
        const paused = await runJson<{ paused: boolean; by: string }>("guardian:pause", {});
        expect(paused).to.include({ paused: true, by: guardian.address });
        const r = record(base, [d1]);

        const blocked = await runTask("settle:pay", { attribution: recordFile(r), from: String(PAYER) });

        expect(blocked.exitCode).to.equal(1);
        expect(blocked.stderr).to.equal("error: EnforcedPause()\n");
        expect(await suite.open.allowance(payer.address, settlementAddress)).to.equal(0n);
        const unpaused = await runJson<{ paused: boolean }>("guardian:unpause", { from: "0" });
        expect(unpaused.paused).to.equal(false);
        const paid = await runJson<Paid>("settle:pay", { attribution: recordFile(r), from: String(PAYER) });
        expect(paid.InferenceSettled.inferenceId).to.equal(r.inferenceId);
      });
    });

    describe("when a stranger pauses", function () {
      it("prints AccessManagedUnauthorized with the caller and leaves settlements open", async function () {
        const out = await runTask("guardian:pause", { from: String(STRANGER) });

        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.equal(`error: AccessManagedUnauthorized(caller=${stranger.address})\n`);
        expect(await suite.settlement.paused()).to.equal(false);
      });
    });
  });

  describe("guardian:unpause", function () {
    describe("when the settlement is not paused", function () {
      it("prints ExpectedPause()", async function () {
        const out = await runTask("guardian:unpause", {});

        expect(out.stderr).to.equal("error: ExpectedPause()\n");
      });
    });

    describe("when a stranger unpauses", function () {
      it("prints AccessManagedUnauthorized with the caller", async function () {
        await (await suite.settlement.connect(guardian).pause()).wait();

        const out = await runTask("guardian:unpause", { from: String(STRANGER) });

        await (await suite.settlement.connect(guardian).unpause()).wait();
        expect(out.stderr).to.equal(`error: AccessManagedUnauthorized(caller=${stranger.address})\n`);
      });
    });
  });
});
