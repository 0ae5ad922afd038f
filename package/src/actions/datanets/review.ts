/// review and reviewBatch: a curator (or the owner) accepts or rejects pending contributions, in one transaction, or
/// a pending Merkle batch.
import type {
  BatchReviewedEvent,
  ContributionReviewedEvent,
} from "../../../../typechain-types/registry/DatanetRegistry.js";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { eventIn, eventsIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

/// A decision on one pending contribution: weight 0 rejects it, any other weight accepts it with that weight.
export interface Decision {
  contentHash: string;
  weight: bigint;
}

export interface ReviewParameters extends ActionOptions {
  datanetId: bigint;
  decisions: Decision[];
}

export interface ReviewReturnType extends WriteResult<ContributionReviewedEvent.OutputObject> {
  /// Every ContributionReviewed event, in order (`event` is the first). An accepted one carries its acceptance number
  /// (`acceptance` > 0); a rejected one has acceptance 0.
  events: ContributionReviewedEvent.OutputObject[];
  accepted: ContributionReviewedEvent.OutputObject[];
  rejected: ContributionReviewedEvent.OutputObject[];
}

/// Reviews contributions. Two decisions on one hash, and everything the contract refuses (not a curator, not
/// pending, a weight too large), fail before anything is sent.
export async function review(client: Client, params: ReviewParameters): Promise<ReviewReturnType> {
  await signerOf(client, "review");
  const { datanetId, decisions } = params;
  if (decisions.length === 0) throw new OpenLedgerError("nothing to review: no decision given");
  const seen = new Set<string>();
  for (const d of decisions) {
    if (seen.has(d.contentHash)) throw new OpenLedgerError(`${d.contentHash} has two decisions`);
    seen.add(d.contentHash);
  }
  await preflight(client, () => client.datanets.review.staticCall(datanetId, decisions));
  const receipt = await sendAndWait(
    client.datanets.review(datanetId, decisions),
    `reviewing ${decisions.length} contribution(s) of datanet ${datanetId}`,
    params,
  );
  const events = eventsIn<ContributionReviewedEvent.OutputObject>(receipt, client.datanets, "ContributionReviewed");
  const event = eventIn<ContributionReviewedEvent.OutputObject>(receipt, client.datanets, "ContributionReviewed");
  return {
    receipt,
    event,
    events,
    accepted: events.filter((e) => e.acceptance > 0n),
    rejected: events.filter((e) => e.acceptance === 0n),
  };
}

export interface ReviewBatchParameters extends ActionOptions {
  datanetId: bigint;
  root: string;
  accept: boolean;
}

/// Accepts or rejects one pending batch, after its static call.
export async function reviewBatch(
  client: Client,
  params: ReviewBatchParameters,
): Promise<WriteResult<BatchReviewedEvent.OutputObject>> {
  await signerOf(client, "reviewBatch");
  const call = [params.datanetId, params.root, params.accept] as const;
  await preflight(client, () => client.datanets.reviewBatch.staticCall(...call));
  const receipt = await sendAndWait(client.datanets.reviewBatch(...call), `reviewing batch ${params.root}`, params);
  return { receipt, event: eventIn<BatchReviewedEvent.OutputObject>(receipt, client.datanets, "BatchReviewed") };
}
