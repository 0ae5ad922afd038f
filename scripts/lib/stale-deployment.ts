/// What the deploy script does with a deployment folder whose contracts have no code on the chain it deploys to.
/// A local node (anvil or the Hardhat node, both chain 31337) starts empty, and the folder may be another node's
/// record: it is never deleted, but moved aside to `<id>.stale-<time>/` next to it, so that the id is free for a
/// fresh deployment and the old record is still there. On any other chain the folder is an error for the operator.
import { existsSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { OpenLedgerError } from "../../tasks/lib/index.js";

/// Chain id of anvil and the Hardhat node: their deployments die with the node.
export const LOCAL_CHAIN_ID = 31337n;

/// The code at an address (`0x` for none), as `eth_getCode` returns it.
export type GetCode = (address: string) => Promise<string>;

/// `2026-12-01T22:14:31.123Z` → `20261201T221431Z`: a folder name that sorts by time.
function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/[-:]/g, "");
}

/// The folder the stale record at `suiteDir` moves to: `<id>.stale-<time>`, with `-2`, `-3`… if that one exists.
export function archiveDir(suiteDir: string, now: Date = new Date()): string {
  const base = `${suiteDir}.stale-${stamp(now)}`;
  let dir = base;
  for (let n = 2; existsSync(dir); n += 1) dir = `${base}-${n.toString()}`;
  return dir;
}

/// If the deployment folder `suiteDir` records contracts that have no code, moves it aside on the local chain and
/// returns where it went; throws on any other chain. Returns undefined (and touches nothing) when there is no record
/// or when all its contracts are there.
export async function moveStaleDeployment(
  suiteDir: string,
  chainId: bigint,
  getCode: GetCode,
  rel: (file: string) => string = (file) => file,
  now: Date = new Date(),
): Promise<string | undefined> {
  const file = path.join(suiteDir, "deployed_addresses.json");
  if (!existsSync(file)) return undefined;
  const addresses = Object.values(JSON.parse(readFileSync(file, "utf8")) as Record<string, string>);
  const codes = await Promise.all(addresses.map((address) => getCode(address)));
  if (codes.every((code) => code !== "0x")) return undefined;
  if (chainId !== LOCAL_CHAIN_ID) {
    throw new OpenLedgerError(
      `${rel(suiteDir)} lists contracts that have no code on chain ${chainId.toString()}: ` +
        `it belongs to another chain; move it away or set OPENLEDGER_DEPLOYMENT_ID to a new id`,
    );
  }
  const archive = archiveDir(suiteDir, now);
  renameSync(suiteDir, archive);
  return archive;
}
