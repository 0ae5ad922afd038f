/// The guardian's emergency switch: pausing stops new settlements and new attribution roots; claims, payouts and
/// withdrawals go on. Only the guardian role (and governance) may flip it; anyone else gets
/// AccessManagedUnauthorized(caller=…), pausing twice EnforcedPause(), unpausing twice ExpectedPause(). The GUARDIAN
/// role expires at the end of the guardian's term (then the guardian too is refused, until a vote renews it).
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatTime } from "../lib/governance.js";
import { mined, printResult, suiteAndSigner } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

/// The AccessManager's GUARDIAN role (contracts/libraries/Roles.sol).
const GUARDIAN_ROLE = 1n;

/// Pauses (`pause` true) or unpauses the settlement from `--from`, and prints the new state.
export async function setPaused(args: SendArgs, hre: HardhatRuntimeEnvironment, pause: boolean): Promise<void> {
  const { suite, signer: sender } = await suiteAndSigner(hre, args);
  const settlement = suite.settlement.connect(sender);
  const receipt = await mined(pause ? settlement.pause() : settlement.unpause());
  const [expiry, block] = await Promise.all([
    suite.accessManager.getRoleExpiry(GUARDIAN_ROLE),
    suite.connection.ethers.provider.getBlock(receipt.blockNumber),
  ]);
  const now = BigInt(block?.timestamp ?? 0);
  printResult(
    {
      settlement: await settlement.getAddress(),
      paused: await settlement.paused(),
      by: sender.address,
      // When the GUARDIAN role lapses unless governance renews it (0: it never expires).
      guardianRoleUntil: args.json || expiry === 0n ? expiry : formatTime(expiry, now),
      tx: receipt.hash,
    },
    args.json,
  );
}
