/// revealContribution and revealContributionRoot: the second step of commit–reveal. The registry takes a reveal
/// only in a later block with a later timestamp than its commit's (CommitmentTooRecent otherwise), and at most a day
/// after it (CommitmentExpired). The bond is taken from the account's allowance, approved only once the reveal's
/// static call passed.
import type { ContractTransactionReceipt, ContractTransactionResponse } from "ethers";
import type { Client } from "../../client.js";
import { decodeError } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { formatTime } from "../../format/index.js";
import { commitmentOf } from "../../datanets/records.js";
import { ensureAllowance, preflight, requireOpenBalance, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";
import { recordedBatch, recordedContribution } from "./internal.js";
import type { Recorded } from "./internal.js";

export interface RevealOptions extends ActionOptions {
  /// How long to wait (ms) for a block later than the commit's in number and in time, when the reveal comes too
  /// soon. Default 0: a reveal too soon throws at once and sends nothing. On a chain that mines on demand (a local
  /// node), the next block is stamped later once a second of wall time has passed.
  waitMs?: number;
}

export interface RevealContributionParameters extends RevealOptions {
  datanetId: bigint;
  contentHash: string;
  uri: string;
  salt: string;
}

export interface RevealContributionRootParameters extends RevealOptions {
  datanetId: bigint;
  root: string;
  count: bigint;
  uri: string;
  salt: string;
}

/// The reveal's static call runs in the block to come: in the latest one, which may be the commit's own, a chain that
/// mines on demand would refuse it for ever.
const PENDING = { blockTag: "pending" } as const;

export type RevealReturnType = WriteResult<Recorded["event"]> & Omit<Recorded, "event">;

/// Sends a reveal once it is due: its static call (tolerating only the allowance still to approve) in the pending
/// block, then the approval of `bond` if needed, then the reveal itself; while the chain has no block later than the
/// commit's in number and time, it waits (if `waitMs` allows), with one progress line.
export async function revealWhenDue(
  client: Client,
  commitment: string,
  bond: bigint,
  staticCall: () => Promise<unknown>,
  send: () => Promise<ContractTransactionResponse>,
  params: RevealOptions & { what: string },
): Promise<{ receipt: ContractTransactionReceipt; approval?: string }> {
  const { address } = await signerOf(client, "reveal");
  await requireOpenBalance(client, address, bond, "bond");
  const deadline = Date.now() + (params.waitMs ?? 0);
  let approval: string | undefined;
  let waited = false;
  for (;;) {
    try {
      await preflight(client, staticCall, true);
      approval = (await ensureAllowance(client, address, client.addresses.datanets, bond, params)) ?? approval;
      return { receipt: await sendAndWait(send(), `revealing ${params.what}`, params), approval };
    } catch (err: unknown) {
      if (!decodeError(err).startsWith("CommitmentTooRecent")) throw err;
    }
    const [block, committedAt] = await client.datanets.commitOf(address, commitment);
    if (!waited) {
      params.onProgress?.({
        message: `waiting for a block after ${block.toString(10)} with a timestamp after ${committedAt.toString(10)}…`,
      });
    }
    waited = true;
    const triedAt = Date.now();
    for (;;) {
      if (Date.now() > deadline) {
        throw new OpenLedgerError(
          `no block after ${block.toString(10)} with a timestamp after ${formatTime(committedAt)} within ` +
            `${((params.waitMs ?? 0) / 1000).toString()} s: reveal ${commitment} later (within a day of its commit)`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
      const latest = await client.runner.provider?.getBlock("latest");
      if (latest && BigInt(latest.number) > block && BigInt(latest.timestamp) > committedAt) break;
      if (Date.now() - triedAt >= 1000) break;
    }
  }
}

/// Reveals the account's commit to one record and contributes it; a later copy by someone else is taken over.
export async function revealContribution(
  client: Client,
  params: RevealContributionParameters,
): Promise<RevealReturnType> {
  const { address } = await signerOf(client, "revealContribution");
  const { datanetId, contentHash, uri, salt } = params;
  const { bond } = await client.datanets.datanet(datanetId);
  const r = client.datanets;
  const { receipt, approval } = await revealWhenDue(
    client,
    commitmentOf(address, datanetId, contentHash, salt),
    bond,
    () => r.revealContribution.staticCall(datanetId, contentHash, uri, salt, PENDING),
    () => r.revealContribution(datanetId, contentHash, uri, salt),
    { ...params, what: contentHash },
  );
  return { receipt, approval, ...(await recordedContribution(client, receipt, datanetId, contentHash)) };
}

/// Reveals the account's commit to a batch root and submits the batch; a later copy is taken over.
export async function revealContributionRoot(
  client: Client,
  params: RevealContributionRootParameters,
): Promise<RevealReturnType> {
  const { address } = await signerOf(client, "revealContributionRoot");
  const { datanetId, root, count, uri, salt } = params;
  const { bond } = await client.datanets.datanet(datanetId);
  const r = client.datanets;
  const { receipt, approval } = await revealWhenDue(
    client,
    commitmentOf(address, datanetId, root, salt),
    bond,
    () => r.revealContributionRoot.staticCall(datanetId, root, count, uri, salt, PENDING),
    () => r.revealContributionRoot(datanetId, root, count, uri, salt),
    { ...params, what: `batch ${root}` },
  );
  return { receipt, approval, ...recordedBatch(client, receipt) };
}
