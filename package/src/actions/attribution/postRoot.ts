/// postRoot: posts the Merkle root of a datanet's allocation for its next epoch, bonding the attestor first when its
/// bond is short and that is allowed. `prepareRoot` reads what a post needs (the tree, the root state, the bond) and
/// whether the same root is already on-chain, without sending anything.
import { getAddress, ZeroHash } from "ethers";
import type { RootPostedEvent } from "../../../../typechain-types/settlement/Settlement.js";
import { buildTree } from "../../attribution/index.js";
import type { Allocation, AttributionTree, PostedInfo } from "../../attribution/index.js";
import type { Client } from "../../client.js";
import { isSigner } from "../../gas.js";
import { OpenLedgerError, findRevertData } from "../../errors/index.js";
import { formatOpen, formatTime } from "../../format/index.js";
import { ensureAllowance, eventIn, preflight, requireOpenBalance, sendAndWait } from "../internal/send.js";
import { chainNow, signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

export interface PrepareRootParameters {
  allocation: Allocation;
  /// The allocation's tree, when already built (default: built here).
  tree?: AttributionTree;
}

export interface RootPlan {
  tree: AttributionTree;
  datanetId: bigint;
  epoch: bigint;
  cumulativeTotal: bigint;
  /// The datanet's attestor, and the client's signer (undefined for a provider-only client).
  attestor: string;
  signer?: string;
  /// The signer's bond, the minimum, and what is missing to reach it.
  bond: bigint;
  minBond: bigint;
  missingBond: bigint;
  /// When this very root is already pending or active for the epoch (a post that went through before).
  onChain?: "pending" | "active";
  /// Where it was posted, when it is on-chain.
  posted?: PostedInfo;
  /// When the pending root becomes claimable (unix seconds; 0 when none is pending).
  pendingReadyAt: bigint;
}

/// Reads what posting `allocation` takes: its tree, the datanet's attestor, the signer's bond against the minimum,
/// and whether the same root is already pending or active for its epoch. Sends nothing.
export async function prepareRoot(client: Client, params: PrepareRootParameters): Promise<RootPlan> {
  const { allocation } = params;
  const tree = params.tree ?? buildTree(allocation);
  const datanetId = BigInt(allocation.datanetId);
  const epoch = BigInt(allocation.epoch);
  const { settlement } = client;
  const signer = isSigner(client.runner) ? await client.runner.getAddress() : undefined;
  const [attestor, state, minBond, bondOf] = await Promise.all([
    client.datanets.attestorOf(datanetId),
    settlement.rootState(datanetId),
    settlement.minAttestorBond(),
    signer === undefined ? Promise.resolve([0n, 0n] as const) : settlement.bondOf(signer),
  ]);
  const bond = bondOf[0];
  const onChain =
    state.pendingReadyAt !== 0n && state.lastEpoch === epoch && state.pendingRoot.toLowerCase() === tree.root
      ? "pending"
      : state.activeEpoch === epoch && state.activeRoot.toLowerCase() === tree.root
        ? "active"
        : undefined;
  const plan: RootPlan = {
    tree,
    datanetId,
    epoch,
    cumulativeTotal: BigInt(allocation.cumulativeTotal),
    attestor: getAddress(attestor),
    signer,
    bond,
    minBond,
    missingBond: bond < minBond ? minBond - bond : 0n,
    pendingReadyAt: state.pendingReadyAt,
  };
  if (onChain !== undefined) {
    plan.onChain = onChain;
    plan.posted = await postedInfo(client, datanetId, epoch, tree.root);
  }
  return plan;
}

/// Where the root `root` of `datanetId`'s `epoch` was posted, from its RootPosted event (undefined if none).
export async function postedInfo(
  client: Client,
  datanetId: bigint,
  epoch: bigint,
  root: string,
): Promise<PostedInfo | undefined> {
  const { settlement } = client;
  const events = await settlement.queryFilter(settlement.filters.RootPosted(datanetId, epoch));
  const event = events.filter((e) => e.args.root.toLowerCase() === root.toLowerCase()).at(-1);
  if (event === undefined) return undefined;
  return {
    transaction: event.transactionHash,
    block: event.blockNumber,
    readyAt: Number(event.args.readyAt),
    uri: event.args.uri,
    attestor: getAddress(event.args.attestor),
  };
}

export interface PostRootParameters extends ActionOptions, PrepareRootParameters {
  /// Where the tree file is published (the root's `uri`).
  uri: string;
  /// Deposit the missing part of the minimum bond first (an approval of exactly that, then `depositBond`).
  depositBond?: boolean;
}

export interface PostRootReturnType extends WriteResult<RootPostedEvent.OutputObject> {
  tree: AttributionTree;
  /// The bond deposited first (0 when none was needed).
  bondDeposited: bigint;
  /// The post, as a tree file records it.
  posted: PostedInfo;
}

/// Posts the allocation's root. Before anything is sent it checks that the signer is the datanet's attestor, that its
/// bond is enough or may be topped up (and that it holds the OPEN for it), that the epoch is the next one, that no
/// root is inside its challenge window, that the total is between the active root's and what the datanet accrued,
/// and it runs the post's static call; so a post that would revert sends nothing, not even the bond's approval.
export async function postRoot(client: Client, params: PostRootParameters): Promise<PostRootReturnType> {
  const { address } = await signerOf(client, "postRoot");
  const { uri } = params;
  const plan = await prepareRoot(client, params);
  const { tree, datanetId, epoch, cumulativeTotal: total, missingBond } = plan;
  const { settlement } = client;
  const where = `datanet ${datanetId} epoch ${epoch}`;

  // Check: who posts, the bond, the epoch, the window and the total.
  if (plan.attestor !== getAddress(address)) {
    throw new OpenLedgerError(`signer ${address} is not the attestor of datanet ${datanetId} (${plan.attestor})`);
  }
  if (plan.onChain !== undefined) throw new OpenLedgerError(`the root of ${where} is already ${plan.onChain}`);
  if (missingBond > 0n && params.depositBond !== true) {
    throw new OpenLedgerError(
      `attestor bond ${formatOpen(plan.bond)} is below the minimum ${formatOpen(plan.minBond)}: deposit ${formatOpen(missingBond)} (depositBond)`,
    );
  }
  if (missingBond > 0n) await requireOpenBalance(client, address, missingBond, "bond to deposit");
  const [state, accrued, now] = await Promise.all([
    settlement.rootState(datanetId),
    settlement.accrued(datanetId),
    chainNow(client),
  ]);
  if (state.pendingRoot !== ZeroHash && now + 1n < state.pendingReadyAt) {
    throw new OpenLedgerError(
      `datanet ${datanetId}: the root of epoch ${state.lastEpoch} is in its challenge window until ${formatTime(state.pendingReadyAt, now)}`,
    );
  }
  if (epoch !== state.lastEpoch + 1n) {
    throw new OpenLedgerError(
      `${where} is not the next epoch: epochs advance by one, the next is ${state.lastEpoch + 1n}`,
    );
  }
  if (total > accrued) {
    throw new OpenLedgerError(
      `${where}: total ${formatOpen(total)} is above what the datanet accrued (${formatOpen(accrued)})`,
    );
  }
  const activeTotal = state.pendingRoot !== ZeroHash ? state.pendingTotal : state.activeTotal;
  if (total < activeTotal) {
    throw new OpenLedgerError(
      `${where}: total ${formatOpen(total)} is below the previous root's ${formatOpen(activeTotal)}`,
    );
  }
  const call = [datanetId, epoch, tree.root, total, uri] as const;
  // With a bond still to deposit, the static call can only fail on it (checked above): that one is tolerated.
  await preflight(client, () => settlement.postRoot.staticCall(...call)).catch((err: unknown) => {
    const bondTooLow = settlement.interface.getError("BondTooLow")?.selector;
    if (missingBond > 0n && bondTooLow !== undefined && findRevertData(err)?.startsWith(bondTooLow) === true) return;
    throw err;
  });

  // Interaction: the bond, then the root.
  let approval: string | undefined;
  if (missingBond > 0n) {
    approval = await ensureAllowance(client, address, client.addresses.settlement, missingBond, params);
    await sendAndWait(settlement.depositBond(missingBond), `depositing a bond of ${formatOpen(missingBond)}`, params);
  }
  const receipt = await sendAndWait(settlement.postRoot(...call), `posting the root of ${where}`, params);
  const event = eventIn<RootPostedEvent.OutputObject>(receipt, settlement, "RootPosted");
  const posted: PostedInfo = {
    transaction: receipt.hash,
    block: receipt.blockNumber,
    readyAt: Number(event.readyAt),
    uri,
    attestor: address,
  };
  return { receipt, event, approval, tree, bondDeposited: missingBond, posted };
}
