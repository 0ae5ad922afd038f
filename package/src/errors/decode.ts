/// One clear line for any error thrown by ethers v6, a JSON-RPC node, Hardhat or the suite's contracts.
///
/// This is the pure decoding core: it reads nothing from disk. The caller gives the Interface that holds the error
/// fragments to decode custom errors with: the package's client builds it from the ABIs it bundles, the project's
/// tasks from the artifacts of the last build. Custom errors come out with their argument names:
/// `ERC20InsufficientAllowance(spender=0x70…, allowance=0, needed=5)`, `Panic(0x11: arithmetic overflow or
/// underflow)`, `Error("reason")`.
import { AbiCoder, dataSlice, ErrorFragment, Interface as AbiInterface, isHexString } from "ethers";
import type { Interface, ParamType } from "ethers";
import { firstLine, formatPanic, ranOutOfGas } from "./base.js";
import { humanArguments } from "./units.js";

export { firstLine, formatPanic, OpenLedgerError, PANIC_CODES, ranOutOfGas } from "./base.js";

const ERROR_STRING_SELECTOR = "0x08c379a0"; // Error(string)
const PANIC_SELECTOR = "0x4e487b71"; // Panic(uint256)

/// The error fragments to decode with: an Interface, or a function that builds it the first time it is needed.
export type ErrorSource = Interface | (() => Interface);

export interface DecodeOptions {
  /// Appended to the line of a custom error that the Interface does not know, e.g. "; run npx hardhat build".
  unknownHint?: string;
  /// Errors whose message is already the one line to print (a tool's own input errors): returned as is.
  isExpected?: (err: unknown) => boolean;
  /// The chain's now (unix seconds), to say how far a time in an error is: `readyAt=2026-03-01 12:00:00 UTC (in 3m)`.
  now?: bigint;
}

/// One Interface of every error in `abis`, deduplicated by signature (the first ABI to declare one gives its argument
/// names): what the client builds from the ABIs it bundles, and the tasks from the artifacts.
export function errorsOf(abis: Iterable<readonly unknown[]>): Interface {
  const fragments = new Map<string, ErrorFragment>();
  for (const abi of abis) {
    for (const entry of abi) {
      if (typeof entry !== "object" || entry === null || (entry as { type?: unknown }).type !== "error") continue;
      const fragment = ErrorFragment.from(entry);
      const signature = fragment.format("sighash");
      if (!fragments.has(signature)) fragments.set(signature, fragment);
    }
  }
  return new AbiInterface([...fragments.values()]);
}

function resolve(source: ErrorSource): Interface {
  return typeof source === "function" ? source() : source;
}

// -------------------------------------------------------------------------------------------------
// Revert data -> one line
// -------------------------------------------------------------------------------------------------

/// A decoded value as text: bigints in decimal, strings quoted, addresses and bytes as hex, tuples with names.
export function formatValue(type: ParamType, value: unknown): string {
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

/// `Name(arg=value, …)`: an error (or any call) with its decoded arguments.
export function formatCall(name: string, inputs: readonly ParamType[], values: ArrayLike<unknown>): string {
  const parts = inputs.map((input, i) =>
    input.name ? `${input.name}=${formatValue(input, values[i])}` : formatValue(input, values[i]),
  );
  return `${name}(${parts.join(", ")})`;
}

/// `Name(arg=value, …)` for a custom error, each value in its human unit (errors/units.ts): `FeeAboveCap(fee=2 OPEN,
/// cap=1 OPEN)`, `ERC2612ExpiredSignature(deadline=2026-03-01 12:00:00 UTC)`, `NotPending(…, status=Accepted)`.
export function formatError(
  name: string,
  inputs: readonly ParamType[],
  values: ArrayLike<unknown>,
  now?: bigint,
): string {
  const human = humanArguments(name, inputs, values, now);
  const parts = inputs.map((input, i) => {
    const text = human[i] ?? formatValue(input, values[i]);
    return input.name ? `${input.name}=${text}` : text;
  });
  return `${name}(${parts.join(", ")})`;
}

/// Decodes raw revert data (`0x` + selector + arguments) against the error fragments of `errors`. Never throws.
export function decodeRevertData(data: string, errors: ErrorSource, options: DecodeOptions = {}): string {
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
    const iface = resolve(errors);
    const fragment = iface.getError(selector);
    if (fragment) {
      const args = iface.decodeErrorResult(fragment, data);
      return formatError(fragment.name, fragment.inputs, args, options.now);
    }
  } catch {
    return `undecodable revert data for selector ${selector} (data: ${data})`;
  }
  return `unrecognized custom error ${selector} (return data: ${data})${options.unknownHint ?? ""}`;
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

// -------------------------------------------------------------------------------------------------
// Out of gas
// -------------------------------------------------------------------------------------------------

function toBigInt(x: unknown): bigint | undefined {
  if (typeof x === "bigint") return x;
  if (typeof x === "number" && Number.isSafeInteger(x)) return BigInt(x);
  if (typeof x === "string" && /^(0x[0-9a-fA-F]+|\d+)$/.test(x)) return BigInt(x);
  return undefined;
}

/// The gas limit that a failed transaction was sent with, when the error carries it: `gasLimit` on the error or on
/// one it wraps (`withGasMargin` and `waitForReceipt` put it there), or on the transaction it names.
export function gasLimitOf(err: unknown): bigint | undefined {
  for (const node of errorChain(err)) {
    const own = toBigInt(node.gasLimit);
    if (own !== undefined) return own;
    const tx = node.transaction;
    const fromTx = isObject(tx) ? (toBigInt(tx.gasLimit) ?? toBigInt(tx.gas)) : undefined;
    if (fromTx !== undefined) return fromTx;
  }
  return undefined;
}

/// The receipt of a mined transaction that failed (status 0), when the error carries one: ethers' CALL_EXCEPTION
/// from `wait()`, or what `withGasMargin` adds to a node's error about a transaction it mined and failed.
function failedReceipt(chain: Bag[]): { hash: string; gasUsed: bigint } | undefined {
  for (const node of chain) {
    const gasUsed = toBigInt(node.gasUsed);
    if (typeof node.hash === "string" && gasUsed !== undefined && (node.status === 0 || node.status === "0x0")) {
      return { hash: node.hash, gasUsed };
    }
  }
  return undefined;
}

/// `transaction 0x… ran out of gas: used X of limit Y` for a failed receipt that used (nearly) all its gas.
function outOfGasLine(chain: Bag[], err: unknown): string | undefined {
  const receipt = failedReceipt(chain);
  const gasLimit = gasLimitOf(err);
  if (receipt === undefined || gasLimit === undefined || !ranOutOfGas(receipt.gasUsed, gasLimit)) return undefined;
  return `transaction ${receipt.hash} ran out of gas: used ${receipt.gasUsed.toString()} of limit ${gasLimit.toString()}`;
}

/// Turns anything thrown by ethers v6, a node, Hardhat or the contracts into one line, decoding custom errors
/// against the fragments of `errors`.
export function describeError(err: unknown, errors: ErrorSource, options: DecodeOptions = {}): string {
  if (options.isExpected?.(err) === true && err instanceof Error) return firstLine(err.message);
  if (!isObject(err)) return firstLine(String(err));

  const chain = errorChain(err);
  const messages = messagesOf(chain);

  // 1. A revert: decode the data against the error fragments.
  const data = findRevertData(err);
  if (data !== undefined && data !== "0x") return decodeRevertData(data, errors, options);

  // 2. A mined transaction that failed without revert data after using all its gas: it ran out of gas.
  const outOfGas = outOfGasLine(chain, err);
  if (outOfGas !== undefined) return outOfGas;

  const decodedByHardhat = hardhatRevertLine(messages);
  if (decodedByHardhat !== undefined) return decodedByHardhat;
  if (data === "0x") {
    // Hardhat explains empty reverts itself ("function selector was not recognized ...").
    const explained = messages.find((m) => /^Transaction reverted: /.test(m));
    return explained ? firstLine(explained) : decodeRevertData("0x", errors, options);
  }

  // 3. The node cannot be reached.
  const connection = connectionLine(chain, messages);
  if (connection !== undefined) return connection;

  // 4. A mined transaction that reverted: ethers has its receipt but no data.
  const receipt = err.receipt;
  if (err.code === "CALL_EXCEPTION" && isObject(receipt) && typeof receipt.hash === "string") {
    return `transaction ${receipt.hash} reverted (no revert data in the receipt; re-run it as a call to see why)`;
  }

  // 5. Everything else: Hardhat's HHE message, ethers' shortMessage, or the first line of the message.
  const hardhat = messages.find((m) => /^HHE\d+:/.test(m));
  if (hardhat !== undefined) return firstLine(hardhat);
  if (typeof err.shortMessage === "string" && err.shortMessage !== "") {
    const code = typeof err.code === "string" ? ` (${err.code})` : "";
    return `${firstLine(err.shortMessage)}${code}`;
  }
  if (messages.length > 0) return firstLine(messages[0].replace(/^VM Exception while processing transaction: /, ""));
  return firstLine(String(err));
}
