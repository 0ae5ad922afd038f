/// withdrawContribution and withdrawBond: a contributor takes back a pending contribution (or batch) that no curator
/// reviewed within the review timeout, whose bond becomes bond credit; and withdraws its bond credit.
import type {
  BatchWithdrawnEvent,
  BondWithdrawnEvent,
  ContributionWithdrawnEvent,
} from "../../../../typechain-types/registry/DatanetRegistry.js";
import type { Client } from "../../client.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

export interface WithdrawContributionParameters extends ActionOptions {
  datanetId: bigint;
  /// The content hash, or the batch root with `root: true`.
  key: string;
  root?: boolean;
}

export interface WithdrawContributionReturnType extends WriteResult<
  ContributionWithdrawnEvent.OutputObject | BatchWithdrawnEvent.OutputObject
> {
  /// The bond credited back, and the account's bond credit after.
  bondCredited: bigint;
  credit: bigint;
}

/// Withdraws a pending contribution or batch; too early, ReviewTimeoutNotReached says from when (nothing is sent).
export async function withdrawContribution(
  client: Client,
  params: WithdrawContributionParameters,
): Promise<WithdrawContributionReturnType> {
  const { address } = await signerOf(client, "withdrawContribution");
  const { datanetId, key } = params;
  const r = client.datanets;
  const { bond } = await r.datanet(datanetId);
  const send = () =>
    params.root === true ? r.withdrawContributionRoot(datanetId, key) : r.withdrawContribution(datanetId, key);
  await preflight(client, () =>
    params.root === true
      ? r.withdrawContributionRoot.staticCall(datanetId, key)
      : r.withdrawContribution.staticCall(datanetId, key),
  );
  const receipt = await sendAndWait(send(), `withdrawing ${key} of datanet ${datanetId}`, params);
  const event =
    params.root === true
      ? eventIn<BatchWithdrawnEvent.OutputObject>(receipt, r, "BatchWithdrawn")
      : eventIn<ContributionWithdrawnEvent.OutputObject>(receipt, r, "ContributionWithdrawn");
  return { receipt, event, bondCredited: bond, credit: await r.bondCredit(address) };
}

/// Withdraws the account's bond credit (refunds, and bonds forfeited to it as an owner).
export async function withdrawBond(
  client: Client,
  params: ActionOptions = {},
): Promise<WriteResult<BondWithdrawnEvent.OutputObject>> {
  await signerOf(client, "withdrawBond");
  await preflight(client, () => client.datanets.withdrawBondCredit.staticCall());
  const receipt = await sendAndWait(client.datanets.withdrawBondCredit(), "withdrawing bond credit", params);
  return { receipt, event: eventIn<BondWithdrawnEvent.OutputObject>(receipt, client.datanets, "BondWithdrawn") };
}
