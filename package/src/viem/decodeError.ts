/// decodeError: one line for anything thrown while using the suite through viem, like the ethers client's
/// `decodeError`: a custom error of any contract of the suite with its arguments (`FeeAboveCap(fee=…, cap=…)`,
/// `ERC20InsufficientAllowance(spender=0x…, allowance=0, needed=5)`), a Panic, an Error(string), a node that cannot be
/// reached, or the SDK's own OpenLedgerError.
import { BaseError, decodeErrorResult, HttpRequestError, isHex } from "viem";
import type { AbiParameter, DecodeErrorResultReturnType, Hex } from "viem";
import { firstLine, formatPanic, OpenLedgerError } from "../errors/base.js";
import { humanArguments } from "../errors/units.js";
import { abis } from "../generated/abis.js";

type SuiteAbi = (typeof abis)[keyof typeof abis];

/// An error declared in one of the suite's ABIs.
export type SuiteErrorItem = Extract<SuiteAbi[number], { type: "error" }>;

/// `Name(type,…)`, with tuples spelled out: what the selector hashes.
function signature(name: string, inputs: readonly AbiParameter[]): string {
  const canonical = (p: AbiParameter): string => {
    const tuple = /^tuple(.*)$/.exec(p.type);
    if (tuple === null || !("components" in p)) return p.type;
    return `(${p.components.map(canonical).join(",")})${tuple[1]}`;
  };
  return `${name}(${inputs.map(canonical).join(",")})`;
}

/// Every error of the suite's contracts (their own, and those of their OpenZeppelin bases), once each.
export const suiteErrorAbi: readonly SuiteErrorItem[] = (() => {
  const seen = new Map<string, SuiteErrorItem>();
  for (const abi of Object.values(abis) as readonly SuiteAbi[]) {
    for (const item of abi) {
      if (item.type !== "error") continue;
      const key = signature(item.name, item.inputs);
      if (!seen.has(key)) seen.set(key, item);
    }
  }
  return [...seen.values()];
})();

/// A decoded value as text, as the ethers decoder writes it: bigints and numbers in decimal, strings quoted,
/// addresses and bytes as hex, arrays in brackets, tuples with their field names.
export function formatAbiValue(param: AbiParameter, value: unknown): string {
  const array = /^(.*)\[\d*\]$/.exec(param.type);
  if (array !== null) {
    const child = { ...param, type: array[1] } as AbiParameter;
    return `[${Array.from(value as ArrayLike<unknown>, (item) => formatAbiValue(child, item)).join(", ")}]`;
  }
  if (param.type === "tuple" && "components" in param) {
    const fields = param.components.map((component, i) => {
      const item = Array.isArray(value) ? value[i] : (value as Record<string, unknown>)[component.name ?? ""];
      const text = formatAbiValue(component, item);
      return component.name ? `${component.name}=${text}` : text;
    });
    return `(${fields.join(", ")})`;
  }
  if (typeof value === "bigint" || typeof value === "number") return value.toString(10);
  if (typeof value === "string") return param.type === "string" ? JSON.stringify(value) : value;
  return String(value);
}

/// `Name(arg=value, …)` of a decoded error.
export function formatDecodedError(decoded: DecodeErrorResultReturnType): string {
  const args: readonly unknown[] = decoded.args ?? [];
  if (decoded.errorName === "Panic") return formatPanic(BigInt(args[0] as bigint | number));
  if (decoded.errorName === "Error") return `Error(${JSON.stringify(args[0])})`;
  const item = decoded.abiItem;
  const inputs: readonly AbiParameter[] = "inputs" in item ? item.inputs : [];
  const human = humanArguments(decoded.errorName, inputs, args);
  const parts = inputs.map((input, i) => {
    const text = human[i] ?? formatAbiValue(input, args[i]);
    return input.name ? `${input.name}=${text}` : text;
  });
  return `${decoded.errorName}(${parts.join(", ")})`;
}

/// Decodes raw revert data (`0x` + selector + arguments) against the suite's errors, Error(string) and
/// Panic(uint256). Never throws.
export function decodeRevertData(data: Hex): string {
  if (data === "0x") return "reverted without a reason (empty revert data)";
  if (data.length < 10) return `reverted with malformed revert data ${data}`;
  const selector = data.slice(0, 10).toLowerCase();
  try {
    return formatDecodedError(decodeErrorResult({ abi: suiteErrorAbi, data }));
  } catch (err: unknown) {
    const unknown = err instanceof BaseError && err.name === "AbiErrorSignatureNotFoundError";
    if (!unknown) return `undecodable revert data for selector ${selector} (data: ${data})`;
  }
  return `unrecognized custom error ${selector} (return data: ${data}); not an error of the OpenLedger contracts`;
}

/// `err` and every error it wraps (`cause`), outermost first.
function chainOf(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e = err; typeof e === "object" && e !== null && out.length < 16 && !out.includes(e);) {
    out.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  return out;
}

function isRevertData(x: unknown): x is Hex {
  return typeof x === "string" && isHex(x) && (x.length === 2 || x.length >= 10) && x.length % 2 === 0;
}

/// The revert data that an error carries: viem's ContractFunctionRevertedError `raw`, or the `data` of an error it
/// wraps (a node's RPC error, `{ data: "0x…" }` or `{ data: { data: "0x…" } }`). Undefined when there is none.
export function findRevertData(err: unknown): Hex | undefined {
  let empty: Hex | undefined;
  for (const node of chainOf(err)) {
    const { raw, data } = node as { raw?: unknown; data?: unknown };
    const nested = typeof data === "object" && data !== null ? (data as { data?: unknown }).data : undefined;
    for (const candidate of [raw, data, nested]) {
      if (!isRevertData(candidate)) continue;
      if (candidate.length >= 10) return candidate;
      empty = candidate;
    }
  }
  return empty;
}

/// One line for anything thrown while using the suite with viem.
export function decodeError(err: unknown): string {
  const chain = chainOf(err);
  const own = chain.find((e): e is OpenLedgerError => e instanceof OpenLedgerError);
  if (own !== undefined) return firstLine(own.message);

  const data = findRevertData(err);
  if (data !== undefined) return decodeRevertData(data);

  const http = chain.find((e): e is HttpRequestError => e instanceof HttpRequestError);
  if (http !== undefined && http.status === undefined) return `cannot reach the node at ${http.url}`;

  if (err instanceof BaseError) return firstLine(err.shortMessage);
  if (err instanceof Error) return firstLine(err.message);
  return firstLine(String(err));
}
