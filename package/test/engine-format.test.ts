import { expect } from "chai";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import {
  attribute,
  buildIndex,
  deserialiseIndex,
  INDEX_FORMAT_VERSION,
  indexFileChunks,
  serialiseIndex,
} from "../src/attribution/index.js";
import type { EngineIndex, EngineRecord } from "../src/attribution/index.js";
import { readIndexFile, writeIndexFile } from "../src/node/index.js";

const hash = (i: number): string => `0x${i.toString(16).padStart(64, "0")}`;
const records: EngineRecord[] = [
  {
    datanetId: 1n,
    version: 2,
    contentHash: hash(1),
    contributor: `0x${"11".repeat(20)}`,
    text: "take two tablets every six hours",
  },
  {
    datanetId: 1n,
    version: 2,
    contentHash: hash(2),
    contributor: `0x${"22".repeat(20)}`,
    text: "take two tablets with food",
  },
  {
    datanetId: 4n,
    version: 1,
    contentHash: hash(3),
    contributor: `0x${"33".repeat(20)}`,
    text: "every function has a test",
  },
];
const params = { inferenceId: `0x${"cd".repeat(32)}`, modelId: 1n };
const OUTPUT = "Take two tablets every six hours; every function has a test.";

/// `bytes` with the checksum recomputed, as a forger would.
function resealed(bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  out.set(sha256(out.subarray(0, out.length - 32)), out.length - 32);
  return out;
}

/// The offset of section `name` in an index file.
function sectionOffset(bytes: Uint8Array, name: string): number {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + length))) as {
    sections: Array<{ name: string; offset: number }>;
  };
  return header.sections.find((s) => s.name === name)!.offset;
}

describe("index files", function () {
  const index = buildIndex(records, { k: 3, background: ["take two", "has a"] });
  const bytes = serialiseIndex(index);

  describe("serialiseIndex and deserialiseIndex", function () {
    it("read back an index that attributes exactly as the one written", function () {
      const back = deserialiseIndex(bytes);
      expect(back.k).to.equal(3);
      expect(back.datanets).to.deep.equal(index.datanets);
      expect(back.vocabulary.tokens).to.deep.equal(index.vocabulary.tokens);
      expect([...back.sa]).to.deep.equal([...index.sa]);
      expect(back.background?.documents).to.equal(2);
      expect(attribute(back, OUTPUT, params)).to.deep.equal(attribute(index, OUTPUT, params));
      expect(serialiseIndex(back)).to.deep.equal(bytes);
    });

    it("are the same bytes piece by piece, with any sha256, and readable from an unaligned buffer", function () {
      const chunks = [...indexFileChunks(index)];
      expect(Buffer.concat(chunks)).to.deep.equal(Buffer.from(bytes));
      const shifted = new Uint8Array(bytes.length + 1).subarray(1);
      shifted.set(bytes);
      expect(attribute(deserialiseIndex(shifted), OUTPUT, params)).to.deep.equal(attribute(index, OUTPUT, params));
      const noBackground = buildIndex(records, { k: 3 });
      expect(deserialiseIndex(serialiseIndex(noBackground)).background).to.equal(undefined);
    });
  });

  describe("when the file is bad", function () {
    it("refuses a corrupted file by its checksum, in one line", function () {
      for (const at of [20, sectionOffset(bytes, "sa") + 1, bytes.length - 1]) {
        const damaged = Uint8Array.from(bytes);
        damaged[at] ^= 0x40;
        expect(() => deserialiseIndex(damaged)).to.throw(
          "the attribution index is corrupted: its sha256 checksum does not match its contents (rebuild or fetch it again)",
        );
      }
      expect(() => deserialiseIndex(bytes.subarray(0, bytes.length - 5))).to.throw("corrupted");
    });

    it("refuses what is not an index, another format version, a short file", function () {
      expect(() => deserialiseIndex(new TextEncoder().encode(`{"version":1,"allocations":[]}`.padEnd(80)))).to.throw(
        "not a valid attribution index: it does not start with OLATTIDX",
      );
      expect(() => deserialiseIndex(new Uint8Array(10))).to.throw(
        "not a valid attribution index: 10 bytes is too short",
      );
      const later = Uint8Array.from(bytes);
      new DataView(later.buffer).setUint32(8, INDEX_FORMAT_VERSION + 1, true);
      expect(() => deserialiseIndex(later)).to.throw(
        "the attribution index is of format version 2; this reader reads version 1",
      );
    });

    it("refuses a file with a valid checksum whose contents are out of bounds", function () {
      const sa = Uint8Array.from(bytes);
      new DataView(sa.buffer).setInt32(sectionOffset(bytes, "sa") + 4, 1_000_000, true);
      expect(() => deserialiseIndex(resealed(sa))).to.throw(
        "not a valid attribution index: suffix array entry 1 is 1000000, outside the text",
      );
      const text = Uint8Array.from(bytes);
      new DataView(text.buffer).setInt32(sectionOffset(bytes, "text"), 0, true);
      expect(() => deserialiseIndex(resealed(text))).to.throw(
        "not a valid attribution index: token 0 is 0, outside 1 …",
      );
      const separator = Uint8Array.from(bytes);
      const end = index.records.starts[1] - 1;
      new DataView(separator.buffer).setInt32(sectionOffset(bytes, "text") + 4 * end, 1, true);
      expect(() => deserialiseIndex(resealed(separator))).to.throw(
        "not a valid attribution index: record 0 does not end with its separator",
      );
    });
  });

  describe("writeIndexFile and readIndexFile", function () {
    let dir: string;
    beforeEach(function () {
      dir = mkdtempSync(path.join(tmpdir(), "engine-index-"));
    });
    afterEach(function () {
      rmSync(dir, { recursive: true, force: true });
    });

    it("write the file atomically, leaving nothing else, and read it back", function () {
      const file = path.join(dir, "model-1.index");
      writeFileSync(file, "an older index");
      expect(writeIndexFile(file, index)).to.equal(bytes.length);
      expect(readdirSync(dir)).to.deep.equal(["model-1.index"]);
      expect(new Uint8Array(readFileSync(file))).to.deep.equal(bytes);
      const back: EngineIndex = readIndexFile(file);
      expect(attribute(back, OUTPUT, params)).to.deep.equal(attribute(index, OUTPUT, params));
    });

    it("refuse a missing or corrupted file in one line naming it, and leave no partial file behind", function () {
      const file = path.join(dir, "model-1.index");
      expect(() => readIndexFile(file)).to.throw(`${file}: no such file`);
      writeIndexFile(file, index);
      const damaged = readFileSync(file);
      damaged[damaged.length >> 1] ^= 1;
      writeFileSync(file, damaged);
      expect(() => readIndexFile(file)).to.throw(`${file}: the attribution index is corrupted`);
      const nowhere = path.join(dir, "missing", "model.index");
      expect(() => writeIndexFile(nowhere, index)).to.throw(`cannot write the index file ${nowhere}`);
      expect(existsSync(path.join(dir, "missing"))).to.equal(false);
    });
  });
});
