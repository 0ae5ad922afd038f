import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { getAddress, keccak256, toUtf8Bytes } from "ethers";
import {
  AttributionMerkleTree,
  buildTree,
  claimable,
  parseAddress,
  proofFor,
  proRataAllocation,
  verifyPosted,
} from "../src/attribution/index.js";
import type { Allocation, ChainState } from "../src/attribution/index.js";
import { orderByBytes } from "../src/attribution/merkle.js";
import {
  ensureEpochTree,
  listTreeFiles,
  loadTrees,
  readManifest,
  readTreeFile,
  recordEpochPosted,
  storeProofSource,
  verifyStorePosted,
} from "../src/node/index.js";

const SETTLEMENT = getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3");
const accountOf = (i: number, seed = "account"): string =>
  getAddress(`0x${keccak256(toUtf8Bytes(`${seed} ${i}`)).slice(-40)}`);

function allocationOf(n: number, epoch = 1): Allocation {
  const weights = new Map(Array.from({ length: n }, (_, i) => [accountOf(i), BigInt((i % 7) + 1)]));
  const accrued = 10n ** 21n + 7n;
  const result = proRataAllocation(undefined, [{ version: 1, amount: accrued }], new Map([[1, weights]]), {
    checksummed: true,
  });
  return {
    version: 1,
    chainId: 31337,
    settlement: SETTLEMENT,
    datanetId: "4",
    epoch,
    policy: "pro-rata",
    cumulativeTotal: result.cumulativeTotal.toString(10),
    allocations: result.allocations,
  };
}

const POSTED = {
  transaction: `0x${"ab".repeat(32)}`,
  block: 12,
  readyAt: 1_800_000_000,
  uri: "ipfs://epoch",
  attestor: SETTLEMENT,
};

function chainOf(a: Allocation, root: string): ChainState {
  const total = BigInt(a.cumulativeTotal);
  return {
    chainId: a.chainId,
    settlement: a.settlement,
    posted: { root, cumulativeTotal: total, readyAt: POSTED.readyAt, attestor: SETTLEMENT, uri: POSTED.uri },
    status: "pending",
    accrued: total,
    settled: new Map(),
  };
}

describe("epoch trees", function () {
  const dir = mkdtempSync(path.join(tmpdir(), "epoch-tree-"));

  describe("ensureEpochTree", function () {
    it("writes the store and, for a small tree, the JSON tree file, both verified and with the same proofs", function () {
      const a = allocationOf(40);
      const file = path.join(dir, "small.json");
      const tree = buildTree(a);
      const epoch = ensureEpochTree(file, a, tree, undefined, "nothing was posted");
      expect(epoch).to.deep.equal({
        store: path.join(dir, "small.tree"),
        storeState: "written",
        treeFile: path.join(dir, "small.tree.json"),
        treeFileState: "written",
      });
      const json = readTreeFile(epoch.treeFile!);
      const library = StandardMerkleTree.of(
        a.allocations.map((e) => [e.account, e.cumulativeAmount]),
        ["address", "uint256"],
      );
      expect(json.root).to.equal(library.root);
      expect(json.tree).to.deep.equal(library.dump());
      const source = storeProofSource(epoch.store);
      for (const e of a.allocations) expect(proofFor(source, e.account)).to.deep.equal(json.proofs[e.account]);

      // A rerun reuses both, and the post is recorded in both.
      expect(ensureEpochTree(file, a, tree, undefined, "x")).to.include({
        storeState: "reused",
        treeFileState: "reused",
      });
      recordEpochPosted(epoch, a, tree, POSTED);
      expect(readManifest(epoch.store).posted).to.deep.equal(POSTED);
      expect(readTreeFile(epoch.treeFile!).posted).to.deep.equal(POSTED);
    });

    it("writes only the store above treeFileMaxLeaves", function () {
      const a = allocationOf(30);
      const file = path.join(dir, "large.json");
      const epoch = ensureEpochTree(file, a, buildTree(a), POSTED, "x", { treeFileMaxLeaves: 10 });
      expect(epoch).to.deep.equal({ store: path.join(dir, "large.tree"), storeState: "written" });
      expect(existsSync(path.join(dir, "large.tree.json"))).to.equal(false);
      expect(readManifest(epoch.store).posted).to.deep.equal(POSTED);
    });

    it("writes a damaged store again", function () {
      const a = allocationOf(20);
      const file = path.join(dir, "damaged.json");
      const tree = buildTree(a);
      const { store } = ensureEpochTree(file, a, tree, undefined, "x", { treeFileMaxLeaves: 0 });
      const nodes = readFileSync(path.join(store, "nodes.bin"));
      nodes[40] ^= 0xff;
      writeFileSync(path.join(store, "nodes.bin"), nodes);
      expect(ensureEpochTree(file, a, tree, undefined, "x", { treeFileMaxLeaves: 0 }).storeState).to.equal("written");
      expect(verifyStorePosted(store, chainOf(a, tree.root))).to.deep.equal([]);
    });
  });

  describe("verifyStorePosted", function () {
    it("finds what verifyPosted finds in the tree file: a changed amount, and a root that is not the posted one", function () {
      const a = allocationOf(25);
      const file = path.join(dir, "verify.json");
      const tree = buildTree(a);
      const epoch = ensureEpochTree(file, a, tree, undefined, "x");
      expect(verifyStorePosted(epoch.store, chainOf(a, tree.root))).to.deep.equal([]);
      expect(verifyPosted(readTreeFile(epoch.treeFile!), chainOf(a, tree.root))).to.deep.equal([]);

      const tampered = path.join(dir, "tampered.tree");
      cpSync(epoch.store, tampered, { recursive: true });
      const leaves = readFileSync(path.join(tampered, "leaves.bin"));
      leaves[20 + 31] ^= 1;
      writeFileSync(path.join(tampered, "leaves.bin"), leaves);
      const names = verifyStorePosted(tampered, chainOf(a, tree.root)).map((m) => m.name);
      expect(names).to.include.members(["root mismatch", "proof mismatch", "total mismatch"]);

      const other = `0x${"11".repeat(32)}`;
      const onChain = verifyStorePosted(epoch.store, { ...chainOf(a, other), chainId: 1 });
      expect(onChain.map((m) => m.name)).to.deep.equal(["network mismatch", "root mismatch"]);
    });
  });

  describe("claims from stores", function () {
    it("listTreeFiles and loadTrees take store folders, and a folder's stores unless its tree file is there", function () {
      const folder = mkdtempSync(path.join(tmpdir(), "epoch-stores-"));
      const a1 = allocationOf(12, 1);
      const a2 = allocationOf(14, 2);
      ensureEpochTree(path.join(folder, "e1.json"), a1, buildTree(a1), undefined, "x", { treeFileMaxLeaves: 0 });
      ensureEpochTree(path.join(folder, "e2.json"), a2, buildTree(a2), undefined, "x");
      expect(listTreeFiles(folder)).to.deep.equal([path.join(folder, "e1.tree"), path.join(folder, "e2.tree.json")]);
      expect(listTreeFiles(path.join(folder, "e2.tree"))).to.deep.equal([path.join(folder, "e2.tree")]);
      const trees = loadTrees(folder).get("4")!;
      expect(trees.map((t) => t.tree.allocation.epoch)).to.deep.equal([2, 1]);
      const store = trees[1].tree;
      expect(store.root).to.equal(buildTree(a1).root);
      const e = a1.allocations[3];
      expect(claimable(store, e.account.toLowerCase(), 1n)).to.equal(BigInt(e.cumulativeAmount) - 1n);
      expect(claimable(store, accountOf(999, "nobody"), 0n)).to.equal(0n);
    });
  });
});

describe("fast paths", function () {
  it("orderByBytes gives a stable sort's order, with shared prefixes and ties, above and below the bucket size", function () {
    for (const n of [5, 1500, 5000]) {
      const data = new Uint8Array(n * 8);
      for (let i = 0; i < n; i++) {
        // Few distinct first bytes, many equal keys: buckets of every size.
        data[i * 8] = i % 3;
        data[i * 8 + 1] = (i * 7) % 5;
        data[i * 8 + 6] = (i * 13) % 4;
      }
      const expected = Array.from({ length: n }, (_, i) => i).sort((x, y) => {
        for (let k = 0; k < 8; k++) {
          const d = data[x * 8 + k] - data[y * 8 + k];
          if (d !== 0) return d;
        }
        return x - y;
      });
      expect([...orderByBytes(data, n, 8, 0, 8)]).to.deep.equal(expected);
    }
    // Spread keys: buckets of a few records each, sorted by insertion.
    const n = 100_000;
    const data = new Uint8Array(n * 8);
    let x = 12345;
    for (let i = 0; i < n * 8; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      data[i] = x >>> 24;
    }
    for (let i = 0; i < n; i++) data[i * 8] &= 63;
    const order = orderByBytes(data, n, 8, 0, 8);
    let wrong = 0;
    for (let r = 1; r < n; r++) {
      let d = 0;
      for (let k = 0; k < 8 && d === 0; k++) d = data[order[r - 1] * 8 + k] - data[order[r] * 8 + k];
      if (!(d < 0 || (d === 0 && order[r - 1] < order[r]))) wrong++;
    }
    expect(new Set(order).size).to.equal(n);
    expect(wrong).to.equal(0);
  });

  it("AttributionMerkleTree with sortLeaves false is StandardMerkleTree's with sortLeaves false", function () {
    const leaves: [string, bigint][] = Array.from({ length: 33 }, (_, i) => [
      accountOf(i, "unsorted"),
      BigInt(i * 3 + 1),
    ]);
    const fast = AttributionMerkleTree.fromAmounts(leaves, leaves.length, { sortLeaves: false });
    const library = StandardMerkleTree.of(leaves, ["address", "uint256"], { sortLeaves: false });
    expect(fast.root).to.equal(library.root);
    for (let i = 0; i < leaves.length; i++) expect(fast.getProof(i)).to.deep.equal(library.getProof(i));
  });

  it("parseAddress checksums as ethers does, and refuses a wrong checksum", function () {
    const a = accountOf(1);
    expect(parseAddress("x", a.toLowerCase())).to.equal(a);
    expect(parseAddress("x", `0x${a.slice(2).toUpperCase()}`)).to.equal(a);
    const wrong =
      a.slice(0, 2) + [...a.slice(2)].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");
    if (/[a-f]/.test(a.slice(2)) && /[A-F]/.test(a.slice(2))) {
      expect(() => parseAddress("x", wrong)).to.throw(`x must be an address, not "${wrong}"`);
    }
  });
});
