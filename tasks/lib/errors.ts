/// One clear line for any error thrown by ethers v6, Hardhat or the suite's contracts.
///
/// Custom errors are decoded against the error fragments of every artifact under
/// `artifacts/contracts/**`: those ABIs include the errors inherited from OpenZeppelin bases, so
/// `ERC20InsufficientAllowance`, `AccessManagedUnauthorized`, `GovernorUnexpectedProposalState`, ...
/// come out with their argument names: `ERC20InsufficientAllowance(spender=0x70…, allowance=0, needed=5)`.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AbiCoder, ErrorFragment, Interface, dataSlice, isHexString } from "ethers";
import type { ParamType } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

/// An expected failure of a tool (bad input, missing deployment, ...): its message is already the
/// one line to print, so `decodeError` returns it as is.
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolError";
  }
}

/// What a Solidity `Panic(uint256)` code means (Solidity docs, "Panic via assert and Error via require").
export const PANIC_CODES: Readonly<Record<number, string>> = {
  0x00: "generic compiler panic",
  0x01: "assertion failed",
  0x11: "arithmetic overflow or underflow",
  0x12: "division or modulo by zero",
  0x21: "invalid enum value",
  0x22: "incorrectly encoded storage byte array",
  0x31: "pop() on an empty array",
  0x32: "array index out of bounds",
  0x41: "out of memory (allocation too large)",
  0x51: "call to a zero-initialized internal function",
};

const ERROR_STRING_SELECTOR = "0x08c379a0"; // Error(string)
const PANIC_SELECTOR = "0x4e487b71"; // Panic(uint256)

// -------------------------------------------------------------------------------------------------
// The error fragment set, read from the artifacts at runtime
// -------------------------------------------------------------------------------------------------

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

interface ArtifactLike {
  abi?: unknown;
}

function isAbiEntry(x: unknown): x is { type: string } {
  return typeof x === "object" && x !== null && typeof (x as { type?: unknown }).type === "string";
}

function listArtifactFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return []; // not built yet: decoding falls back to the selector
  }
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry !== "build-info") files.push(...listArtifactFiles(full));
    } else if (entry.endsWith(".json") && !entry.endsWith(".dbg.json")) {
      files.push(full);
    }
  }
  return files.sort(); // deterministic: the first artifact naming a signature gives its argument names
}

/// Every error fragment of every contract artifact, deduplicated by signature. Loaded once.
export function errorInterface(): Interface {
  if (cachedInterface !== undefined) return cachedInterface;
  const fragments = new Map<string, ErrorFragment>();
  for (const file of listArtifactFiles(path.join(artifactsDir, "contracts"))) {
    let artifact: ArtifactLike;
    try {
      artifact = JSON.parse(readFileSync(file, "utf8")) as ArtifactLike;
    } catch {
      continue;
    }
    if (!Array.isArray(artifact.abi)) continue;
    for (const entry of artifact.abi as unknown[]) {
      if (!isAbiEntry(entry) || entry.type !== "error") continue;
      const fragment = ErrorFragment.from(entry);
      const signature = fragment.format("sighash");
      if (!fragments.has(signature)) fragments.set(signature, fragment);
    }
  }
  cachedInterface = new Interface([...fragments.values()]);
  return cachedInterface;
}

// -------------------------------------------------------------------------------------------------
// Revert data -> one line
// -------------------------------------------------------------------------------------------------

function formatValue(type: ParamType, value: unknown): string {
  if (type.isArray()) {
    const items = Array.from(value as ArrayLike<unknown>);
    return `[${items.map((item) => formatValue(type.arrayChildren, item)).join(", ")}]`;
  }
  if (type.isTuple()) {
    const items = Array.from(value as ArrayLike<unknown>);
    const parts = type.components.map((component, i) =>
      component.name ? `${component.name}=${formatValue(component, items[i])}` : formatValue(component, items[i]),
    );
    return `(${parts.join(", ")})`;
  }
  if (typeof value === "bigint") return value.toString(10);
  if (typeof value === "string") return type.baseType === "string" ? JSON.stringify(value) : value;
  return String(value);
}

function formatCall(name: string, inputs: readonly ParamType[], values: ArrayLike<unknown>): string {
  const parts = inputs.map((input, i) =>
    input.name ? `${input.name}=${formatValue(input, values[i])}` : formatValue(input, values[i]),
  );
  return `${name}(${parts.join(", ")})`;
}

function formatPanic(code: bigint): string {
  const meaning = code <= BigInt(Number.MAX_SAFE_INTEGER) ? PANIC_CODES[Number(code)] : undefined;
  return `Panic(0x${code.toString(16).padStart(2, "0")}: ${meaning ?? "unknown panic code"})`;
}

/// Decodes raw revert data (`0x` + selector + arguments). Never throws.
export function decodeRevertData(data: string): string {
  if (data === "0x" || data === "") return "reverted without a reason (empty revert data)";
  if (!isHexString(data) || data.length < 10) return `reverted with malformed revert data ${data}`;
  const selector = dataSlice(data, 0, 4).toLowerCase();
  try {
    if (selector === ERROR_STRING_SELECTOR) {
      const [reason] = AbiCoder.defaultAbiCoder().decode(["string"], dataSlice(data, 4));
      return `Error(${JSON.stringify(reason)})`;
    }
    if (selector === PANIC_SELECTOR) {
      const [code] = AbiCoder.defaultAbiCoder().decode(["uint256"], dataSlice(data, 4));
      return formatPanic(code as bigint);
    }
    const iface = errorInterface();
    const fragment = iface.getError(selector);
    if (fragment) {
      const args = iface.decodeErrorResult(fragment, data);
      return formatCall(fragment.name, fragment.inputs, args);
    }
  } catch {
    return `undecodable revert data for selector ${selector} (data: ${data})`;
  }
  return `unrecognized custom error ${selector} (return data: ${data}); run npx hardhat build if the ABI changed`;
}

// -------------------------------------------------------------------------------------------------
// Finding the revert data in whatever was thrown
// -------------------------------------------------------------------------------------------------

type Bag = Record<string, unknown>;

function isObject(x: unknown): x is Bag {
  return typeof x === "object" && x !== null;
}

/// Keys that lead from an error to the error it wraps. `transaction`, `invocation` and `payload`
/// are left out on purpose: they hold the calldata, which is not revert data.
const NESTED_KEYS = ["error", "info", "cause", "data", "errors", "originalError", "receipt"] as const;

/// Every error-like object in `err`, breadth first (the outermost first), with a depth limit.
function errorChain(err: unknown): Bag[] {
  const out: Bag[] = [];
  const seen = new Set<unknown>();
  let level: unknown[] = [err];
  for (let depth = 0; depth < 6 && level.length > 0; depth++) {
    const next: unknown[] = [];
    for (const node of level) {
      if (!isObject(node) || seen.has(node)) continue;
      seen.add(node);
      out.push(node);
      for (const key of NESTED_KEYS) {
        const child = node[key];
        if (Array.isArray(child)) next.push(...(child as unknown[]));
        else if (isObject(child)) next.push(child);
      }
    }
    level = next;
  }
  return out;
}

function isRevertData(x: unknown): x is string {
  return typeof x === "string" && isHexString(x) && (x.length === 2 || x.length >= 10) && (x.length - 2) % 2 === 0;
}

/// The revert data carried by an error: ethers' CallExceptionError `.data`, nested `.error.data`,
/// `.info.error.data`, `.data.data` (nodes that wrap it), Hardhat's ProviderError `.data`, or the
/// hex quoted in a message ("return data: 0x…", anvil's "custom error 0x12345678: …", ethers'
/// `data="0x…"`). Returns undefined when there is none; "0x" when the revert carried no data.
export function findRevertData(err: unknown): string | undefined {
  const chain = errorChain(err);
  let empty: string | undefined;
  for (const node of chain) {
    const data = node.data;
    if (isRevertData(data)) {
      if (data.length >= 10) return data;
      empty = data;
    }
  }
  for (const node of chain) {
    const message = node.message;
    if (typeof message !== "string") continue;
    const returned = /return data: (0x[0-9a-fA-F]*)/.exec(message);
    if (returned && isRevertData(returned[1]) && returned[1].length >= 10) return returned[1];
    const anvil = /custom error (0x[0-9a-fA-F]{8}):\s*([0-9a-fA-F]*)/.exec(message);
    if (anvil) return `${anvil[1]}${anvil[2]}`;
    const quoted = /\bdata="(0x[0-9a-fA-F]+)"/.exec(message);
    if (quoted && isRevertData(quoted[1]) && quoted[1].length >= 10) return quoted[1];
  }
  return empty;
}

// -------------------------------------------------------------------------------------------------
// Non-revert errors
// -------------------------------------------------------------------------------------------------

function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .find((line) => line.trim() !== "")
      ?.trim() ?? text.trim()
  );
}

function messagesOf(chain: Bag[]): string[] {
  return chain.map((node) => node.message).filter((m): m is string => typeof m === "string" && m !== "");
}

/// What Hardhat itself already decoded, when the revert data is not on the object.
function hardhatRevertLine(messages: string[]): string | undefined {
  for (const message of messages) {
    const custom = /reverted with custom error '(.+)'/.exec(message);
    if (custom) return custom[1];
    const reason = /reverted with reason string '(.*)'/.exec(message);
    if (reason) return `Error(${JSON.stringify(reason[1])})`;
    const panic = /reverted with panic code (0x[0-9a-fA-F]+)/.exec(message);
    if (panic) return formatPanic(BigInt(panic[1]));
  }
  return undefined;
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH"]);

/// "cannot reach the node at URL" for a node that is down, whoever reported it.
function connectionLine(chain: Bag[], messages: string[]): string | undefined {
  const down = chain.some(
    (node) =>
      (typeof node.code === "string" && CONNECTION_CODES.has(node.code)) ||
      (typeof node.message === "string" &&
        /was refused|ECONNREFUSED|fetch failed|getaddrinfo|Cannot connect to the network/i.test(node.message)),
  );
  if (!down) return undefined;
  let url: string | undefined;
  for (const message of messages) {
    const found = /https?:\/\/[^\s"'`,)]+/.exec(message);
    if (found) {
      url = found[0];
      break;
    }
  }
  if (url === undefined) {
    const socket = chain.find((node) => typeof node.address === "string" && typeof node.port === "number");
    if (socket) url = `${String(socket.address)}:${String(socket.port)}`;
  }
  const hardhat = messages.find((m) => /^HHE\d+:/.test(m));
  const where = url ?? "the configured URL";
  return hardhat ? `cannot reach the node at ${where} (${firstLine(hardhat)})` : `cannot reach the node at ${where}`;
}

/// Turns anything thrown by ethers v6, Hardhat, the contracts or the tools into one line.
export function decodeError(err: unknown): string {
  if (err instanceof ToolError) return firstLine(err.message);
  if (!isObject(err)) return firstLine(String(err));

  const chain = errorChain(err);
  const messages = messagesOf(chain);

  // 1. A revert: decode the data against every ABI of the suite.
  const data = findRevertData(err);
  if (data !== undefined && data !== "0x") return decodeRevertData(data);
  const decodedByHardhat = hardhatRevertLine(messages);
  if (decodedByHardhat !== undefined) return decodedByHardhat;
  if (data === "0x") {
    // Hardhat explains empty reverts itself ("function selector was not recognized ...").
    const explained = messages.find((m) => /^Transaction reverted: /.test(m));
    return explained ? firstLine(explained) : decodeRevertData("0x");
  }

  // 2. The node cannot be reached.
  const connection = connectionLine(chain, messages);
  if (connection !== undefined) return connection;

  // 3. A mined transaction that reverted: ethers has its receipt but no data.
  const receipt = err.receipt;
  if (err.code === "CALL_EXCEPTION" && isObject(receipt) && typeof receipt.hash === "string") {
    return `transaction ${receipt.hash} reverted (no revert data in the receipt; re-run it as a call to see why)`;
  }

  // 4. Everything else: Hardhat's HHE message, ethers' shortMessage, or the first line of the message.
  const hardhat = messages.find((m) => /^HHE\d+:/.test(m));
  if (hardhat !== undefined) return firstLine(hardhat);
  if (typeof err.shortMessage === "string" && err.shortMessage !== "") {
    const code = typeof err.code === "string" ? ` (${err.code})` : "";
    return `${firstLine(err.shortMessage)}${code}`;
  }
  if (messages.length > 0) return firstLine(messages[0].replace(/^VM Exception while processing transaction: /, ""));
  return firstLine(String(err));
}

// -------------------------------------------------------------------------------------------------
// Task actions
// -------------------------------------------------------------------------------------------------

/// Wraps a task action: any error becomes `error: <one line>` on stderr and exit code 1, with the
/// stack trace only when the environment variable DEBUG is set.
export function runTask<A>(
  fn: (args: A, hre: HardhatRuntimeEnvironment) => Promise<void>,
): (args: A, hre: HardhatRuntimeEnvironment) => Promise<void> {
  return async (args: A, hre: HardhatRuntimeEnvironment): Promise<void> => {
    useArtifacts(hre.config.paths.artifacts);
    try {
      await fn(args, hre);
    } catch (err: unknown) {
      process.stderr.write(`error: ${decodeError(err)}\n`);
      if (process.env.DEBUG) {
        process.stderr.write(`${err instanceof Error && err.stack ? err.stack : String(err)}\n`);
      }
      process.exitCode = 1;
    }
  };
}
