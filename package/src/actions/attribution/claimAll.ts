/// claimAll: claims everything new that an account has earned from the datanets of some tree files, in one
/// `claimMany` transaction, after activating the pending roots whose challenge window is over; and `claimableFor`,
/// what an account can still claim with one tree file. A contributor claims `cumulativeAmount − claimed` with the
/// proof of the datanet's active root.
import { getAddress } from "ethers";
import type { ContractTransactionResponse } from "ethers";
import { claimable, proofFor } from "../../attribution/index.js";
import type { ClaimTree } from "../../attribution/index.js";
import type { IAttributionEpochs } from "../../../../typechain-types/index.js";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { waitForReceipt } from "../../gas.js";

/// Throws unless `tree` is an allocation of the client's Settlement (and chain, when the client knows it).
export function requireSameSuite(client: Client, tree: ClaimTree): void {
  const { settlement, chainId, datanetId, epoch } = tree.allocation;
  const where = `the tree file of datanet ${datanetId} epoch ${epoch}`;
  if (getAddress(settlement) !== client.addresses.settlement) {
    throw new OpenLedgerError(`${where} is for Settlement ${settlement}, not ${client.addresses.settlement}`);
  }
  if (client.chainId !== undefined && BigInt(chainId) !== client.chainId) {
    throw new OpenLedgerError(`${where} is for chain ${chainId}, the client is on chain ${client.chainId.toString()}`);
  }
}

/// What `account` can still claim with `tree`: its cumulative amount in the tree less what it has claimed from the
/// datanet on-chain (never negative). The tree's root must be the datanet's active root for the claim to go through.
export async function claimableFor(client: Client, tree: ClaimTree, account: string): Promise<bigint> {
  requireSameSuite(client, tree);
  const already = await client.settlement.claimed(tree.allocation.datanetId, account);
  return claimable(tree, account, already);
}

const sameRoot = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/// What `claimAllWithReport` did, datanet by datanet.
export interface ClaimReport {
  /// The `claimMany` transaction, or null when there was nothing new to claim anywhere.
  tx: ContractTransactionResponse | null;
  /// The pending roots activated first (one transaction each, awaited), by datanet and epoch.
  activated: Array<{ datanetId: bigint; epoch: bigint }>;
  /// The datanets claimed by `tx`, each with what it pays: the account's cumulative amount less what it had claimed.
  claims: Array<{ datanetId: bigint; amount: bigint }>;
  /// The datanets whose active root is none of the given trees: nothing can be claimed from them with these files.
  missing: Array<{ datanetId: bigint; activeEpoch: bigint }>;
}

/// Claims everything new that `account` has earned from the datanets of `trees` (tree files, or proof sources such as
/// tree stores: only the account's proof is read from each), in one transaction sent by the
/// client's signer (anyone may send it: the tokens always go to `account`).
///
/// For each datanet: a pending root whose tree is given and whose challenge window is over is activated first (one
/// transaction each, awaited); then the tree of the active root gives the account's proof, and the datanet is
/// claimed if the account's cumulative amount is above what it has claimed. Returns the `claimMany` transaction, or
/// null when there is nothing new to claim anywhere.
export async function claimAll(
  client: Client,
  account: string,
  trees: readonly ClaimTree[],
): Promise<ContractTransactionResponse | null> {
  return (await claimAllWithReport(client, account, trees)).tx;
}

/// `claimAll`, and what it did: the roots it activated, what each datanet's claim pays, and the datanets that the
/// given trees cannot claim from.
export async function claimAllWithReport(
  client: Client,
  account: string,
  trees: readonly ClaimTree[],
): Promise<ClaimReport> {
  const claimer = getAddress(account);
  const byDatanet = new Map<bigint, ClaimTree[]>();
  for (const tree of trees) {
    requireSameSuite(client, tree);
    const id = BigInt(tree.allocation.datanetId);
    byDatanet.set(id, [...(byDatanet.get(id) ?? []), tree]);
  }
  const { settlement } = client;
  const report: ClaimReport = { tx: null, activated: [], claims: [], missing: [] };
  const claims: IAttributionEpochs.DatanetClaimStruct[] = [];
  // After an activation, the next transaction takes the next nonce explicitly: a provider may still answer the
  // nonce query with the cached count from before the activation (ethers caches identical requests for 250 ms).
  let nextNonce: number | undefined;
  const overrides = (): { nonce?: number } => (nextNonce === undefined ? {} : { nonce: nextNonce });
  for (const datanetId of [...byDatanet.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const given = byDatanet.get(datanetId) ?? [];
    let state = await settlement.rootState(datanetId);
    if (state.pendingReadyAt !== 0n && given.some((t) => sameRoot(t.root, state.pendingRoot))) {
      // Ready when activating would not revert now: the chain's clock, not the local one, decides.
      const ready = await settlement.activateRoot.staticCall(datanetId).then(
        () => true,
        () => false,
      );
      if (ready) {
        const activation = await settlement.activateRoot(datanetId, overrides());
        await waitForReceipt(activation);
        nextNonce = activation.nonce + 1;
        state = await settlement.rootState(datanetId);
        report.activated.push({ datanetId, epoch: state.activeEpoch });
      }
    }
    const active = given.find((t) => sameRoot(t.root, state.activeRoot));
    if (active === undefined) {
      report.missing.push({ datanetId, activeEpoch: state.activeEpoch });
      continue;
    }
    const entry = proofFor(active, claimer);
    if (entry === undefined) continue;
    const cumulativeAmount = BigInt(entry.cumulativeAmount);
    const already = await settlement.claimed(datanetId, claimer);
    if (cumulativeAmount <= already) continue;
    claims.push({ datanetId, cumulativeAmount, proof: entry.proof });
    report.claims.push({ datanetId, amount: cumulativeAmount - already });
  }
  if (claims.length > 0) report.tx = await settlement.claimMany(claimer, claims, overrides());
  return report;
}
