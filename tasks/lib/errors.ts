/// One clear line for any error thrown by ethers v6, Hardhat or the suite's contracts.
///
/// Custom errors are decoded against the error fragments of every artifact under
/// `artifacts/contracts/**`: those ABIs include the errors inherited from OpenZeppelin bases, so
/// `ERC20InsufficientAllowance`, `AccessManagedUnauthorized`, `GovernorUnexpectedProposalState`, ...
/// come out with their argument names: `ERC20InsufficientAllowance(spender=0x70…, allowance=0, needed=5)`.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Interface } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import {
  decodeRevertData as decodeRevertDataWith,
  describeError,
  errorsOf,
  firstLine,
  OpenLedgerError,
} from "../../package/src/errors/index.js";
import type { DecodeOptions } from "../../package/src/errors/index.js";

/// The one error class of the SDK and the tools: an expected failure (bad input, missing deployment, ...) whose
/// message is already the one line to print, so `decodeError` returns it as is.
export { OpenLedgerError };

/// The decoding itself (revert data, where it hides in an error, formatting) is the package's core, shared with the
/// client that dApps import: package/src/errors/index.ts. This file gives it the artifacts' error fragments.
export { PANIC_CODES, findRevertData } from "../../package/src/errors/index.js";

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

/// Every contract artifact under `dir`, sorted, so that the first artifact naming a signature gives its argument
/// names; none before the first build (decoding then falls back to the selector).
function listArtifactFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const all = readdirSync(dir, { recursive: true, encoding: "utf8" });
  const isArtifact = (f: string): boolean =>
    f.endsWith(".json") && !f.endsWith(".dbg.json") && !f.split(path.sep).includes("build-info");
  return all
    .filter(isArtifact)
    .map((f) => path.join(dir, f))
    .sort();
}

function abiOf(file: string): unknown[] {
  try {
    const abi = (JSON.parse(readFileSync(file, "utf8")) as { abi?: unknown }).abi;
    return Array.isArray(abi) ? (abi as unknown[]) : [];
  } catch {
    return [];
  }
}

/// Every error fragment of every contract artifact, deduplicated by signature. Loaded once.
export function errorInterface(): Interface {
  cachedInterface ??= errorsOf(listArtifactFiles(path.join(artifactsDir, "contracts")).map(abiOf));
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

/// What to do about a Hardhat error, appended to its line: how to set a missing configuration variable (the hint of
/// `npm run deploy`), where the tasks and their options are listed.
export function withHint(line: string): string {
  const missing = /^HHE7: Configuration Variable "([A-Za-z0-9_]+)" not found/.exec(line)?.[1];
  if (missing !== undefined) {
    return `${line} Set it with \`npx hardhat keystore set ${missing}\` or the environment variable ${missing} (docs/deploy.md).`;
  }
  const inKeystore = /^HHE50002: Key "([A-Za-z0-9_]+)" not found in the development keystore/.exec(line)?.[1];
  if (inKeystore !== undefined) return `${line} Or set the environment variable ${inKeystore} (docs/deploy.md).`;
  const then = /[.?!]$/.test(line) ? " " : "; ";
  if (/^HHE(404|405):/.test(line)) return `${line}${then}\`npx hardhat --help\` lists the tasks`;
  if (/^HHE50\d:/.test(line)) return `${line}${then}\`npx hardhat <task> --help\` lists a task's options`;
  return line;
}

/// Makes the Hardhat CLI print its own errors (an unknown task, an unknown option, a missing configuration variable)
/// as the tasks print theirs: one line `error: HHE…: … <hint>` on stderr, without the "For more info" lines (unless
/// --show-stack-traces or DEBUG asks for everything). The CLI still exits with code 1. Called by hardhat.config.ts.
export function oneLineCliErrors(): void {
  if (process.argv.includes("--show-stack-traces") || process.env.DEBUG) return;
  const print = console.error.bind(console);
  let swallow = 0;
  console.error = (...args: unknown[]): void => {
    const text = typeof args[0] === "string" ? args[0].replace(/\x1b\[[0-9;]*m/g, "") : undefined;
    if (swallow > 0 && args.length === 1 && typeof text === "string") {
      swallow--;
      if (text === "" || text.startsWith("For more info")) return;
    }
    const hardhat = text === undefined ? null : /^Error (HHE\d+)(?: in plugin [^:]+)?: ([\s\S]*)$/.exec(text);
    if (hardhat === null) {
      print(...args);
      return;
    }
    swallow = 2; // the blank line and "For more info go to …"
    process.stderr.write(`error: ${withHint(firstLine(`${hardhat[1]}: ${hardhat[2]}`))}\n`);
  };
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
