/// commitContribution: the first step of commit–reveal. The account commits to a record's content hash (or a batch
/// root) without telling it; `revealContribution` (or `revealContributionRoot`) reveals it a block and a second
/// later, at most a day later (COMMIT_MAX_AGE), with the commit's time as the record's priority.
import type { Client } from "../../client.js";
import { commitmentOf } from "../../datanets/records.js";
import { preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions } from "../types.js";

export interface CommitContributionParameters extends ActionOptions {
  datanetId: bigint;
  /// The record's content hash, or the batch's root.
  key: string;
  /// The commitment's secret salt (32 bytes): keep it for the reveal.
  salt: string;
}

export interface CommitContributionReturnType {
  commitment: string;
  /// The block and the time of the commit: the reveal must come in a later block with a later timestamp.
  block: bigint;
  committedAt: bigint;
  /// The commit's transaction; null when the account's commit was found on chain (nothing was sent).
  tx: string | null;
}

/// Commits, unless the account's commit to the same commitment is already on chain (then it is returned as it is).
export async function commitContribution(
  client: Client,
  params: CommitContributionParameters,
): Promise<CommitContributionReturnType> {
  const { address } = await signerOf(client, "commitContribution");
  const commitment = commitmentOf(address, params.datanetId, params.key, params.salt);
  const [block, committedAt] = await client.datanets.commitOf(address, commitment);
  if (block !== 0n) return { commitment, block, committedAt, tx: null };
  await preflight(client, () => client.datanets.commitContribution.staticCall(commitment));
  const receipt = await sendAndWait(client.datanets.commitContribution(commitment), `committing ${commitment}`, params);
  const mined = await receipt.getBlock();
  return { commitment, block: BigInt(receipt.blockNumber), committedAt: BigInt(mined.timestamp), tx: receipt.hash };
}
