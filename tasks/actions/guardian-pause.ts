/// guardian:pause and guardian:unpause — the guardian's emergency switch (the SDK's `pause` and `unpause`): pausing
/// stops new settlements and new attribution roots; claims, payouts and withdrawals go on. Only the GUARDIAN role
/// (and governance) may flip it, until the end of the guardian's term.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { pause, unpause } from "../../package/src/actions/index.js";
import { clientAndSigner, formatTime, printResult, runTask } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

/// Pauses (`paused` true) or unpauses the settlement from `--from`, and prints the new state.
export async function setPaused(args: SendArgs, hre: HardhatRuntimeEnvironment, paused: boolean): Promise<void> {
  const { client, signer: sender } = await clientAndSigner(hre, args);
  const done = await (paused ? pause(client) : unpause(client));
  const until = done.guardianRoleUntil;
  printResult(
    {
      settlement: client.addresses.settlement,
      paused: done.paused,
      by: sender.address,
      // When the GUARDIAN role lapses unless governance renews it (0: it never expires).
      guardianRoleUntil: args.json || until === 0n ? until : formatTime(until, done.at),
      tx: done.receipt.hash,
    },
    args.json,
  );
}

export default runTask(async (args: SendArgs, hre) => setPaused(args, hre, true));
