/// The Node edge's file access that the tasks use: deployment records, record files, proposal files, artifacts; and
/// the option-free parsers of inference ids and hash lists.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { id, keccak256, toUtf8Bytes, Wallet, ZeroHash } from "ethers";
import { CONTRACT_KEYS, futureId } from "../src/contracts.js";
import { OpenLedgerError } from "../src/errors/index.js";
import {
  errorsFromArtifacts,
  hashPath,
  listFiles,
  readDeployment,
  readJsonFile,
  requireCode,
  resolveDeploymentId,
} from "../src/node/index.js";
import { parseHashList, parseInferenceId } from "../src/parse/index.js";

const context = { chainId: 31337n, networkName: "localhost", hint: "deploy first" };

function ignitionWith(entries: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), "ol-node-"));
  mkdirSync(path.join(dir, "deployments", "chain-31337"), { recursive: true });
  writeFileSync(path.join(dir, "deployments", "chain-31337", "deployed_addresses.json"), JSON.stringify(entries));
  return dir;
}

const fullRecord = (): Record<string, string> =>
  Object.fromEntries(CONTRACT_KEYS.map((key) => [futureId(key), Wallet.createRandom().address]));

describe("readDeployment", function () {
  it("returns the file, its entries and the suite's addresses", function () {
    const futures = fullRecord();
    const record = readDeployment(ignitionWith(futures), "chain-31337", context);
    expect(record.futures).to.deep.equal(futures);
    expect(record.addresses.open).to.equal(futures[futureId("open")]);
  });

  it("names the expected file and the hint when there is no record", function () {
    const dir = mkdtempSync(path.join(tmpdir(), "ol-node-"));
    expect(() => readDeployment(dir, "chain-1", { ...context, root: dir })).to.throw(
      OpenLedgerError,
      /^no deployment for chain id 31337 .*expected deployments\/chain-1\/deployed_addresses\.json; deploy first$/,
    );
  });

  it("rejects a malformed file and a record without every contract", function () {
    expect(() => readDeployment(ignitionWith([]), "chain-31337", context)).to.throw(/is not an object/);
    expect(() => readDeployment(ignitionWith({ x: "nope" }), "chain-31337", context)).to.throw(/"x" is not an address/);
    const { [futureId("open")]: _, ...partial } = fullRecord();
    expect(() => readDeployment(ignitionWith(partial), "chain-31337", context)).to.throw(/has no OpenLedger#OpenToken/);
  });

  it("requireCode names the first address without code", async function () {
    const record = readDeployment(ignitionWith(fullRecord()), "chain-31337", context);
    await requireCode({ getCode: async () => "0x60" }, record, context);
    let caught: unknown;
    await requireCode({ getCode: async () => "0x" }, record, context).catch((err: unknown) => (caught = err));
    expect(String(caught)).to.match(/no contract code at .* on chain 31337: the chain was reset/);
  });

  it("resolveDeploymentId prefers the given id, then chain-<id>", function () {
    expect(resolveDeploymentId(5n, { deploymentId: " mine " })).to.equal("mine");
    if (process.env.OPENLEDGER_DEPLOYMENT_ID === undefined) expect(resolveDeploymentId(5n)).to.equal("chain-5");
  });
});

describe("records, JSON files and artifacts on disk", function () {
  it("hashes a folder's files in order, by their bytes", async function () {
    const dir = mkdtempSync(path.join(tmpdir(), "ol-node-"));
    mkdirSync(path.join(dir, "b"));
    writeFileSync(path.join(dir, "b", "x.txt"), "x");
    writeFileSync(path.join(dir, "a.txt"), "a");
    expect(listFiles(dir)).to.deep.equal(["a.txt", "b/x.txt"]);
    const { folder, files } = await hashPath(dir);
    expect(folder).to.equal(true);
    expect(files.map((f) => f.contentHash)).to.deep.equal([keccak256(toUtf8Bytes("a")), keccak256(toUtf8Bytes("x"))]);
  });

  it("readJsonFile names a missing or broken file", function () {
    const dir = mkdtempSync(path.join(tmpdir(), "ol-node-"));
    writeFileSync(path.join(dir, "bad.json"), "{");
    expect(() => readJsonFile(path.join(dir, "none.json"), "none.json")).to.throw(/^no such file: none.json$/);
    expect(() => readJsonFile(path.join(dir, "bad.json"), "bad.json")).to.throw(/^cannot read bad.json: /);
  });

  it("errorsFromArtifacts gathers the error fragments of a folder (none for a missing one)", function () {
    const dir = mkdtempSync(path.join(tmpdir(), "ol-node-"));
    const abi = [{ type: "error", name: "Nope", inputs: [{ name: "who", type: "address" }] }];
    writeFileSync(path.join(dir, "A.json"), JSON.stringify({ abi }));
    writeFileSync(path.join(dir, "broken.json"), "{");
    expect(errorsFromArtifacts(dir).getError("Nope")?.format()).to.equal("Nope(address)");
    expect(errorsFromArtifacts(path.join(dir, "missing")).fragments).to.have.length(0);
  });
});

describe("parseInferenceId and parseHashList", function () {
  it("keeps 32-byte hex, hashes other text, rejects short hex", function () {
    expect(parseInferenceId(ZeroHash.replace(/0$/, "A"))).to.equal(ZeroHash.replace(/0$/, "a"));
    expect(parseInferenceId("request-42")).to.equal(id("request-42"));
    expect(() => parseInferenceId("0x12", "--inference-id")).to.throw(/^--inference-id 0x12 is hex but not 32 bytes/);
    expect(() => parseInferenceId(" ")).to.throw(/is required/);
  });

  it("splits a comma-separated list of hashes", function () {
    const h = id("x");
    expect(parseHashList("--accept", undefined)).to.deep.equal([]);
    expect(parseHashList("--accept", ` ${h}, ,${h}`)).to.deep.equal([h, h]);
    expect(() => parseHashList("--accept", "0x1")).to.throw(/--accept/);
  });
});
