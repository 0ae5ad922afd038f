/// The model card: the JSON a model builder writes to register a model, checked with one-line messages before
/// anything is sent. Pure: the caller reads the card and hashes a weights file it names (`hashWeights`), so the same
/// checks run in Node and in a browser. The contract stays the authority: a card that passes can still be refused
/// on chain (an unknown datanet, a parent too deep), with the contract's own error.
///
/// Each training datanet names the published version of it that the model was trained on (`datanet:version`
/// publishes one). The caller may give `latestVersion` (a read of `DatanetRegistry.versionCount`), so that a card that
/// names no version, version 0 or one not yet published is refused with the version it could name.
///
/// ```json
/// {
///   "name": "…", "description": "…",
///   "cardURI": "ipfs://…",                    // or "uri"; default: given by the caller (the card's file:// URL)
///   "weightsHash": "0x…",                     // or "weightsFile": a file the caller hashes
///   "weightsURI": "ipfs://…",                 // default with weightsFile: the caller's URL of the file
///   "parent": 1,                              // optional model id
///   "datanets": [                             // published datanet versions, weights summing to 10,000
///     { "id": 1, "version": 1, "weightBps": 6000 },
///     { "id": 2, "version": 3, "weightBps": 4000 }
///   ],
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
  /// The latest published version of a datanet (`DatanetRegistry.versionCount`, 0 for none): the caller's chain
  /// access. With it, a datanet entry that names no version, version 0 or a version not yet published is refused with
  /// a line naming the latest; without it, only a missing version or version 0 is refused.
  latestVersion?: (datanetId: bigint) => Promise<bigint>;
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

/// Why `entry` (datanets[i] of the card) cannot name `version` of `datanetId`, or undefined when it can as far as
/// `latest` (the datanet's latest published version, when known) tells.
function versionProblem(entry: string, version: bigint | undefined, latest: bigint | undefined): string | undefined {
  const named = version === undefined ? "names no version" : `names version ${version.toString(10)}`;
  if (latest === undefined) {
    if (version === undefined || version === 0n) {
      return `${entry} ${named}: give "version": N, a published version of the datanet (from 1)`;
    }
    return undefined;
  }
  if (version !== undefined && version !== 0n && version <= latest) return undefined;
  if (latest === 0n) return `${entry} ${named}: it has published no version yet (publish one with datanet:version)`;
  const why = version === 0n ? ": versions start at 1;" : version !== undefined ? ", not published yet:" : ":";
  return `${entry} ${named}${why} its latest published version is ${latest.toString(10)}`;
}

async function trainingSet(
  label: string,
  value: unknown,
  latestVersion: ParseModelCardOptions["latestVersion"],
): Promise<ModelInput["datanets"]> {
  if (!Array.isArray(value) || value.length === 0) {
    fail(`${label}: datanets must list at least one training datanet { "id": N, "version": N, "weightBps": N }`);
  }
  if (value.length > MAX_TRAINING_DATANETS) {
    fail(`${label}: ${value.length} training datanets, at most ${MAX_TRAINING_DATANETS} are allowed`);
  }
  const entries = value.map((entry: unknown, i: number) => {
    if (typeof entry !== "object" || entry === null) fail(`${label}: datanets[${i}] is not an object`);
    const e = entry as Record<string, unknown>;
    const datanetId = uint(e.id ?? e.datanetId, `${label}: datanets[${i}].id`);
    const version =
      e.version === undefined || e.version === null ? undefined : uint(e.version, `${label}: datanets[${i}].version`);
    const weightBps = uint(e.weightBps, `${label}: datanets[${i}].weightBps`);
    if (datanetId === 0n) fail(`${label}: datanets[${i}].id must be a datanet id (1 or more)`);
    if (weightBps === 0n) fail(`${label}: datanet ${datanetId.toString(10)} has a weight of 0`);
    return { datanetId, version, weightBps };
  });
  const ids = new Set<bigint>();
  for (const d of entries) {
    if (ids.has(d.datanetId)) fail(`${label}: datanet ${d.datanetId.toString(10)} is named twice`);
    ids.add(d.datanetId);
  }
  const sum = entries.reduce((acc, d) => acc + d.weightBps, 0n);
  if (sum !== BPS) fail(`${label}: training datanet weights sum to ${grouped(sum)} basis points, not 10,000`);
  const datanets: ModelInput["datanets"] = [];
  for (const [i, { datanetId, version, weightBps }] of entries.entries()) {
    const latest = latestVersion === undefined ? undefined : await latestVersion(datanetId);
    const problem = versionProblem(`${label}: datanets[${i}] (datanet ${datanetId.toString(10)})`, version, latest);
    if (problem !== undefined) fail(problem);
    datanets.push({ datanetId, version: version ?? 0n, weightBps });
  }
  return datanets;
}

/// Checks a parsed model card: the first version (a hash, or a file to hash), the lineage, 1 to 10 distinct
/// training datanets weighted to 10,000 basis points, each at a published version (see `latestVersion`), a price
/// above 0 and an owner share that leaves the data at least the floor. Each failure is a one-line OpenLedgerError that names the card and the field.
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
  const datanets = await trainingSet(label, card.datanets, options.latestVersion);

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

export interface CardDatanetVersionsOptions {
  /// How errors name the card (its file name).
  label: string;
  /// The model the new version is of, as errors name it.
  modelId: bigint;
  /// The model's training datanets, in its order (`getModel(…).datanets`): the card must name the same datanets with
  /// the same weights, in any order.
  datanets: ReadonlyArray<{ datanetId: bigint; weightBps: bigint }>;
  /// As in `parseModelCard`: the latest published version of a datanet.
  latestVersion?: (datanetId: bigint) => Promise<bigint>;
}

/// The datanet versions of a new version of a model, from a model card (`datanets`, checked as `parseModelCard` checks
/// them; its other fields are not read): one per training datanet of the model, in the model's order, matched by
/// datanet id. The datanets and weights of a model never change, so the card must name exactly the model's, with the
/// same weights. Each failure is a one-line OpenLedgerError that names the card.
export async function cardDatanetVersions(value: unknown, options: CardDatanetVersionsOptions): Promise<bigint[]> {
  const { label, modelId } = options;
  if (typeof value !== "object" || value === null || Array.isArray(value))
    fail(`${label}: a model card is a JSON object`);
  const named = await trainingSet(label, (value as Record<string, unknown>).datanets, options.latestVersion);
  const model = `model ${modelId.toString(10)}`;
  const ids = options.datanets.map((d) => d.datanetId.toString(10)).join(", ");
  for (const d of named) {
    if (!options.datanets.some((m) => m.datanetId === d.datanetId)) {
      fail(
        `${label}: datanet ${d.datanetId.toString(10)} is not a training datanet of ${model} (its datanets: ${ids})`,
      );
    }
  }
  for (const m of options.datanets) {
    if (!named.some((d) => d.datanetId === m.datanetId)) {
      fail(`${label}: names no version of datanet ${m.datanetId.toString(10)}, a training datanet of ${model}`);
    }
  }
  return options.datanets.map((m) => {
    const d = named.find((n) => n.datanetId === m.datanetId)!;
    if (d.weightBps !== m.weightBps) {
      fail(
        `${label}: datanet ${m.datanetId.toString(10)} weighs ${grouped(d.weightBps)} bps, but ` +
          `${grouped(m.weightBps)} in ${model} (a model's training weights never change)`,
      );
    }
    return d.version;
  });
}

/// A list of datanet versions as written on a command line, `2,3` (or `2 3`): one per training datanet of the model,
/// in its order. An empty text is the empty list (the versions in force).
export function parseDatanetVersions(text: string, what = "datanet versions"): bigint[] {
  const parts = text
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  return parts.map((p) => {
    if (!/^[0-9]+$/.test(p)) fail(`${what}: "${p}" is not a version number (give them as 2,3)`);
    return BigInt(p);
  });
}
