import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { getAddress, keccak256, toUtf8Bytes } from "ethers";
import { LEAF_ENCODING } from "../src/attribution/merkle.js";
import {
  openTree,
  readAllocation,
  readManifest,
  readProof,
  treeStorePath,
  verifyTree,
  writeTreeStore,
} from "../src/node/tree-store.js";

interface TestAllocation {
  version: 1;
  chainId: number;
  settlement: string;
  datanetId: string;
  epoch: number;
  policy: "pro-rata" | "inference-log";
  cumulativeTotal: string;
  allocations: Array<{ account: string; cumulativeAmount: string }>;
  inferences?: Array<Record<string, unknown>>;
}

const SETTLEMENT = getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3");

function allocationOf(n: number, seed = "account"): TestAllocation {
  const allocations = Array.from({ length: n }, (_, i) => ({
    account: getAddress(`0x${keccak256(toUtf8Bytes(`${seed} ${i}`)).slice(-40)}`),
    cumulativeAmount: (BigInt(i + 1) * 10n ** 18n + BigInt(i % 5)).toString(10),
  }));
  const total = allocations.reduce((s, e) => s + BigInt(e.cumulativeAmount), 0n);
  return {
    version: 1,
    chainId: 31337,
    settlement: SETTLEMENT,
    datanetId: "1",
    epoch: 2,
    policy: "pro-rata",
    cumulativeTotal: total.toString(10),
    allocations,
  };
}

const library = (a: TestAllocation): StandardMerkleTree<[string, string]> =>
  StandardMerkleTree.of(
    a.allocations.map((e): [string, string] => [e.account, e.cumulativeAmount]),
    [...LEAF_ENCODING],
  );

/// The older JSON tree file of an allocation, as `attribution:post` wrote it.
function writeJsonTreeFile(file: string, a: TestAllocation): void {
  const tree = library(a);
  const proofs: Record<string, { cumulativeAmount: string; proof: string[] }> = {};
  for (const [i, [account, cumulativeAmount]] of tree.entries()) {
    proofs[getAddress(account)] = { cumulativeAmount, proof: tree.getProof(i) };
  }
  writeFileSync(file, JSON.stringify({ allocation: a, root: tree.root, tree: tree.dump(), proofs }, null, 2));
}

/// Flips one bit of byte `at` of `file`.
function flip(file: string, at: number): void {
  const bytes = readFileSync(file);
  bytes[at] ^= 1;
  writeFileSync(file, bytes);
}

describe("tree store", function () {
  let dir: string;
  beforeEach(function () {
    dir = mkdtempSync(path.join(tmpdir(), "tree-store-"));
  });

  describe("writeTreeStore and readProof", function () {
    for (const n of [1, 2, 3, 100, 1000]) {
      it(`round-trips ${n} leaves: the library's root and every account's proof`, function () {
        const a = allocationOf(n);
        const store = path.join(dir, "alloc.tree");
        const manifest = writeTreeStore(store, a);
        const oz = library(a);
        expect(manifest.root).to.equal(oz.root);
        expect(manifest.count).to.equal(n);
        expect(readManifest(store).allocation).to.deep.equal({
          version: 1,
          chainId: 31337,
          settlement: SETTLEMENT,
          datanetId: "1",
          epoch: 2,
          policy: "pro-rata",
          cumulativeTotal: a.cumulativeTotal,
        });
        const reader = openTree(store);
        try {
          expect(reader.format).to.equal("store");
          expect(reader.root).to.equal(oz.root);
          for (const [i, [account, amount]] of oz.entries()) {
            expect(reader.proofFor(account)).to.deep.equal({ cumulativeAmount: amount, proof: oz.getProof(i) });
          }
        } finally {
          reader.close();
        }
        expect(verifyTree(store).mismatches).to.deep.equal([]);
        expect(readAllocation(store)).to.deep.equal(a);
      });
    }

    it("answers undefined for an account without a leaf, in any case", function () {
      const a = allocationOf(10);
      const store = path.join(dir, "alloc.tree");
      writeTreeStore(store, a);
      expect(readProof(store, getAddress("0x000000000000000000000000000000000000dead"))).to.equal(undefined);
      expect(readProof(store, "0xffffffffffffffffffffffffffffffffffffffff")).to.equal(undefined);
      expect(readProof(store, a.allocations[3].account.toLowerCase())?.cumulativeAmount).to.equal(
        a.allocations[3].cumulativeAmount,
      );
      expect(() => readProof(store, "0x1234")).to.throw(/"0x1234" is not an address/);
    });

    it("keeps the inferences of an inference-log allocation, one a line", function () {
      const a: TestAllocation = {
        ...allocationOf(4),
        policy: "inference-log",
        inferences: [
          { inferenceId: "0x01", fee: "5" },
          { inferenceId: "0x02", fee: "7" },
        ],
      };
      const store = path.join(dir, "alloc.tree");
      expect(writeTreeStore(store, a).inferences).to.equal(2);
      expect(readFileSync(path.join(store, "inferences.ndjson"), "utf8").trim().split("\n")).to.have.length(2);
      expect(readAllocation(store)).to.deep.equal(a);
    });

    it("records where the root was posted", function () {
      const store = path.join(dir, "alloc.tree");
      const posted = { transaction: "0xabc", block: 7, readyAt: 100, uri: "alloc.tree", attestor: SETTLEMENT };
      writeTreeStore(store, allocationOf(3), { posted });
      expect(openTree(store).posted).to.deep.equal(posted);
    });

    it("replaces an existing store whole and leaves no temporary folder", function () {
      const store = path.join(dir, "alloc.tree");
      writeTreeStore(store, allocationOf(5));
      const second = allocationOf(7, "other");
      writeTreeStore(store, second);
      expect(readManifest(store).root).to.equal(library(second).root);
      expect(readdirSync(dir)).to.deep.equal(["alloc.tree"]);
    });

    it("refuses leaves that do not add up, an account twice, or no account, and writes nothing", function () {
      const store = path.join(dir, "alloc.tree");
      const a = allocationOf(3);
      expect(() => writeTreeStore(store, { ...a, cumulativeTotal: "1" })).to.throw(
        `the leaves sum to ${a.cumulativeTotal}, the allocation's cumulativeTotal is 1`,
      );
      const twice = { ...a, allocations: [...a.allocations, a.allocations[0]] };
      twice.cumulativeTotal = (BigInt(a.cumulativeTotal) + BigInt(a.allocations[0].cumulativeAmount)).toString();
      expect(() => writeTreeStore(store, twice)).to.throw(`${a.allocations[0].account} has two leaves`);
      expect(() => writeTreeStore(store, { ...a, allocations: [], cumulativeTotal: "0" })).to.throw("no account");
      expect(existsSync(store)).to.equal(false);
    });
  });

  describe("the older JSON tree file", function () {
    it("still loads: openTree tells the formats apart, and proofs and checks are the same", function () {
      const a = allocationOf(25);
      const file = path.join(dir, "alloc.tree.json");
      writeJsonTreeFile(file, a);
      const oz = library(a);
      const reader = openTree(file);
      expect(reader.format).to.equal("json");
      expect(reader.root).to.equal(oz.root);
      for (const [i, [account, amount]] of oz.entries()) {
        expect(reader.proofFor(account)).to.deep.equal({ cumulativeAmount: amount, proof: oz.getProof(i) });
      }
      expect(verifyTree(file).mismatches).to.deep.equal([]);
      expect(readAllocation(file)).to.deep.equal(a);
    });

    it("finds the store when the JSON file named is not there", function () {
      const a = allocationOf(4);
      writeTreeStore(treeStorePath(path.join(dir, "alloc.json")), a);
      expect(openTree(path.join(dir, "alloc.tree.json")).format).to.equal("store");
      expect(openTree(path.join(dir, "alloc.tree", "manifest.json")).format).to.equal("store");
    });

    it("is refused with one line when it is not a tree file", function () {
      const file = path.join(dir, "x.json");
      writeFileSync(file, "{}");
      expect(() => openTree(file)).to.throw(`${file} is not a tree file`);
      expect(() => openTree(path.join(dir, "none.json"))).to.throw("no such tree file or tree store");
    });
  });

  describe("verifyTree", function () {
    it("finds a damaged node: the proof through it is refused and the tree check names it", function () {
      const a = allocationOf(16);
      const store = path.join(dir, "alloc.tree");
      writeTreeStore(store, a);
      flip(path.join(store, "nodes.bin"), 32 * 20 + 5);
      expect(verifyTree(store).mismatches.map((m) => m.name)).to.deep.equal(["proof mismatch"]);
      const refused = a.allocations.filter((e) => {
        try {
          readProof(store, e.account);
          return false;
        } catch (err: unknown) {
          return String(err).includes("does not verify against root");
        }
      });
      expect(refused.length).to.be.greaterThan(0);
    });

    it("finds a changed amount: the root and the total no longer match", function () {
      const store = path.join(dir, "alloc.tree");
      writeTreeStore(store, allocationOf(16));
      flip(path.join(store, "leaves.bin"), 64 * 3 + 51);
      const names = verifyTree(store).mismatches.map((m) => m.name);
      expect(names).to.include("root mismatch");
      expect(names).to.include("total mismatch");
    });

    it("compares with what was posted", function () {
      const a = allocationOf(6);
      const store = path.join(dir, "alloc.tree");
      writeTreeStore(store, a);
      const root = library(a).root;
      expect(verifyTree(store, { root, cumulativeTotal: BigInt(a.cumulativeTotal) }).mismatches).to.deep.equal([]);
      const other = `0x${"11".repeat(32)}`;
      expect(verifyTree(store, { root: other, cumulativeTotal: 1n }).mismatches).to.deep.equal([
        { name: "root mismatch", detail: `rebuilt root ${root} ≠ posted root ${other}` },
        { name: "total mismatch", detail: `the file's cumulativeTotal is ${a.cumulativeTotal}, the posted total 1` },
      ]);
    });

    it("refuses a store whose record files were cut short", function () {
      const store = path.join(dir, "alloc.tree");
      writeTreeStore(store, allocationOf(8));
      writeFileSync(path.join(store, "nodes.bin"), readFileSync(path.join(store, "nodes.bin")).subarray(0, 64));
      expect(() => openTree(store)).to.throw("the record files do not hold 8 leaves");
    });
  });
});
