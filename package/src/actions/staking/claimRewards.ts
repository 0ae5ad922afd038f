/// claimRewards: pays the OPEN that staking has earned so far (the stakers' share of fees, streamed). With nothing
/// earned the contract refuses with NoRewards(account). Not the attribution claim of contributors (`claimAll`).
import type { RewardsClaimedEvent } from "../../../../typechain-types/staking/StakedOpen.js";
import type { Client } from "../../client.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

export type ClaimRewardsParameters = ActionOptions;

export type ClaimRewardsReturnType = WriteResult<RewardsClaimedEvent.OutputObject>;

/// Claims the staking rewards of the client's signer.
export async function claimRewards(
  client: Client,
  params: ClaimRewardsParameters = {},
): Promise<ClaimRewardsReturnType> {
  await signerOf(client, "claimRewards");
  await preflight(client, () => client.gopen.claimRewards.staticCall());
  const receipt = await sendAndWait(client.gopen.claimRewards(), "claiming staking rewards", params);
  return { receipt, event: eventIn<RewardsClaimedEvent.OutputObject>(receipt, client.gopen, "RewardsClaimed") };
}
