/// The calls of a proposal: shown to people (`gopen.setCooldown(newCooldown=7200)`), and built from a JSON array of
/// `{target, value?, signature|abi, args}` or `{target, value?, data}`. Pure: the JSON is parsed by the caller.
import { FunctionFragment, Interface, getAddress, isAddress, isHexString } from "ethers";
import { FACTORIES } from "../client.js";
import { CONTRACT_KEYS, SUITE } from "../deployments.js";
import type { ContractKey } from "../deployments.js";
import { OpenLedgerError } from "../errors/index.js";

/// One call of a proposal, as Governor.propose takes it (in three arrays).
export interface ProposalCall {
  target: string;
  value: bigint;
  calldata: string;
}

/// Where the suite's contracts are: a client's `addresses`, or a deployment's (which may miss some), and Ignition's
/// future ids (`OpenLedger#StakedOpen` → address) if known.
export interface CallContext {
  addresses: Partial<Record<ContractKey, string>>;
  futures?: Readonly<Record<string, string>>;
}

function suiteInterface(key: ContractKey): Interface {
  return FACTORIES[key].createInterface() as Interface;
}

/// The suite contract at `address`, if any.
export function suiteKeyOf(context: CallContext, address: string): ContractKey | undefined {
  const wanted = address.toLowerCase();
  return CONTRACT_KEYS.find((key) => context.addresses[key]?.toLowerCase() === wanted);
}

/// A call for people: `gopen.setCooldown(newCooldown=7200)`, or the raw selector for an unknown target.
export function describeCall(context: CallContext, call: ProposalCall): string {
  const key = suiteKeyOf(context, call.target);
  const value = call.value > 0n ? ` {value: ${call.value.toString()} wei}` : "";
  if (key !== undefined) {
    const parsed = suiteInterface(key).parseTransaction({ data: call.calldata });
    if (parsed !== null) {
      const args = parsed.fragment.inputs.map((input, i) => {
        const raw: unknown = parsed.args[i];
        const shown = typeof raw === "bigint" ? raw.toString(10) : String(raw);
        return input.name ? `${input.name}=${shown}` : shown;
      });
      return `${key}.${parsed.name}(${args.join(", ")})${value}`;
    }
  }
  const where = key ?? call.target;
  const selector = call.calldata.length >= 10 ? call.calldata.slice(0, 10) : call.calldata;
  return `${where}.${selector}(…${Math.max(0, (call.calldata.length - 10) / 2)} bytes)${value}`;
}

/// The calls of a proposal record, for people.
export function describeCalls(
  context: CallContext,
  record: { targets: string[]; values: bigint[]; calldatas: string[] },
): string[] {
  return record.targets.map((target, i) =>
    describeCall(context, { target, value: record.values[i], calldata: record.calldatas[i] }),
  );
}

/// A target of a call file: a suite contract key (`gopen`), its contract name (`StakedOpen`), a future id
/// (`OpenLedger#StakedOpen`), or an address.
export function resolveTarget(context: CallContext, target: string): { address: string; key: ContractKey | undefined } {
  const text = target.trim();
  const lowered = text.toLowerCase();
  if (isAddress(text)) {
    const address = getAddress(text);
    return { address, key: suiteKeyOf(context, address) };
  }
  for (const key of CONTRACT_KEYS) {
    if (key.toLowerCase() === lowered || SUITE[key].toLowerCase() === lowered) {
      const address = context.addresses[key];
      if (address !== undefined) return { address, key };
    }
  }
  const future = context.futures?.[text];
  if (future !== undefined) return { address: getAddress(future), key: suiteKeyOf(context, future) };
  throw new OpenLedgerError(`unknown target "${target}": use an address or one of ${CONTRACT_KEYS.join(", ")}`);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function parseValue(raw: unknown, where: string): bigint {
  if (raw === undefined || raw === null) return 0n;
  if (typeof raw === "bigint") return raw;
  if ((typeof raw === "number" && Number.isSafeInteger(raw) && raw >= 0) || typeof raw === "string") {
    try {
      const value = BigInt(raw);
      if (value >= 0n) return value;
    } catch {
      // reported below
    }
  }
  throw new OpenLedgerError(
    `${where}: "value" must be a non-negative integer amount of wei, got ${JSON.stringify(raw)}`,
  );
}

/// The function fragment of a call-file entry: `signature` ("setCooldown(uint256)", "function …", or just the
/// name when the target is a suite contract) or `abi` (a fragment, as JSON or human-readable text).
function entryFragment(entry: Record<string, unknown>, key: ContractKey | undefined, where: string): FunctionFragment {
  const { signature, abi } = entry;
  try {
    if (typeof signature === "string" && signature.trim() !== "") {
      const text = signature.trim();
      if (!text.includes("(")) {
        if (key === undefined) {
          throw new OpenLedgerError(
            `${where}: a bare function name needs a suite contract as target; give the signature`,
          );
        }
        const fragment = suiteInterface(key).getFunction(text);
        if (fragment === null) throw new OpenLedgerError(`${where}: ${key} has no function "${text}"`);
        return fragment;
      }
      return FunctionFragment.from(text.startsWith("function ") ? text : `function ${text}`);
    }
    if (abi !== undefined) {
      const fragment = new Interface([abi as string]).fragments.find(
        (f): f is FunctionFragment => f instanceof FunctionFragment,
      );
      if (fragment === undefined) throw new OpenLedgerError(`${where}: "abi" holds no function fragment`);
      return fragment;
    }
  } catch (err: unknown) {
    if (err instanceof OpenLedgerError) throw err;
    throw new OpenLedgerError(
      `${where}: cannot read the function: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  throw new OpenLedgerError(`${where}: give "data", or "signature"/"abi" with "args"`);
}

/// Builds the calls of a parsed call file (named `source` in errors): a JSON array of
/// `{target, value?, signature|abi, args}` or `{target, value?, data}`.
export function callsFromJson(context: CallContext, parsed: unknown, source: string): ProposalCall[] {
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new OpenLedgerError(`${source} must hold a non-empty JSON array of calls`);
  }
  return parsed.map((entry: unknown, i): ProposalCall => {
    const where = `${source} call #${i}`;
    if (!isRecord(entry)) throw new OpenLedgerError(`${where} is not an object`);
    if (typeof entry.target !== "string") throw new OpenLedgerError(`${where}: "target" is missing`);
    const { address, key } = resolveTarget(context, entry.target);
    const value = parseValue(entry.value, where);
    if (entry.data !== undefined) {
      if (typeof entry.data !== "string" || !isHexString(entry.data)) {
        throw new OpenLedgerError(`${where}: "data" must be 0x-prefixed hex`);
      }
      return { target: address, value, calldata: entry.data };
    }
    const fragment = entryFragment(entry, key, where);
    const args = entry.args ?? [];
    if (!Array.isArray(args)) throw new OpenLedgerError(`${where}: "args" must be an array`);
    try {
      return { target: address, value, calldata: new Interface([fragment]).encodeFunctionData(fragment, args) };
    } catch (err: unknown) {
      const reason = err instanceof Error ? (err.message.split(" (")[0] ?? err.message) : String(err);
      throw new OpenLedgerError(`${where}: cannot encode ${fragment.format("sighash")}: ${reason}`);
    }
  });
}
