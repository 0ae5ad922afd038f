/// pushStakerRewards: moves the stakers' share credited by settlements to gOPEN, where it streams to the stakers
/// over gOPEN's rewards duration. With no stream running the push starts one; while one runs it is queued behind it.
/// Anyone may call; the contract refuses with NothingToWithdraw() when nothing is credited.
import type { StakerRewardsPushedEvent } from "../../../../typechain-types/settlement/Settlement.js";
import type { RewardStreamStartedEvent } from "../../../../typechain-types/staking/StakedOpen.js";
import type { Client } from "../../client.js";
import { eventIn, eventsIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

export type PushStakerRewardsParameters = ActionOptions;

export interface PushStakerRewardsReturnType extends WriteResult<StakerRewardsPushedEvent.OutputObject> {
  /// The stream this push started; undefined when it was queued behind a running one.
  streamStarted?: RewardStreamStartedEvent.OutputObject;
}

/// Pushes what the stakers are credited to gOPEN's reward stream.
export async function pushStakerRewards(
  client: Client,
  params: PushStakerRewardsParameters = {},
): Promise<PushStakerRewardsReturnType> {
  await signerOf(client, "pushStakerRewards");
  await preflight(client, () => client.settlement.pushStakerRewards.staticCall());
  const receipt = await sendAndWait(client.settlement.pushStakerRewards(), "pushing the stakers share", params);
  const event = eventIn<StakerRewardsPushedEvent.OutputObject>(receipt, client.settlement, "StakerRewardsPushed");
  const [streamStarted] = eventsIn<RewardStreamStartedEvent.OutputObject>(receipt, client.gopen, "RewardStreamStarted");
  return { receipt, event, ...(streamStarted === undefined ? {} : { streamStarted }) };
}
