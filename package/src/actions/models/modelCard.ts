/// The model card: the JSON a model builder writes to register a model, checked with one-line messages before
/// anything is sent. Pure: the caller reads the card and hashes a weights file it names (`hashWeights`), so the same
/// checks run in Node and in a browser. The contract stays the authority: a card that passes can still be refused
/// on chain (an unknown datanet, a parent too deep), with the contract's own error.
///
/// ```json
/// {
///   "name": "…", "description": "…",
///   "cardURI": "ipfs://…",                    // or "uri"; default: given by the caller (the card's file:// URL)
///   "weightsHash": "0x…",                     // or "weightsFile": a file the caller hashes
///   "weightsURI": "ipfs://…",                 // default with weightsFile: the caller's URL of the file
///   "parent": 1,                              // optional model id
///   "datanets": [{ "id": 1, "weightBps": 6000 }, { "id": 2, "weightBps": 4000 }],
///   "price": "0.02",                          // OPEN per inference
///   "ownerBps": 6000                          // the owner's share; the rest goes to the training data
/// }
/// ```
import { isHexString, keccak256, parseUnits, ZeroHash } from "ethers";
import { OpenLedgerError } from "../../errors/index.js";
import type { ModelInput } from "./registerModel.js";

/// Basis points in a whole.
export const BPS = 10_000n;
/// The most training datanets a model may name (IModelRegistry.MAX_TRAINING_DATANETS).
export const MAX_TRAINING_DATANETS = 10;

/// A checked card: what `registerModel` takes, plus its name and description.
export interface ModelCard extends ModelInput {
  name: string;
  description: string;
  /// The `weightsFile` the card names, as written in it; undefined when it gives `weightsHash`.
  weightsFile: string | undefined;
}

export interface ParseModelCardOptions {
  /// How errors name the card (its file name).
  label: string;
  /// The governance floor on the data share (`ModelRegistry.minDataBps`).
  minDataBps: bigint;
  /// The card's URI when it gives none (the card's own file:// URL).
  defaultCardURI?: string;
  /// Hashes the `weightsFile` the card names, and gives its default URI: the caller's file access.
  weights?: (weightsFile: string) => Promise<{ weightsHash: string; weightsURI: string }>;
}

/// The keccak256 of a weights file's bytes: its `weightsHash`.
export function hashWeights(bytes: Uint8Array): string {
  return keccak256(bytes);
}

/// `1,234`: basis points and counts for people.
export function grouped(n: bigint): string {
  return n.toString(10).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function fail(message: string): never {
  throw new OpenLedgerError(message);
}

function optionalString(label: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") fail(`${label} must be a string, not ${JSON.stringify(value)}`);
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function uint(value: unknown, what: string): bigint {
  if (typeof value === "bigint" && value >= 0n) return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === "string" && /^[0-9]+$/.test(value.trim())) return BigInt(value.trim());
  return fail(`${what} must be a non-negative integer, not ${JSON.stringify(value) ?? String(value)}`);
}

function open(value: unknown, what: string): bigint {
  const text = typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "";
  const clean = text.replaceAll("_", "").replaceAll(",", "");
  if (!/^(\d+(\.\d{0,18})?|\.\d{1,18})$/.test(clean)) {
    fail(`${what} "${text}" must be an amount of OPEN such as 1000 or 0.5 (at most 18 decimals)`);
  }
  return parseUnits(clean.startsWith(".") ? `0${clean}` : clean, 18);
}

function hash(value: unknown, what: string): string {
  if (typeof value !== "string" || !isHexString(value.trim(), 32)) {
    fail(`${what} must be 32 bytes of hex (0x + 64 hex digits), not ${JSON.stringify(value)}`);
  }
  const h = value.trim().toLowerCase();
  if (h === ZeroHash) fail(`${what} is the zero hash`);
  return h;
}

function trainingSet(label: string, value: unknown): ModelInput["datanets"] {
  if (!Array.isArray(value) || value.length === 0) {
    fail(`${label}: datanets must list at least one training datanet { "id": N, "weightBps": N }`);
  }
  if (value.length > MAX_TRAINING_DATANETS) {
    fail(`${label}: ${value.length} training datanets, at most ${MAX_TRAINING_DATANETS} are allowed`);
  }
  const datanets = value.map((entry: unknown, i: number) => {
    if (typeof entry !== "object" || entry === null) fail(`${label}: datanets[${i}] is not an object`);
    const e = entry as Record<string, unknown>;
    const datanetId = uint(e.id ?? e.datanetId, `${label}: datanets[${i}].id`);
    const weightBps = uint(e.weightBps, `${label}: datanets[${i}].weightBps`);
    if (datanetId === 0n) fail(`${label}: datanets[${i}].id must be a datanet id (1 or more)`);
    if (weightBps === 0n) fail(`${label}: datanet ${datanetId.toString(10)} has a weight of 0`);
    return { datanetId, weightBps };
  });
  const ids = new Set<bigint>();
  for (const d of datanets) {
    if (ids.has(d.datanetId)) fail(`${label}: datanet ${d.datanetId.toString(10)} is named twice`);
    ids.add(d.datanetId);
  }
  const sum = datanets.reduce((acc, d) => acc + d.weightBps, 0n);
  if (sum !== BPS) fail(`${label}: training datanet weights sum to ${grouped(sum)} basis points, not 10,000`);
  return datanets;
}

/// Checks a parsed model card: the first version (a hash, or a file to hash), the lineage, 1 to 10 distinct
/// training datanets weighted to 10,000 basis points, a price above 0 and an owner share that leaves the data at
/// least the floor. Each failure is a one-line OpenLedgerError that names the card and the field.
export async function parseModelCard(value: unknown, options: ParseModelCardOptions): Promise<ModelCard> {
  const { label, minDataBps } = options;
  if (typeof value !== "object" || value === null || Array.isArray(value))
    fail(`${label}: a model card is a JSON object`);
  const card = value as Record<string, unknown>;
  const name = optionalString(`${label}: name`, card.name) ?? "";
  const description = optionalString(`${label}: description`, card.description) ?? "";
  const cardURI = optionalString(`${label}: cardURI`, card.cardURI ?? card.uri) ?? options.defaultCardURI;
  if (cardURI === undefined) fail(`${label}: cardURI is missing`);

  const weightsFile = optionalString(`${label}: weightsFile`, card.weightsFile);
  const stated =
    card.weightsHash === undefined || card.weightsHash === null
      ? undefined
      : hash(card.weightsHash, `${label}: weightsHash`);
  let weightsHash = stated;
  let fileURI: string | undefined;
  if (weightsFile !== undefined) {
    if (options.weights === undefined)
      fail(`${label}: weightsFile ${weightsFile} cannot be read here: give weightsHash`);
    const hashed = await options.weights(weightsFile);
    if (stated !== undefined && stated !== hashed.weightsHash) {
      fail(`${label}: weightsHash ${stated} is not the hash of ${weightsFile} (${hashed.weightsHash})`);
    }
    weightsHash = hashed.weightsHash;
    fileURI = hashed.weightsURI;
  }
  if (weightsHash === undefined) fail(`${label}: give weightsHash, or weightsFile to hash`);
  const weightsURI = optionalString(`${label}: weightsURI`, card.weightsURI) ?? fileURI;
  if (weightsURI === undefined) fail(`${label}: weightsURI is missing`);

  const parentId = card.parent === undefined || card.parent === null ? 0n : uint(card.parent, `${label}: parent`);
  const datanets = trainingSet(label, card.datanets);

  const price = open(card.price, `${label}: price`);
  if (price === 0n) fail(`${label}: price must be above 0 OPEN`);
  const ownerBps = uint(card.ownerBps, `${label}: ownerBps`);
  if (ownerBps > BPS) fail(`${label}: ownerBps ${grouped(ownerBps)} is above 10,000`);
  if (BPS - ownerBps < minDataBps) {
    fail(
      `${label}: ownerBps ${grouped(ownerBps)} leaves the data ${grouped(BPS - ownerBps)} basis points, ` +
        `below the floor of ${grouped(minDataBps)}`,
    );
  }
  return { name, description, cardURI, weightsHash, weightsURI, weightsFile, parentId, datanets, price, ownerBps };
}
