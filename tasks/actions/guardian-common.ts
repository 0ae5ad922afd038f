/// The guardian's emergency switch: pausing stops new settlements and new attribution roots; claims, payouts and
/// withdrawals go on. Only the guardian role (and governance) may flip it; anyone else gets
/// AccessManagedUnauthorized(caller=…), pausing twice EnforcedPause(), unpausing twice ExpectedPause().
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { signerFor } from "../lib/governance.js";
import { getSuite, printResult } from "../lib/index.js";
import { mined } from "./datanet-common.js";
import type { SendArgs } from "./settlement-common.js";

/// Pauses (`pause` true) or unpauses the settlement from `--from`, and prints the new state.
export async function setPaused(args: SendArgs, hre: HardhatRuntimeEnvironment, pause: boolean): Promise<void> {
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const sender = await signerFor(suite.connection, args.from);
  const settlement = suite.settlement.connect(sender);
  const receipt = await mined(pause ? settlement.pause() : settlement.unpause());
  printResult(
    {
      settlement: await settlement.getAddress(),
      paused: await settlement.paused(),
      by: sender.address,
      tx: receipt.hash,
    },
    args.json,
  );
}
