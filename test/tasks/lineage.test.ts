/// The tooling side of three attacks: a suspended model that kept earning (the model and settlement tasks now show
/// the suspension and refuse the withdrawal with one line), an allocation that read today's terms for yesterday's
/// settlements (credits are now read at each settlement's block), and a post that left a root on-chain with no tree
/// file (the file is now written and verified first, and a rerun never posts twice).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Wallet, ZeroHash, id, parseEther } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import hre from "hardhat";
import { getSuite } from "../../tasks/lib/index.js";
import {
  attributionHash,
  buildTree,
  formatInferenceRecord,
  treeFileChunks,
  treeFileOf,
  verifyTreeFile,
} from "../../package/src/index.js";
import type { Allocation, InferenceRecord } from "../../package/src/index.js";
import {
  readAllocationFile,
  readTreeFile,
  treeFileProblem,
  writeTreeFileStreamed,
} from "../../package/src/node/index.js";
import { runJson, runTask } from "../fixtures/tasks.js";
import { publishDatanetVersion as publishVersionOf } from "../helpers/fixtures.js";
import type { Suite as FixtureSuite } from "../helpers/fixtures.js";

const suite = await getSuite(hre);
/// Publishes the next version of `datanetId` as its owner: the fixtures' helper, which reads only the datanet
/// registry and the connection, on the tasks' suite (the same contracts on the same connection).
const publishDatanetVersion = (s: typeof suite, datanetId: bigint): Promise<bigint> =>
  publishVersionOf(s as unknown as FixtureSuite, datanetId);
const { networkHelpers } = suite.connection;
const signers = await suite.connection.ethers.getSigners();
const ATTESTOR_INDEX = 11;
const OWNER_INDEX = 13;
const attestor = signers[ATTESTOR_INDEX];
const payer = signers[12];
const modelOwner = signers[OWNER_INDEX];
const datanetOwner = signers[14];
/// The two contributors of every datanet's version 1, whom the inference log names.
const contributors = [signers[15], signers[16]];
const work = mkdtempSync(path.join(tmpdir(), "lineage-tasks-"));
const PRICE = parseEther("0.37");

interface Posted {
  treeFile: string;
  treeFileState: "reused" | "written";
  root: string;
  cumulativeTotal: string;
  transaction: string | null;
  note?: string;
}

interface Allocated {
  cumulativeTotal: string;
  accrued: string;
  unallocated: string;
}

/// The Timelock, impersonated: governance.
async function governance(): Promise<HardhatEthersSigner> {
  const address = await suite.timelock.getAddress();
  await networkHelpers.impersonateAccount(address);
  await networkHelpers.setBalance(address, parseEther("10"));
  return suite.connection.ethers.getSigner(address);
}

/// An open datanet with a record of each contributor, and its version 1 published, for models to train on.
async function createDatanet(): Promise<bigint> {
  await (
    await suite.datanets.connect(datanetOwner).createDatanet("ipfs://datanet/lineage", false, 0n, attestor.address)
  ).wait();
  const datanetId = await suite.datanets.datanetCount();
  for (const c of contributors) {
    const contentHash = id(`lineage record ${datanetId} ${c.address}`);
    await (await suite.datanets.connect(c).contribute(datanetId, contentHash, "ipfs://lineage/record")).wait();
  }
  await publishDatanetVersion(suite, datanetId);
  return datanetId;
}

async function registerModel(parentId: bigint, datanets: Array<[bigint, bigint]>, ownerBps: bigint): Promise<bigint> {
  await (
    await suite.models.connect(modelOwner).registerModel({
      cardURI: "ipfs://model/lineage.json",
      weightsHash: id(`lineage-weights-${parentId}-${datanets.length}-${ownerBps}`),
      weightsURI: "ipfs://model/lineage-weights",
      parentId,
      datanets: datanets.map(([datanetId, weightBps]) => ({ datanetId, version: 1n, weightBps })),
      price: PRICE,
      ownerBps,
    })
  ).wait();
  return suite.models.modelCount();
}

let inferenceCount = 0;

/// Settles one inference of `modelId` whose log record names the two contributors of `datanetId`'s version 1.
async function settleLogged(modelId: bigint, datanetId: bigint, log: InferenceRecord[]): Promise<void> {
  inferenceCount += 1;
  const record: InferenceRecord = {
    inferenceId: id(`lineage-inference-${inferenceCount}`),
    modelId,
    datanets: [
      {
        datanetId,
        contributors: [
          { account: contributors[0].address, weight: 2n },
          { account: contributors[1].address, weight: 1n },
        ].sort((a, b) => (a.account.toLowerCase() < b.account.toLowerCase() ? -1 : 1)),
      },
    ],
  };
  log.push(record);
  await (
    await suite.settlement
      .connect(payer)
      .settle(modelId, 1n, parseEther("1000"), record.inferenceId, attributionHash(record))
  ).wait();
}

/// A pro-rata-shaped allocation of `amount` of `datanetId` over `n` random accounts, for epoch 1.
async function allocationOf(datanetId: bigint, amount: bigint, n: number): Promise<Allocation> {
  const accounts = Array.from({ length: n }, () => Wallet.createRandom().address).sort((a, b) =>
    a.toLowerCase() < b.toLowerCase() ? -1 : 1,
  );
  const each = amount / BigInt(n);
  return {
    version: 1,
    chainId: Number(suite.deployment.chainId),
    settlement: await suite.settlement.getAddress(),
    datanetId: datanetId.toString(),
    epoch: 1,
    policy: "pro-rata",
    cumulativeTotal: amount.toString(),
    allocations: accounts.map((account, i) => ({
      account,
      cumulativeAmount: (i === 0 ? amount - each * BigInt(n - 1) : each).toString(),
    })),
  };
}

async function rootPostedCount(datanetId: bigint): Promise<number> {
  return (await suite.settlement.queryFilter(suite.settlement.filters.RootPosted(datanetId))).length;
}

describe("lineage and attribution attacks, on the tooling side", function () {
  let d1: bigint;
  let d2: bigint;
  let d3: bigint;
  let parent: bigint;
  let child: bigint;
  let feeShares: [bigint, bigint];

  before(async function () {
    for (const s of [attestor, payer]) await (await suite.open.transfer(s.address, parseEther("100000"))).wait();
    await (await suite.open.connect(payer).approve(await suite.settlement.getAddress(), parseEther("1000000"))).wait();
    d1 = await createDatanet();
    d2 = await createDatanet();
    d3 = await createDatanet();
    parent = await registerModel(0n, [[d1, 10_000n]], 6_000n);
    child = await registerModel(
      parent,
      [
        [d2, 6_000n],
        [d3, 4_000n],
      ],
      5_000n,
    );
    feeShares = [await suite.settlement.protocolBps(), await suite.settlement.stakersBps()];
  });

  after(async function () {
    // The suite is shared with the other task tests: governance's shares go back to what they were.
    await (await suite.settlement.connect(await governance()).setFeeShares(feeShares[0], feeShares[1])).wait();
    if ((await suite.models.model(parent)).suspended) {
      await (await suite.models.connect(await governance()).setSuspended(parent, false)).wait();
    }
  });

  describe("a suspended model that kept earning", function () {
    before(async function () {
      await (await suite.settlement.connect(payer).settle(parent, 2n, parseEther("1000"), id("p"), ZeroHash)).wait();
      await (await suite.models.connect(await governance()).setSuspended(parent, true)).wait();
    });

    after(async function () {
      await (await suite.models.connect(await governance()).setSuspended(parent, false)).wait();
    });

    describe("model:withdraw", function () {
      it("refuses the suspended model's withdrawal with one line, and pays nothing", async function () {
        const revenue = await suite.settlement.modelRevenue(parent);
        expect(revenue).to.be.greaterThan(0n);

        const out = await runTask("model:withdraw", { model: parent.toString(), from: OWNER_INDEX });

        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.match(
          new RegExp(
            `^error: model ${parent} is suspended by governance: its revenue \\([0-9.,]+ OPEN\\) is frozen until the suspension is lifted\\n$`,
          ),
        );
        expect(await suite.settlement.modelRevenue(parent)).to.equal(revenue);
      });

      it("decodes the contract's refusal to one line when the task's check is bypassed", async function () {
        const err = await suite.settlement
          .connect(modelOwner)
          .withdrawModelRevenue(parent, modelOwner.address)
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        const { decodeError } = await import("../../tasks/lib/errors.js");
        expect(decodeError(err)).to.equal(`ModelIsSuspended(modelId=${parent})`);
      });
    });

    describe("model:show", function () {
      it("shows the suspension and the frozen revenue", async function () {
        const shown = await runJson<{ suspended: boolean; revenueFrozen: boolean }>("model:show", {
          model: parent.toString(),
        });
        expect(shown).to.include({ suspended: true, revenueFrozen: true });

        const out = await runTask("model:show", { model: parent.toString() });
        expect(out.stdout).to.match(/^status: +Active \(suspended\)$/m);
        expect(out.stdout).to.match(/^revenue: +[0-9.,]+ OPEN not withdrawn \(frozen while suspended\)$/m);
      });
    });

    describe("settle:quote", function () {
      it("credits the suspended parent nothing, gives its royalty to the child's datanets, and says so", async function () {
        const quoted = await runJson<{
          fee: string;
          split: { models: Record<string, string>; datanets: Record<string, string> };
          suspendedAncestor: string;
        }>("settle:quote", { model: child.toString() });

        expect(quoted.suspendedAncestor).to.equal(parent.toString());
        expect(Object.keys(quoted.split.models)).to.deep.equal([child.toString()]);
        expect(Object.keys(quoted.split.datanets)).to.deep.equal([d2.toString(), d3.toString()]);
        const preview = await suite.settlement.previewSplit(child, BigInt(quoted.fee));
        expect(BigInt(quoted.split.datanets[d2.toString()]) + BigInt(quoted.split.datanets[d3.toString()])).to.equal(
          preview.datanets.reduce((s, c) => s + c.amount, 0n),
        );

        const out = await runTask("settle:quote", { model: child.toString() });
        expect(out.stdout).to.match(
          new RegExp(
            `^suspendedAncestor: +model ${parent} is suspended: the royalty it would receive goes to model ${child}'s datanets$`,
            "m",
          ),
        );
      });
    });
  });

  describe("attribution:allocate after the terms changed", function () {
    it("splits each settlement by the terms in force at its block, to the unit, and refuses nothing", async function () {
      const log: InferenceRecord[] = [];
      const gov = await governance();
      // Three settlements, each under other terms: the child's split, then governance's shares, then both.
      await settleLogged(child, d2, log);
      await (await suite.models.connect(modelOwner).setSplit(child, 7_000n)).wait();
      await settleLogged(child, d2, log);
      await (await suite.settlement.connect(gov).setFeeShares(1_000n, 2_500n)).wait();
      await settleLogged(child, d2, log);
      await (await suite.models.connect(modelOwner).setSplit(child, 2_000n)).wait();
      await (await suite.settlement.connect(gov).setFeeShares(100n, 200n)).wait();
      await settleLogged(child, d2, log);
      // After the last settlement, the data share is raised: today's terms would credit more than was settled.
      await (await suite.models.connect(modelOwner).setSplit(child, 0n)).wait();
      await (await suite.settlement.connect(gov).setFeeShares(0n, 0n)).wait();

      const logFile = path.join(work, "terms.jsonl");
      writeFileSync(logFile, `${log.map(formatInferenceRecord).join("\n")}\n`);
      const out = path.join(work, "terms.json");
      const result = await runJson<Allocated>("attribution:allocate", {
        datanet: d2,
        policy: "inference-log",
        log: logFile,
        out,
      });

      const accrued = await suite.settlement.accrued(d2);
      expect(BigInt(result.cumulativeTotal)).to.equal(accrued);
      expect(result.unallocated).to.equal("0");
      const file = readAllocationFile(out);
      expect(file.inferences).to.have.length(4);
      for (const inference of file.inferences ?? []) {
        const preview = await suite.settlement.previewSplit(child, BigInt(inference.fee), {
          blockTag: inference.block,
        });
        const credit = preview.datanets.filter((c) => c.id === d2).reduce((s, c) => s + c.amount, 0n);
        expect(BigInt(inference.datanetCredit)).to.equal(credit);
      }
      const credits = (file.inferences ?? []).map((i) => BigInt(i.datanetCredit));
      expect(new Set(credits).size).to.equal(4, "four different terms, four different credits");
    });
  });

  describe("attribution:post", function () {
    let allocationFile: string;
    let treeFile: string;

    before(async function () {
      const allocation = await allocationOf(d3, await suite.settlement.accrued(d3), 5);
      allocationFile = path.join(work, "d3-epoch1.json");
      treeFile = path.join(work, "d3-epoch1.tree.json");
      writeFileSync(allocationFile, `${JSON.stringify(allocation, null, 2)}\n`);
    });

    describe("when the tree file cannot be written", function () {
      it("fails with one line, and leaves no root and no bond on-chain", async function () {
        mkdirSync(treeFile); // a folder where the tree file should go: the write fails
        const [bondBefore] = await suite.settlement.bondOf(attestor.address);

        const out = await runTask("attribution:post", { file: allocationFile, from: ATTESTOR_INDEX, bond: true });

        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.match(
          new RegExp(`^error: cannot write the tree file ${treeFile}: .+; nothing was posted\\n$`),
        );
        const state = await suite.settlement.rootState(d3);
        expect(state.pendingRoot).to.equal(ZeroHash);
        expect(state.lastEpoch).to.equal(0n);
        expect(await rootPostedCount(d3)).to.equal(0);
        expect((await suite.settlement.bondOf(attestor.address))[0]).to.equal(bondBefore);
        rmSync(treeFile, { recursive: true });
      });
    });

    describe("when it is run again after the failure", function () {
      it("writes and verifies the tree file, then posts the root once", async function () {
        const posted = await runJson<Posted>("attribution:post", {
          file: allocationFile,
          from: ATTESTOR_INDEX,
          bond: true,
        });

        expect(posted.treeFileState).to.equal("written");
        expect(await rootPostedCount(d3)).to.equal(1);
        const state = await suite.settlement.rootState(d3);
        expect(state.pendingRoot).to.equal(posted.root);
        const content = readTreeFile(treeFile);
        expect(content.root).to.equal(posted.root);
        expect(verifyTreeFile(content)).to.deep.equal([]);
        expect(content.posted?.transaction).to.equal(posted.transaction);
      });
    });

    describe("when it is run again after a successful post", function () {
      it("sends nothing, exits 0 and says the root is already pending", async function () {
        const block = await suite.connection.ethers.provider.getBlockNumber();

        const out = await runTask("attribution:post", { file: allocationFile, from: ATTESTOR_INDEX });

        expect(out.exitCode).to.equal(undefined);
        expect(out.stdout).to.match(
          new RegExp(`^note: +root already pending for datanet ${d3} epoch 1: nothing sent$`, "m"),
        );
        expect(out.stdout).to.match(/^treeFileState: +reused$/m);
        expect(await suite.connection.ethers.provider.getBlockNumber()).to.equal(block);
        expect(await rootPostedCount(d3)).to.equal(1);
      });

      it("writes a missing tree file again, with the posted transaction, and still sends nothing", async function () {
        const before = readTreeFile(treeFile);
        rmSync(treeFile);

        const posted = await runJson<Posted>("attribution:post", { file: allocationFile, from: ATTESTOR_INDEX });

        expect(posted.treeFileState).to.equal("written");
        expect(posted.transaction).to.equal(before.posted?.transaction);
        expect(await rootPostedCount(d3)).to.equal(1);
        expect(readTreeFile(treeFile)).to.deep.equal(before);
      });
    });

    describe("when a damaged tree file is there before the first post", function () {
      it("writes it again before posting, and reuses a good one", async function () {
        const allocation = await allocationOf(d1, await suite.settlement.accrued(d1), 3);
        const file = path.join(work, "d1-epoch1.json");
        const tree = path.join(work, "d1-epoch1.tree.json");
        writeFileSync(file, JSON.stringify(allocation));
        writeFileSync(tree, readFileSync(treeFile, "utf8").slice(0, 100)); // a truncated file

        const posted = await runJson<Posted>("attribution:post", { file, from: ATTESTOR_INDEX });

        expect(posted.treeFileState).to.equal("written");
        expect(verifyTreeFile(readTreeFile(tree))).to.deep.equal([]);
        expect(readTreeFile(tree).root).to.equal(buildTree(allocation).root);
      });
    });
  });
});

describe("tree files written in pieces", function () {
  const allocation: Allocation = {
    version: 1,
    chainId: 31337,
    settlement: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    datanetId: "7",
    epoch: 2,
    policy: "inference-log",
    cumulativeTotal: "600",
    previousEpoch: 1,
    allocations: [
      { account: "0x0000000000000000000000000000000000000001", cumulativeAmount: "100" },
      { account: "0x0000000000000000000000000000000000000002", cumulativeAmount: "200" },
      { account: "0x0000000000000000000000000000000000000003", cumulativeAmount: "300" },
    ],
    inferences: [
      {
        inferenceId: id("x"),
        modelId: "1",
        fee: "1000",
        datanetCredit: "600",
        attributionHash: id("h"),
        block: 9,
      },
    ],
  };
  const tree = buildTree(allocation);
  const posted = {
    transaction: id("tx"),
    block: 10,
    readyAt: 99,
    uri: "ipfs://t",
    attestor: Wallet.createRandom().address,
  };

  it("parses to what treeFileOf gives, with and without the posted block", function () {
    for (const p of [undefined, posted]) {
      const text = [...treeFileChunks(allocation, tree, p)].join("");
      expect(JSON.parse(text)).to.deep.equal(JSON.parse(JSON.stringify(treeFileOf(allocation, tree, p))));
    }
  });

  it("refuses leaves that do not add up to the total, and leaves no file", function () {
    const file = path.join(work, "bad-total.tree.json");
    expect(() => writeTreeFileStreamed(file, { ...allocation, cumulativeTotal: "601" }, tree)).to.throw(
      "the leaves sum to 600, the allocation's cumulativeTotal is 601",
    );
    expect(() => readFileSync(file)).to.throw();
  });

  it("checks a file too large to parse piece by piece against what it should be", function () {
    const file = path.join(work, "pieces.tree.json");
    writeTreeFileStreamed(file, allocation, tree);
    // A parse limit of 0 makes every file "too large to parse": it is compared with the text it should have.
    expect(treeFileProblem(file, allocation, tree, [], 0)).to.equal(undefined);
    expect(treeFileProblem(file, allocation, tree, [posted], 0)).to.equal(undefined);
    writeTreeFileStreamed(file, allocation, tree, posted);
    expect(treeFileProblem(file, allocation, tree, [], 0)).to.equal("its content is not the allocation's tree");
    expect(treeFileProblem(file, allocation, tree, [posted], 0)).to.equal(undefined);
    const written = writeTreeFileStreamed(file, allocation, tree, posted);
    expect(treeFileProblem(file, allocation, tree, [], 0, written)).to.equal(undefined);
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace('"300"', '"301"'));
    expect(treeFileProblem(file, allocation, tree, [posted], 0)).to.equal("its content is not the allocation's tree");
    expect(treeFileProblem(file, allocation, tree, [posted], 0, written)).to.equal(
      "its content is not what was written",
    );
    expect(treeFileProblem(file, allocation, tree, [posted])).to.match(/root|proof|total/);
  });
});
