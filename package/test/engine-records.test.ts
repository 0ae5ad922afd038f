import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { keccak256, toUtf8Bytes } from "ethers";
import { readRecordTexts } from "../src/node/index.js";

const work = mkdtempSync(path.join(tmpdir(), "engine-records-"));
const hashOf = (text: string): string => keccak256(toUtf8Bytes(text));
const A = "The first record's text.";
const B = "The second record's text.";

describe("readRecordTexts", function () {
  it("reads a JSON-lines file by content hash, hashing lines that name none", function () {
    const file = path.join(work, "records.jsonl");
    writeFileSync(
      file,
      `${JSON.stringify({ contentHash: hashOf(A).toUpperCase().replace("0X", "0x"), text: A })}\n\n${JSON.stringify({ text: B })}\n`,
    );
    const texts = readRecordTexts(file);
    expect([...texts.keys()]).to.deep.equal([hashOf(A), hashOf(B)]);
    expect(texts.get(hashOf(A))).to.deep.equal({ contentHash: hashOf(A), text: A, source: `${file}:1` });
    expect(texts.get(hashOf(B))?.source).to.equal(`${file}:3`);
  });

  it("reads a folder: a file named by a content hash is that record, any other the record its bytes hash to", function () {
    const dir = path.join(work, "folder");
    mkdirSync(path.join(dir, "sub"), { recursive: true });
    const named = `0x${"ab".repeat(32)}`;
    writeFileSync(path.join(dir, `${named}.txt`), A);
    writeFileSync(path.join(dir, "sub", "b.txt"), B);
    writeFileSync(path.join(dir, ".hidden"), "left out");
    const texts = readRecordTexts(dir);
    expect([...texts.keys()].sort()).to.deep.equal([named, hashOf(B)].sort());
    // Not checked here: versionRecords checks each text it uses against the chain.
    expect(texts.get(named)?.text).to.equal(A);
  });

  it("refuses bad lines, a record given twice with different texts, and a missing path, in one line each", function () {
    const bad = path.join(work, "bad.jsonl");
    writeFileSync(bad, "{");
    expect(() => readRecordTexts(bad)).to.throw(`${bad}:1: not a JSON line`);
    writeFileSync(bad, JSON.stringify({ contentHash: hashOf(A) }));
    expect(() => readRecordTexts(bad)).to.throw(`${bad}:1: a record line is`);
    writeFileSync(bad, JSON.stringify({ contentHash: "0x12", text: A }));
    expect(() => readRecordTexts(bad)).to.throw(`${bad}:1: contentHash must be 32 bytes`);
    writeFileSync(bad, [A, B].map((text) => JSON.stringify({ contentHash: hashOf(A), text })).join("\n"));
    expect(() => readRecordTexts(bad)).to.throw(
      `record ${hashOf(A)} is given twice with different texts: ${bad}:1 and ${bad}:2`,
    );
    expect(() => readRecordTexts(path.join(work, "none"))).to.throw("no such records file or folder");
  });
});
