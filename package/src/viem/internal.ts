/// What the viem actions share: the account that sends, the missing allowance that a preflight may tolerate, and the
/// wait for a receipt that says whether a failed transaction ran out of gas.
import { waitForTransactionReceipt } from "viem/actions";
import type { Account, Address, Client, Hash, TransactionReceipt } from "viem";
import { OpenLedgerError, ranOutOfGas } from "../errors/base.js";
import { findRevertData } from "./decodeError.js";

/// The account that sends: the action's own, else the client's. A one-line OpenLedgerError when there is none.
export function accountOf(client: Client, account: Account | Address | undefined, action: string): Account | Address {
  const found = account ?? client.account;
  if (found === undefined) {
    throw new OpenLedgerError(`${action} sends a transaction: give the client an account, or pass one`);
  }
  return found;
}

/// The address of an account.
export function addressOfAccount(account: Account | Address): Address {
  return typeof account === "string" ? account : account.address;
}

/// `ERC20InsufficientAllowance(address,uint256,uint256)`.
const INSUFFICIENT_ALLOWANCE = "0xfb8f41b2";

/// True when `err` is a revert for the allowance that is still missing, and for nothing else.
export function isMissingAllowance(err: unknown): boolean {
  return findRevertData(err)?.toLowerCase().startsWith(INSUFFICIENT_ALLOWANCE) === true;
}

/// Waits for the receipt of `hash`, sent with `gas`. A failed transaction throws a one-line OpenLedgerError that
/// says whether it ran out of gas.
export async function confirm(client: Client, hash: Hash, gas: bigint): Promise<TransactionReceipt> {
  const receipt = await waitForTransactionReceipt(client, { hash });
  if (receipt.status === "success") return receipt;
  if (ranOutOfGas(receipt.gasUsed, gas)) {
    throw new OpenLedgerError(
      `transaction ${hash} ran out of gas: used ${receipt.gasUsed.toString()} of limit ${gas.toString()}`,
    );
  }
  throw new OpenLedgerError(
    `transaction ${hash} reverted (no revert data in the receipt; re-run it as a call to see why)`,
  );
}
