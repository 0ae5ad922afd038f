/// The guardian's emergency switch: pausing stops new settlements and new attribution roots; claims, payouts and
/// withdrawals go on. Only the guardian role (and governance) may flip it; anyone else gets
/// AccessManagedUnauthorized(caller=…), pausing twice EnforcedPause(), unpausing twice ExpectedPause().
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { mined, printResult, suiteAndSigner } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

/// Pauses (`pause` true) or unpauses the settlement from `--from`, and prints the new state.
export async function setPaused(args: SendArgs, hre: HardhatRuntimeEnvironment, pause: boolean): Promise<void> {
  const { suite, signer: sender } = await suiteAndSigner(hre, args);
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
