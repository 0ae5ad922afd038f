/// The inference log (JSON lines, one record per inference) and the attribution hash that a payer settles an
/// inference with (see ./index.ts for both formats).
import { AbiCoder, keccak256 } from "ethers";
import { OpenLedgerError } from "../errors/index.js";
import type { InferenceRecord, LogContributor } from "./types.js";
import { compareAddresses, isObject, parseAddress, parseHex32, parseUint } from "./values.js";
import type { Json } from "./values.js";

const coder = AbiCoder.defaultAbiCoder();

/// The ABI types of the attribution hash's preimage.
export const ATTRIBUTION_HASH_TYPES = [
  "bytes32",
  "uint256",
  "tuple(uint256 datanetId, tuple(address account, uint256 weight)[] contributors)[]",
];

function parseContributors(value: unknown, where: string): LogContributor[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new OpenLedgerError(`${where}: contributors must be a non-empty array`);
  const contributors = value.map((c: unknown, i: number): LogContributor => {
    if (!isObject(c)) throw new OpenLedgerError(`${where}: contributors[${i}] is not an object`);
    const weight = parseUint(c.weight, `${where}: contributors[${i}].weight`);
    if (weight === 0n) throw new OpenLedgerError(`${where}: contributors[${i}].weight must be positive`);
    return { account: parseAddress(`${where}: contributors[${i}].account`, c.account), weight };
  });
  contributors.sort((a, b) => compareAddresses(a.account, b.account));
  for (let i = 1; i < contributors.length; i++) {
    if (contributors[i].account === contributors[i - 1].account) {
      throw new OpenLedgerError(`${where}: ${contributors[i].account} appears twice among the contributors`);
    }
  }
  return contributors;
}

/// Validates and normalises one log record (either form).
export function parseInferenceRecord(value: unknown, where = "record"): InferenceRecord {
  if (!isObject(value)) throw new OpenLedgerError(`${where} is not a JSON object`);
  const inferenceId = parseHex32(value.inferenceId, `${where}: inferenceId`);
  const at = `${where} (inference ${inferenceId})`;
  const modelId = parseUint(value.modelId, `${at}: modelId`);
  let datanets: InferenceRecord["datanets"];
  if (value.datanets !== undefined) {
    if (value.datanetId !== undefined || value.contributors !== undefined) {
      throw new OpenLedgerError(`${at}: give either datanetId + contributors or datanets, not both`);
    }
    if (!Array.isArray(value.datanets) || value.datanets.length === 0) {
      throw new OpenLedgerError(`${at}: datanets must be a non-empty array`);
    }
    datanets = value.datanets.map((d: unknown, i: number) => {
      if (!isObject(d)) throw new OpenLedgerError(`${at}: datanets[${i}] is not an object`);
      return {
        datanetId: parseUint(d.datanetId, `${at}: datanets[${i}].datanetId`),
        contributors: parseContributors(d.contributors, `${at}: datanets[${i}]`),
      };
    });
  } else {
    datanets = [
      {
        datanetId: parseUint(value.datanetId, `${at}: datanetId`),
        contributors: parseContributors(value.contributors, at),
      },
    ];
  }
  datanets.sort((a, b) => (a.datanetId < b.datanetId ? -1 : a.datanetId > b.datanetId ? 1 : 0));
  for (let i = 1; i < datanets.length; i++) {
    if (datanets[i].datanetId === datanets[i - 1].datanetId) {
      throw new OpenLedgerError(`${at}: datanet ${datanets[i].datanetId} appears twice`);
    }
  }
  return { inferenceId, modelId, datanets };
}

/// Parses a JSON-lines inference log (blank lines allowed). Every inference id appears once.
export function parseInferenceLog(text: string, where = "log"): InferenceRecord[] {
  const records: InferenceRecord[] = [];
  const seen = new Set<string>();
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (err: unknown) {
      throw new OpenLedgerError(`${where}:${i + 1}: not JSON (${err instanceof Error ? err.message : String(err)})`);
    }
    const record = parseInferenceRecord(parsed, `${where}:${i + 1}`);
    if (seen.has(record.inferenceId))
      throw new OpenLedgerError(`${where}:${i + 1}: inference ${record.inferenceId} appears twice`);
    seen.add(record.inferenceId);
    records.push(record);
  });
  return records;
}

/// The record as one JSON line (the canonical single-line form when it names one datanet).
export function formatInferenceRecord(record: InferenceRecord): string {
  const contributors = (list: LogContributor[]) =>
    list.map((c) => ({ account: c.account, weight: c.weight.toString(10) }));
  if (record.datanets.length === 1) {
    return JSON.stringify({
      inferenceId: record.inferenceId,
      modelId: record.modelId.toString(10),
      datanetId: record.datanets[0].datanetId.toString(10),
      contributors: contributors(record.datanets[0].contributors),
    });
  }
  return JSON.stringify({
    inferenceId: record.inferenceId,
    modelId: record.modelId.toString(10),
    datanets: record.datanets.map((d) => ({
      datanetId: d.datanetId.toString(10),
      contributors: contributors(d.contributors),
    })),
  });
}

/// The attribution hash that the payer settles `record` with (see the file header). The record is canonicalised
/// first (a raw log line object is accepted too), so the order in which contributors are listed does not matter.
export function attributionHash(record: InferenceRecord | unknown): string {
  const r = parseInferenceRecord(isNormalised(record) ? rawRecord(record) : record);
  return keccak256(
    coder.encode(ATTRIBUTION_HASH_TYPES, [
      r.inferenceId,
      r.modelId,
      r.datanets.map((d) => [d.datanetId, d.contributors.map((c) => [c.account, c.weight])]),
    ]),
  );
}

/// A record back in its JSON form (decimal strings), to be validated and canonicalised by parseInferenceRecord.
function rawRecord(record: InferenceRecord): Json {
  return {
    inferenceId: record.inferenceId,
    modelId: record.modelId.toString(10),
    datanets: record.datanets.map((d) => ({
      datanetId: d.datanetId.toString(10),
      contributors: d.contributors.map((c) => ({ account: c.account, weight: c.weight.toString(10) })),
    })),
  };
}

function isNormalised(value: unknown): value is InferenceRecord {
  return (
    isObject(value) &&
    typeof value.modelId === "bigint" &&
    Array.isArray(value.datanets) &&
    value.datanets.every(
      (d: unknown) =>
        isObject(d) &&
        typeof d.datanetId === "bigint" &&
        Array.isArray(d.contributors) &&
        d.contributors.every((c: unknown) => isObject(c) && typeof c.weight === "bigint"),
    )
  );
}

/// The inference-log allocation of `datanetId`: the previous allocation, plus, for every settled inference not yet
/// allocated (in settlement order), its credit to the datanet split over the log's contributors for that datanet.
