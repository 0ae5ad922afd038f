import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { getAddress, keccak256 as ethersKeccak, toUtf8Bytes } from "ethers";
import {
  AttributionMerkleTree,
  checksumAddress,
  keccak256,
  LEAF_ENCODING,
  leafHash,
  processProof,
  toHex,
  verifyProof,
} from "../src/attribution/merkle.js";
import type { LeafInput } from "../src/attribution/merkle.js";

/// Deterministic distinct accounts and amounts: account i is keccak256("account i")'s last 20 bytes.
function entries(n: number, seed = "account"): LeafInput[] {
  return Array.from({ length: n }, (_, i) => ({
    account: getAddress(`0x${ethersKeccak(toUtf8Bytes(`${seed} ${i}`)).slice(-40)}`),
    cumulativeAmount: (BigInt(i) * 10n ** 17n + BigInt(i % 7)).toString(10),
  }));
}

const library = (leaves: readonly LeafInput[]): StandardMerkleTree<[string, string]> =>
  StandardMerkleTree.of(
    leaves.map((e): [string, string] => [e.account, String(e.cumulativeAmount)]),
    [...LEAF_ENCODING],
  );

describe("attribution merkle (fast builder)", function () {
  describe("keccak256", function () {
    it("is ethers' keccak256 for inputs from 0 to 300 bytes", function () {
      for (let len = 0; len <= 300; len += 17) {
        const input = Uint8Array.from({ length: len }, (_, i) => (i * 31 + len) & 0xff);
        expect(toHex(keccak256(input))).to.equal(ethersKeccak(input));
      }
    });
  });

  describe("AttributionMerkleTree.of", function () {
    it("throws on no leaf, as the library does", function () {
      expect(() => AttributionMerkleTree.of([])).to.throw("Expected non-zero number of leaves");
      expect(() => library([])).to.throw("Expected non-zero number of leaves");
    });

    for (const n of [1, 2, 3, 5, 7, 100, 1000]) {
      it(`gives the library's root, tree, dump and every proof with ${n} leaves`, function () {
        const leaves = entries(n);
        const fast = AttributionMerkleTree.of(leaves);
        const oz = library(leaves);
        expect(fast.root).to.equal(oz.root);
        expect(fast.dump()).to.deep.equal(oz.dump());
        for (let i = 0; i < n; i++) expect(fast.proof(i)).to.deep.equal(oz.getProof(i));
        expect(fast.total()).to.equal(leaves.reduce((s, e) => s + BigInt(e.cumulativeAmount), 0n));
      });
    }

    it("fromAmounts gives the same tree, with amounts from 0 to 2^256 − 1", function () {
      const leaves = entries(6).map((e, i) => ({
        account: e.account,
        cumulativeAmount: [0n, 1n, 2n ** 32n - 1n, 2n ** 32n, 10n ** 24n + 7n, 2n ** 256n - 1n][i].toString(10),
      }));
      const pairs = leaves.map((e): [string, bigint] => [e.account, BigInt(e.cumulativeAmount)]);
      const fast = AttributionMerkleTree.fromAmounts(pairs);
      expect(fast.dump()).to.deep.equal(library(leaves).dump());
      expect(AttributionMerkleTree.fromAmounts(new Map(pairs), 6).root).to.equal(fast.root);
      expect(fast.total()).to.equal(pairs.reduce((s, [, a]) => s + a, 0n));
      expect(() => AttributionMerkleTree.fromAmounts(pairs, 5)).to.throw("more than 5 amounts");
      expect(() => AttributionMerkleTree.fromAmounts(pairs, 7)).to.throw("6 amounts, not 7");
    });

    it("loads in the library from its dump", function () {
      const dump = AttributionMerkleTree.of(entries(33)).dump();
      expect(StandardMerkleTree.load(dump).root).to.equal(dump.tree[0]);
    });

    it("accepts lowercase accounts and bigint amounts as the library does", function () {
      const leaves = entries(9).map((e) => ({
        account: e.account.toLowerCase(),
        cumulativeAmount: BigInt(e.cumulativeAmount),
      }));
      expect(AttributionMerkleTree.of(leaves).root).to.equal(library(entries(9)).root);
    });

    it("gives the library's multiproofs", function () {
      const leaves = entries(50);
      const fast = AttributionMerkleTree.of(leaves);
      const oz = library(leaves);
      for (const indices of [[0], [3, 17], [49, 0, 25, 26], [], Array.from({ length: 50 }, (_, i) => i)]) {
        expect(fast.multiProof(indices)).to.deep.equal(oz.getMultiProof(indices));
      }
      expect(() => fast.multiProof([1, 1])).to.throw("Cannot prove duplicated index");
    });

    it("rejects what is not an address or a uint256, naming it", function () {
      expect(() => AttributionMerkleTree.of([{ account: "0x12", cumulativeAmount: "1" }])).to.throw(
        /"0x12" is not an address/,
      );
      expect(() => AttributionMerkleTree.of([{ account: entries(1)[0].account, cumulativeAmount: "-1" }])).to.throw(
        /is not a uint256/,
      );
      expect(() => AttributionMerkleTree.of([{ account: entries(1)[0].account, cumulativeAmount: "1.5" }])).to.throw(
        /is not an integer/,
      );
      expect(() => AttributionMerkleTree.of(entries(3)).proof(3)).to.throw("Index out of bounds");
    });
  });

  describe("verifyProof", function () {
    it("verifies every proof and the library verifies the same", function () {
      const leaves = entries(64);
      const fast = AttributionMerkleTree.of(leaves);
      for (let i = 0; i < leaves.length; i++) {
        const { account, cumulativeAmount } = leaves[i];
        expect(verifyProof(fast.root, account, cumulativeAmount, fast.proof(i))).to.equal(true);
        expect(
          StandardMerkleTree.verify(fast.root, [...LEAF_ENCODING], [account, String(cumulativeAmount)], fast.proof(i)),
        ).to.equal(true);
      }
    });

    it("refuses a proof for another amount or another account", function () {
      const leaves = entries(8);
      const fast = AttributionMerkleTree.of(leaves);
      expect(verifyProof(fast.root, leaves[0].account, "12345", fast.proof(0))).to.equal(false);
      expect(verifyProof(fast.root, leaves[1].account, leaves[0].cumulativeAmount, fast.proof(0))).to.equal(false);
    });

    it("leafHash and processProof are the library's", function () {
      const leaves = entries(5);
      const oz = library(leaves);
      const [account, amount] = oz.at(2) as [string, string];
      expect(leafHash(account, amount)).to.equal(oz.leafHash([account, amount]));
      const leaf = Uint8Array.from(Buffer.from(oz.leafHash([account, amount]).slice(2), "hex"));
      expect(toHex(processProof(leaf, oz.getProof(2)))).to.equal(oz.root);
    });
  });

  it("checksumAddress is EIP-55", function () {
    for (const { account } of entries(20)) {
      const bytes = Uint8Array.from(Buffer.from(account.slice(2), "hex"));
      expect(checksumAddress(bytes)).to.equal(getAddress(account));
    }
  });
});
