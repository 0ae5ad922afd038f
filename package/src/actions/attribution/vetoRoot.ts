/// vetoRoot: the guardian (or governance) vetoes a datanet's pending root inside its challenge window. The root
/// gives its epoch back, and its attestor's bond stays locked long enough for governance to vote a slash.
import type { RootVetoedEvent } from "../../../../typechain-types/settlement/Settlement.js";
import type { Client } from "../../client.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

export interface VetoRootParameters extends ActionOptions {
  datanetId: bigint;
  /// The epoch to veto (default: the pending one, the datanet's last epoch).
  epoch?: bigint;
}

export interface VetoRootReturnType extends WriteResult<RootVetoedEvent.OutputObject> {
  epoch: bigint;
}

/// Vetoes the pending root. The static call runs first, so that a veto that would revert (outside the window, not
/// the guardian, the veto limit) sends nothing and says why.
export async function vetoRoot(client: Client, params: VetoRootParameters): Promise<VetoRootReturnType> {
  await signerOf(client, "vetoRoot");
  const { datanetId } = params;
  const { settlement } = client;
  const epoch = params.epoch ?? (await settlement.rootState(datanetId)).lastEpoch;
  await preflight(client, () => settlement.vetoRoot.staticCall(datanetId, epoch));
  const receipt = await sendAndWait(
    settlement.vetoRoot(datanetId, epoch),
    `vetoing the root of epoch ${epoch} of datanet ${datanetId}`,
    params,
  );
  return { receipt, event: eventIn<RootVetoedEvent.OutputObject>(receipt, settlement, "RootVetoed"), epoch };
}
