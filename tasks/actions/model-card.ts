/// The model card JSON that `model:register` reads, checked locally with one-line messages. The contract remains
/// the authority: a card that passes these checks can still be refused on chain (an unknown or closed datanet, a
/// parent too deep), and then the decoded custom error is printed.
///
/// ```json
/// {
///   "name": "…", "description": "…",
///   "cardURI": "ipfs://…",                    // or "uri"; default: the card's file:// URL
///   "weightsHash": "0x…",                     // or "weightsFile": path relative to the card
///   "weightsURI": "ipfs://…",                 // default with weightsFile: its file:// URL
///   "parent": 1,                              // optional model id
///   "datanets": [{ "id": 1, "weightBps": 6000 }, { "id": 2, "weightBps": 4000 }],
///   "price": "0.02",                          // OPEN per inference
///   "ownerBps": 6000                          // the owner's share; the rest goes to the training data
/// }
/// ```
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { OpenLedgerError, parseHash, parseOpen, parseUint } from "../lib/index.js";
import { hashFile } from "../lib/records.js";

/// Basis points in a whole.
export const BPS = 10_000n;
/// The most training datanets a model may name (IModelRegistry.MAX_TRAINING_DATANETS).
export const MAX_TRAINING_DATANETS = 10;

export interface ModelCard {
  /// The card file, absolute.
  file: string;
  name: string;
  description: string;
  cardURI: string;
  weightsHash: string;
  weightsURI: string;
  /// The weights file hashed, if the card names one.
  weightsFile: string | undefined;
  parentId: bigint;
  datanets: Array<{ datanetId: bigint; weightBps: bigint }>;
  price: bigint;
  ownerBps: bigint;
}

/// `1,234`: basis points and counts for people.
export function grouped(n: bigint): string {
  return n.toString(10).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function optionalString(label: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new OpenLedgerError(`${label} must be a string, not ${JSON.stringify(value)}`);
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/// Reads and checks a model card. `minDataBps` is the governance floor on the data share, read from the chain.
export async function readModelCard(cardPath: string, minDataBps: bigint): Promise<ModelCard> {
  const file = path.resolve(cardPath);
  const label = path.basename(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err: unknown) {
    throw new OpenLedgerError(
      `cannot read the model card ${cardPath}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new OpenLedgerError(`${label}: a model card is a JSON object`);
  }
  const card = parsed as Record<string, unknown>;
  const name = optionalString(`${label}: name`, card.name) ?? "";
  const description = optionalString(`${label}: description`, card.description) ?? "";

  // The card's own URI.
  const cardURI = optionalString(`${label}: cardURI`, card.cardURI ?? card.uri) ?? pathToFileURL(file).href;

  // The first version: a hash, or a file to hash.
  const weightsFileField = optionalString(`${label}: weightsFile`, card.weightsFile);
  const weightsFile = weightsFileField === undefined ? undefined : path.resolve(path.dirname(file), weightsFileField);
  const statedHash =
    card.weightsHash === undefined || card.weightsHash === null
      ? undefined
      : parseHash(`${label}: weightsHash`, card.weightsHash);
  let weightsHash: string;
  if (weightsFile !== undefined) {
    const hashed = (await hashFile(weightsFile)).contentHash;
    if (statedHash !== undefined && statedHash !== hashed) {
      throw new OpenLedgerError(
        `${label}: weightsHash ${statedHash} is not the hash of ${weightsFileField} (${hashed})`,
      );
    }
    weightsHash = hashed;
  } else if (statedHash !== undefined) {
    weightsHash = statedHash;
  } else {
    throw new OpenLedgerError(`${label}: give weightsHash, or weightsFile to hash`);
  }
  const weightsURI =
    optionalString(`${label}: weightsURI`, card.weightsURI) ??
    (weightsFile === undefined ? undefined : pathToFileURL(weightsFile).href);
  if (weightsURI === undefined) throw new OpenLedgerError(`${label}: weightsURI is missing`);

  // Lineage.
  const parentId = card.parent === undefined || card.parent === null ? 0n : parseUint(card.parent, `${label}: parent`);

  // Training datanets: 1 to 10, distinct, each weighted, summing to 10,000.
  if (!Array.isArray(card.datanets) || card.datanets.length === 0) {
    throw new OpenLedgerError(`${label}: datanets must list at least one training datanet { "id": N, "weightBps": N }`);
  }
  if (card.datanets.length > MAX_TRAINING_DATANETS) {
    throw new OpenLedgerError(
      `${label}: ${card.datanets.length} training datanets, at most ${MAX_TRAINING_DATANETS} are allowed`,
    );
  }
  const datanets = card.datanets.map((entry: unknown, i: number) => {
    if (typeof entry !== "object" || entry === null)
      throw new OpenLedgerError(`${label}: datanets[${i}] is not an object`);
    const e = entry as Record<string, unknown>;
    const datanetId = parseUint(e.id ?? e.datanetId, `${label}: datanets[${i}].id`);
    const weightBps = parseUint(e.weightBps, `${label}: datanets[${i}].weightBps`);
    if (datanetId === 0n) throw new OpenLedgerError(`${label}: datanets[${i}].id must be a datanet id (1 or more)`);
    if (weightBps === 0n) throw new OpenLedgerError(`${label}: datanet ${datanetId.toString(10)} has a weight of 0`);
    return { datanetId, weightBps };
  });
  const ids = new Set<bigint>();
  for (const d of datanets) {
    if (ids.has(d.datanetId)) throw new OpenLedgerError(`${label}: datanet ${d.datanetId.toString(10)} is named twice`);
    ids.add(d.datanetId);
  }
  const sum = datanets.reduce((acc, d) => acc + d.weightBps, 0n);
  if (sum !== BPS) {
    throw new OpenLedgerError(`${label}: training datanet weights sum to ${grouped(sum)} basis points, not 10,000`);
  }

  // Economics.
  const price = parseOpen(card.price, `${label}: price`, true);
  if (price === 0n) throw new OpenLedgerError(`${label}: price must be above 0 OPEN`);
  const ownerBps = parseUint(card.ownerBps, `${label}: ownerBps`);
  if (ownerBps > BPS) throw new OpenLedgerError(`${label}: ownerBps ${grouped(ownerBps)} is above 10,000`);
  if (BPS - ownerBps < minDataBps) {
    throw new OpenLedgerError(
      `${label}: ownerBps ${grouped(ownerBps)} leaves the data ${grouped(BPS - ownerBps)} basis points, ` +
        `below the floor of ${grouped(minDataBps)}`,
    );
  }

  return {
    file,
    name,
    description,
    cardURI,
    weightsHash,
    weightsURI,
    weightsFile,
    parentId,
    datanets,
    price,
    ownerBps,
  };
}
