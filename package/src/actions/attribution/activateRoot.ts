/// activateRoot: makes a datanet's pending root claimable once its challenge window is over. Anyone may.
import { ZeroHash } from "ethers";
import type { RootActivatedEvent } from "../../../../typechain-types/settlement/Settlement.js";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { formatTime } from "../../format/index.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { chainNow, signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

export interface ActivateRootParameters extends ActionOptions {
  datanetId: bigint;
}

export type ActivateRootReturnType = WriteResult<RootActivatedEvent.OutputObject>;

/// Activates the pending root. Before sending it checks that there is one and that its window is over (the next
/// block is at least one second after the latest), and runs the static call.
export async function activateRoot(client: Client, params: ActivateRootParameters): Promise<ActivateRootReturnType> {
  await signerOf(client, "activateRoot");
  const { datanetId } = params;
  const { settlement } = client;
  const [state, now] = await Promise.all([settlement.rootState(datanetId), chainNow(client)]);
  if (state.pendingRoot === ZeroHash) {
    throw new OpenLedgerError(`datanet ${datanetId} has no pending root (active epoch ${state.activeEpoch})`);
  }
  if (now + 1n < state.pendingReadyAt) {
    throw new OpenLedgerError(
      `the root of epoch ${state.lastEpoch} of datanet ${datanetId} is in its challenge window until ` +
        formatTime(state.pendingReadyAt, now),
    );
  }
  await preflight(client, () => settlement.activateRoot.staticCall(datanetId));
  const receipt = await sendAndWait(
    settlement.activateRoot(datanetId),
    `activating the root of epoch ${state.lastEpoch} of datanet ${datanetId}`,
    params,
  );
  return { receipt, event: eventIn<RootActivatedEvent.OutputObject>(receipt, settlement, "RootActivated") };
}
