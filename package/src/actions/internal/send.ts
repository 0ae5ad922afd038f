/// The steps that every write action shares: the static call before anything is sent, an approval only when it is
/// needed, the send (with the client's gas margin) and the decoding of the event that says what happened.
import type { ContractTransactionReceipt, ContractTransactionResponse, Interface, ParamType } from "ethers";
import type { Client } from "../../client.js";
import { findRevertData, OpenLedgerError } from "../../errors/index.js";
import { formatOpen } from "../../format/index.js";
import { waitForReceipt } from "../../gas.js";
import type { ActionOptions } from "../types.js";

/// Runs the static call of a transaction about to be sent, so that nothing (not even an approval) is sent when it
/// would revert. Its revert is rethrown as it is (decodeError gives the one line), unless it is only the allowance
/// that is still missing and `allowanceToCome` says an approval will be sent first.
export async function preflight(client: Client, call: () => Promise<unknown>, allowanceToCome = false): Promise<void> {
  try {
    await call();
  } catch (err: unknown) {
    if (allowanceToCome) {
      const selector = client.open.interface.getError("ERC20InsufficientAllowance")?.selector;
      const data = findRevertData(err);
      if (selector !== undefined && data !== undefined && data.startsWith(selector)) return;
    }
    throw err;
  }
}

/// Throws a one-line OpenLedgerError unless `owner` holds `amount` OPEN.
export async function requireOpenBalance(client: Client, owner: string, amount: bigint, what: string): Promise<void> {
  const balance = await client.open.balanceOf(owner);
  if (balance < amount) {
    throw new OpenLedgerError(`${owner} holds ${formatOpen(balance)}, less than the ${formatOpen(amount)} ${what}`);
  }
}

/// Approves exactly `amount` of OPEN to `spender` when `owner`'s allowance is lower; the hash of the approval, or
/// undefined when none was needed. Call it only after the preflight passed.
export async function ensureAllowance(
  client: Client,
  owner: string,
  spender: string,
  amount: bigint,
  options: ActionOptions = {},
): Promise<string | undefined> {
  if (amount === 0n) return undefined;
  if ((await client.open.allowance(owner, spender)) >= amount) return undefined;
  options.onProgress?.({ message: `approving ${formatOpen(amount)} to ${spender}` });
  return (await waitForReceipt(client.open.approve(spender, amount))).hash;
}

/// Sends, waits for the receipt (a failure says whether it ran out of gas) and reports progress.
export async function sendAndWait(
  sent: Promise<ContractTransactionResponse>,
  message: string,
  options: ActionOptions = {},
): Promise<ContractTransactionReceipt> {
  options.onProgress?.({ message });
  return waitForReceipt(sent);
}

/// A contract whose events can be read from a receipt: a typechain contract.
export interface EventSource {
  interface: Interface;
  target: unknown;
}

/// A decoded value of `param` as plain data: an array stays an array (ethers' `Result.toObject` would turn an array
/// of unnamed values into `{ _: value }`, keeping one), a struct becomes an object of its fields.
function plainValue(param: ParamType, value: unknown): unknown {
  if (param.isArray()) return (value as unknown[]).map((item) => plainValue(param.arrayChildren, item));
  if (param.isTuple()) {
    const fields = value as unknown[];
    return Object.fromEntries(param.components.map((c, i) => [c.name, plainValue(c, fields[i])]));
  }
  return value;
}

/// The arguments of every `name` event that `contract` emitted in `receipt`, typed by the caller from typechain's
/// `<Event>Event.OutputObject`.
export function eventsIn<T>(receipt: ContractTransactionReceipt, contract: EventSource, name: string): T[] {
  const address = String(contract.target).toLowerCase();
  const out: T[] = [];
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = contract.interface.parseLog(log);
    if (parsed === null || parsed.name !== name) continue;
    const args = parsed.fragment.inputs.map((param, i) => [param.name, plainValue(param, parsed.args[i])]);
    out.push(Object.fromEntries(args) as T);
  }
  return out;
}

/// The first `name` event of `contract` in `receipt`; a one-line OpenLedgerError if there is none.
export function eventIn<T>(receipt: ContractTransactionReceipt, contract: EventSource, name: string): T {
  const [first] = eventsIn<T>(receipt, contract, name);
  if (first === undefined) throw new OpenLedgerError(`transaction ${receipt.hash} emitted no ${name} event`);
  return first;
}
