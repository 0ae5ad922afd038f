/// What the attribution and rewards tasks share: the chain's clock, the checks that a file belongs to the connected
/// deployment, and how amounts and times are shown.
import { getAddress } from "ethers";
import { OpenLedgerError, formatOpen, latestTimestamp, parseId, required } from "../lib/index.js";
import { clientFor, getSuite } from "../lib/index.js";
import type { CommonArgs, Suite } from "../lib/index.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { Allocation } from "../../package/src/index.js";
import type { EngineRecord } from "../../package/src/attribution/index.js";
import type { Client } from "../../package/src/client.js";
import { readRecordTexts, readRecordTrees, versionRecords } from "../../package/src/node/index.js";
import type { RecordText } from "../../package/src/node/index.js";
import type { RecordTreeFile } from "../../package/src/datanets/index.js";

/// The timestamp of the latest block: what "now" means on-chain.
export async function chainNow(suite: Suite): Promise<number> {
  return Number(await latestTimestamp(suite.connection));
}

/// Throws unless `allocation` was made for the connected chain and deployment.
export async function requireSameDeployment(
  suite: Suite,
  allocation: Pick<Allocation, "chainId" | "settlement">,
  where: string,
): Promise<void> {
  const settlement = await suite.settlement.getAddress();
  if (BigInt(allocation.chainId) !== suite.deployment.chainId) {
    throw new OpenLedgerError(
      `${where} is for chain ${allocation.chainId}, but the network "${suite.connection.networkName}" is chain ${suite.deployment.chainId}`,
    );
  }
  if (getAddress(allocation.settlement) !== getAddress(settlement)) {
    throw new OpenLedgerError(
      `${where} is for settlement ${allocation.settlement}, but the deployment's is ${settlement}`,
    );
  }
}

/// An amount for output: OPEN with thousands for people, the exact wei in JSON.
export function amountOut(wei: bigint, json: boolean): bigint | string {
  return json ? wei : formatOpen(wei);
}

/// A timestamp for output: the unix time in JSON, ISO time and how far from now for people.
export function timeOut(timestamp: number, now: number, json: boolean): number | string {
  if (json) return timestamp;
  const iso = new Date(timestamp * 1000).toISOString();
  const delta = timestamp - now;
  return delta > 0 ? `${iso} (in ${delta} s)` : `${iso} (${-delta} s ago)`;
}

/// A progress line, on stderr (stdout is the result).
export const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/// `--datanet 1,2` → [1n, 2n]; every id once.
export function parseIdList(option: string, value: string | undefined): bigint[] {
  const ids = required(option, value)
    .split(",")
    .map((s) => parseId(option, s.trim()));
  const seen = new Set<bigint>();
  for (const id of ids) {
    if (seen.has(id)) throw new OpenLedgerError(`--${option} names ${id.toString(10)} twice`);
    seen.add(id);
  }
  return ids;
}

/// `--datanet-version`: none (the latest of each), one for every datanet, or one per datanet in order.
export function versionsFor(datanets: bigint[], value: string | undefined): Array<bigint | undefined> {
  if (value === undefined || value.trim() === "") return datanets.map(() => undefined);
  const versions = parseIdList("datanet-version", value);
  if (versions.length === 1) return datanets.map(() => versions[0]);
  if (versions.length !== datanets.length) {
    throw new OpenLedgerError(
      `--datanet-version gives ${versions.length} versions for ${datanets.length} datanets: give one, or one per datanet`,
    );
  }
  return versions;
}

/// The records of the given datanet versions (`versionRecords`: contributors from the chain, texts checked against
/// their content hashes, batches from their tree files), with a progress line per datanet; at least one record.
export async function recordsOf(
  client: Client,
  datanets: bigint[],
  versions: Array<bigint | undefined>,
  texts: ReadonlyMap<string, RecordText>,
  trees?: ReadonlyMap<string, RecordTreeFile>,
): Promise<EngineRecord[]> {
  const records: EngineRecord[] = [];
  for (const [i, datanetId] of datanets.entries()) {
    progress(`reading the records of datanet ${datanetId.toString(10)}…`);
    const got = await versionRecords(client, { datanetId, version: versions[i], texts, trees });
    progress(`  ${got.length} records, version ${got[0]?.version ?? "?"}, every text matching its content hash`);
    records.push(...got);
  }
  if (records.length === 0) throw new OpenLedgerError("the datanet versions hold no record");
  return records;
}

/// `--trees`: the record tree files of the versions' batches, or none.
export function treesOf(value: string | undefined): Map<string, RecordTreeFile> | undefined {
  return value === undefined || value.trim() === "" ? undefined : readRecordTrees(value.trim());
}

/// The options naming datanet versions and their records' texts (attribution:index, model:train).
export interface RecordsArgs extends CommonArgs {
  datanet: string | undefined;
  datanetVersion: string | undefined;
  records: string | undefined;
  trees: string | undefined;
}

/// Parses and reads the files of `args` at once (a bad option fails before the chain is read), and returns what reads
/// the records from the chain.
export function recordsFrom(args: RecordsArgs): (hre: HardhatRuntimeEnvironment) => Promise<EngineRecord[]> {
  const datanets = parseIdList("datanet", args.datanet);
  const versions = versionsFor(datanets, args.datanetVersion);
  const texts = readRecordTexts(required("records", args.records));
  const trees = treesOf(args.trees);
  return async (hre) => {
    const suite = await getSuite(hre, { deploymentId: args.deploymentId });
    return recordsOf(clientFor(suite, suite.connection.ethers.provider), datanets, versions, texts, trees);
  };
}
