/// withdraw: pays back the OPEN of the pending withdrawal once its cooldown is over. With nothing pending the
/// contract refuses with NoPendingWithdrawal(account).
import type { WithdrawnEvent } from "../../../../typechain-types/staking/StakedOpen.js";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { formatOpen, formatTime } from "../../format/index.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { chainNow, signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

export type WithdrawParameters = ActionOptions;

export type WithdrawReturnType = WriteResult<WithdrawnEvent.OutputObject>;

/// Withdraws the pending withdrawal. One that is not ready yet fails before anything is sent, saying when it is.
export async function withdraw(client: Client, params: WithdrawParameters = {}): Promise<WithdrawReturnType> {
  const { address } = await signerOf(client, "withdraw");
  const [[pending, readyAt], now] = await Promise.all([client.gopen.pendingWithdrawal(address), chainNow(client)]);
  if (pending > 0n && readyAt > now) {
    throw new OpenLedgerError(
      `the withdrawal of ${formatOpen(pending)} is not ready: it is withdrawable ${formatTime(readyAt, now)}`,
    );
  }
  await preflight(client, () => client.gopen.withdraw.staticCall());
  const receipt = await sendAndWait(client.gopen.withdraw(), "withdrawing", params);
  return { receipt, event: eventIn<WithdrawnEvent.OutputObject>(receipt, client.gopen, "Withdrawn") };
}
