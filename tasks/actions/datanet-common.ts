/// What the datanet and model tasks share: reading their options, choosing the signer, sending a transaction and
/// reading its events, approving OPEN. Every bad input is a one-line ToolError naming the option.
import { getAddress, isAddress, isHexString, parseUnits, ZeroHash } from "ethers";
import type { ContractTransactionReceipt, ContractTransactionResponse, Interface } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ToolError } from "../lib/index.js";
import type { Suite } from "../lib/index.js";

/// The names of `IDatanetRegistry.Status`, by value.
export const STATUS_NAMES = ["None", "Pending", "Accepted", "Rejected"] as const;

/// The names of `IModelRegistry.ModelStatus`, by value.
export const MODEL_STATUS_NAMES = ["None", "Active", "Deprecated"] as const;

/// The name of a status value, or its number if unknown.
export function statusName(names: readonly string[], value: bigint): string {
  return names[Number(value)] ?? value.toString(10);
}

/// The signer at `index` of the connected network's accounts.
export async function signerAt(suite: Suite, index: number): Promise<HardhatEthersSigner> {
  const signers = await suite.connection.ethers.getSigners();
  if (!Number.isInteger(index) || index < 0 || index >= signers.length) {
    throw new ToolError(
      `--from ${String(index)}: the network "${suite.connection.networkName}" has ${signers.length} account(s)` +
        (signers.length > 0 ? ` (0 to ${signers.length - 1})` : ""),
    );
  }
  return signers[index];
}

/// The value of a required option, trimmed.
export function required(option: string, value: string | undefined): string {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") throw new ToolError(`--${option} is required`);
  return trimmed;
}

/// A positive integer id (`--datanet 3`, `--model 1`).
export function parseId(option: string, value: string | undefined): bigint {
  const text = required(option, value);
  if (!/^[0-9]+$/.test(text) || BigInt(text) === 0n) {
    throw new ToolError(`--${option} must be a positive integer id, not "${text}"`);
  }
  return BigInt(text);
}

/// A non-negative integer given as text (a card field, a JSON entry); `what` names it in the message.
export function parseUint(what: string, value: unknown): bigint {
  if (typeof value === "bigint" && value >= 0n) return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === "string" && /^[0-9]+$/.test(value.trim())) return BigInt(value.trim());
  throw new ToolError(`${what} must be a non-negative integer, not ${JSON.stringify(value) ?? String(value)}`);
}

/// An amount of OPEN in tokens ("10", "0.5", "1_000"), as wei.
export function parseOpen(what: string, value: unknown): bigint {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  const clean = text.replaceAll("_", "").replaceAll(",", "");
  if (!/^[0-9]+(\.[0-9]+)?$/.test(clean)) {
    throw new ToolError(`${what} must be an amount of OPEN such as 10 or 0.5, not ${JSON.stringify(value)}`);
  }
  try {
    return parseUnits(clean, 18);
  } catch {
    throw new ToolError(`${what}: OPEN has 18 decimals, "${text}" has more`);
  }
}

/// A checksummed address.
export function parseAddress(what: string, value: string | undefined): string {
  const text = value?.trim() ?? "";
  if (!isAddress(text)) throw new ToolError(`${what} must be an address, not "${text}"`);
  return getAddress(text);
}

/// A 32-byte hash, lower case.
export function parseHash(what: string, value: unknown): string {
  if (typeof value !== "string" || !isHexString(value.trim(), 32)) {
    throw new ToolError(`${what} must be a 32-byte hex hash (0x + 64 hex digits), not ${JSON.stringify(value)}`);
  }
  const hash = value.trim().toLowerCase();
  if (hash === ZeroHash) throw new ToolError(`${what} is the zero hash`);
  return hash;
}

/// A comma-separated list of 32-byte hashes (`--accept 0xab…,0xcd…`); empty for an absent option.
export function parseHashList(option: string, value: string | undefined): string[] {
  if (value === undefined || value.trim() === "") return [];
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => parseHash(`--${option}`, s));
}

/// Waits for a sent transaction and returns its receipt.
export async function mined(sent: Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt> {
  const tx = await sent;
  const receipt = await tx.wait();
  if (receipt === null) throw new ToolError(`transaction ${tx.hash} was not mined`);
  return receipt;
}

/// The arguments of every `name` event that `contract` emitted in `receipt`, typed by the caller from typechain's
/// `<Event>Event.OutputObject`.
export function eventsIn<T>(
  receipt: ContractTransactionReceipt,
  contract: { interface: Interface; target: unknown },
  name: string,
): T[] {
  const address = String(contract.target).toLowerCase();
  const out: T[] = [];
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = contract.interface.parseLog(log);
    if (parsed !== null && parsed.name === name) out.push(parsed.args.toObject(true) as T);
  }
  return out;
}

/// The one `name` event of `receipt`; a ToolError if there is none.
export function eventIn<T>(
  receipt: ContractTransactionReceipt,
  contract: { interface: Interface; target: unknown },
  name: string,
): T {
  const [first] = eventsIn<T>(receipt, contract, name);
  if (first === undefined) throw new ToolError(`transaction ${receipt.hash} emitted no ${name} event`);
  return first;
}

/// Makes sure `spender` may take `amount` OPEN from `owner`: approves exactly `amount` when the allowance is lower.
/// Returns the approval's transaction hash, or undefined when none was needed.
export async function ensureAllowance(
  suite: Suite,
  owner: HardhatEthersSigner,
  spender: string,
  amount: bigint,
): Promise<string | undefined> {
  if (amount === 0n) return undefined;
  const allowance = await suite.open.allowance(owner.address, spender);
  if (allowance >= amount) return undefined;
  const receipt = await mined(suite.open.connect(owner).approve(spender, amount));
  return receipt.hash;
}

/// The first block to search for events: `--from-block`, else 0.
export function fromBlock(value: number | undefined): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0) throw new ToolError(`--from-block must be a block number, not ${value}`);
  return value;
}
