/// One clear line for any error thrown by ethers v6, Hardhat or the suite's contracts.
///
/// Custom errors are decoded (package/src/errors) against the error fragments of every artifact under
/// `artifacts/contracts/**` (package/src/node/artifacts.ts), with their argument names:
/// `ERC20InsufficientAllowance(spender=0x70…, allowance=0, needed=5)`.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Interface } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import {
  decodeRevertData as decodeRevertDataWith,
  describeError,
  OpenLedgerError,
} from "../../package/src/errors/index.js";
import type { DecodeOptions } from "../../package/src/errors/index.js";
import { errorsFromArtifacts } from "../../package/src/node/index.js";
import { withHint } from "./cli-errors.js";

/// The one error class of the SDK and the tools: an expected failure (bad input, missing deployment, ...) whose
/// message is already the one line to print, so `decodeError` returns it as is.
export { OpenLedgerError };

/// The hint on a custom error that no artifact knows.
const UNKNOWN_HINT = "; run npx hardhat build if the ABI changed";

/// Default artifacts folder: this file is `<root>/tasks/lib/errors.ts`.
let artifactsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "artifacts");
let cachedInterface: Interface | undefined;

/// Points the decoder at another artifacts folder (`runTask` passes `hre.config.paths.artifacts`).
export function useArtifacts(dir: string): void {
  if (path.resolve(dir) !== artifactsDir) {
    artifactsDir = path.resolve(dir);
    cachedInterface = undefined;
  }
}

/// Every error fragment of every contract artifact, deduplicated by signature. Loaded once.
export function errorInterface(): Interface {
  cachedInterface ??= errorsFromArtifacts(path.join(artifactsDir, "contracts"));
  return cachedInterface;
}
const options: DecodeOptions = { unknownHint: UNKNOWN_HINT, isExpected: (err) => err instanceof OpenLedgerError };

/// Decodes raw revert data (`0x` + selector + arguments) against every artifact's errors. Never throws.
export function decodeRevertData(data: string): string {
  return decodeRevertDataWith(data, errorInterface, options);
}

/// Turns anything thrown by ethers v6, Hardhat, the contracts or the tools into one line.
export function decodeError(err: unknown): string {
  return describeError(err, errorInterface, options);
}

/// Runs a script's or a task's body: any error becomes `error: <one line>` on stderr and exit code 1, with the stack
/// trace only when the environment variable DEBUG is set.
export async function reportErrors(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err: unknown) {
    process.stderr.write(`error: ${withHint(decodeError(err))}\n`);
    if (process.env.DEBUG) process.stderr.write(`${err instanceof Error && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  }
}

/// Wraps a task action in `reportErrors`, decoding against the artifacts of this project.
export function runTask<A>(
  fn: (args: A, hre: HardhatRuntimeEnvironment) => Promise<void>,
): (args: A, hre: HardhatRuntimeEnvironment) => Promise<void> {
  return async (args: A, hre: HardhatRuntimeEnvironment): Promise<void> => {
    useArtifacts(hre.config.paths.artifacts);
    await reportErrors(() => fn(args, hre));
  };
}
