/// settle: pays for `units` inferences of a model, committing to their attribution hash, from a viem client. The fee
/// is taken by allowance, approving exactly the cap only when the allowance is short. The cap defaults to the quote,
/// so a price rise between the quote and the settlement reverts with FeeAboveCap.
import { isAddressEqual, parseEventLogs } from "viem";
import { estimateContractGas, readContract, simulateContract, writeContract } from "viem/actions";
import type { Account, Address, Client, Hash, Hex, ParseEventLogsReturnType, TransactionReceipt } from "viem";
import type { ActionOptions } from "../actions/types.js";
import { OpenLedgerError } from "../errors/base.js";
import { formatOpen } from "../format/index.js";
import { gasLimitFor } from "../gas-limit.js";
import { modelRegistryAbi, openTokenAbi, settlementAbi } from "../generated/abis.js";
import { addressOf } from "./contracts.js";
import type { AddressesOf } from "./contracts.js";
import { accountOf, addressOfAccount, confirm, isMissingAllowance } from "./internal.js";

export interface SettleParameters extends ActionOptions {
  /// The suite's addresses (`open` and `settlement` are used).
  addresses: AddressesOf<"open" | "models" | "settlement">;
  modelId: bigint;
  /// How many inferences (default 1).
  units?: bigint;
  /// The most OPEN wei to pay (default: the quote now).
  maxFee?: bigint;
  /// 32 bytes that name the inference; settled at most once.
  inferenceId: Hex;
  /// The attribution hash of the inference.
  attributionHash: Hex;
  /// The payer (default: the client's account).
  account?: Account | Address;
}

/// The arguments of an `InferenceSettled` event, typed from the ABI: `{ inferenceId, modelId, payer, fee,
/// attributionHash }`.
export type InferenceSettledArgs = ParseEventLogsReturnType<
  typeof settlementAbi,
  "InferenceSettled",
  true
>[number]["args"];

export interface SettleReturnType {
  /// The settlement's receipt (mined, status success).
  receipt: TransactionReceipt;
  /// Its InferenceSettled event, decoded.
  event: InferenceSettledArgs;
  /// The hash of the approval sent first, if the allowance was short.
  approval?: Hash;
  /// The cap the payment was sent with.
  maxFee: bigint;
  /// How the fee was taken.
  paidWith: "allowance" | "approval";
}

/// Settles one inference. Before anything is sent, it checks the payer's balance and simulates the settlement, so
/// that a payment that would revert sends nothing, not even an approval: the simulation may fail only for the
/// allowance that the approval then gives. Each transaction is sent with the gas margin (`gasLimitFor`).
export async function settle(client: Client, params: SettleParameters): Promise<SettleReturnType> {
  const account = accountOf(client, params.account, "settle");
  const payer = addressOfAccount(account);
  const open = addressOf(params.addresses, "open");
  const settlement = addressOf(params.addresses, "settlement");
  const { modelId, inferenceId, attributionHash } = params;
  const units = params.units ?? 1n;
  const chain = client.chain ?? null;

  const fee = await readContract(client, {
    address: addressOf(params.addresses, "models"),
    abi: modelRegistryAbi,
    functionName: "quote",
    args: [modelId, units],
  });
  const maxFee = params.maxFee ?? fee;
  // Below the quote, the simulation reports FeeAboveCap with both values.
  if (maxFee >= fee) {
    const balance = await readContract(client, {
      address: open,
      abi: openTokenAbi,
      functionName: "balanceOf",
      args: [payer],
    });
    if (balance < fee) {
      throw new OpenLedgerError(
        `${payer} holds ${formatOpen(balance)}, less than the ${formatOpen(fee)} fee of model ${modelId}`,
      );
    }
  }

  const call = {
    account,
    address: settlement,
    abi: settlementAbi,
    functionName: "settle",
    args: [modelId, units, maxFee, inferenceId, attributionHash],
  } as const;
  try {
    await simulateContract(client, call);
  } catch (err: unknown) {
    if (!isMissingAllowance(err)) throw err;
  }

  let approval: Hash | undefined;
  const allowance = await readContract(client, {
    address: open,
    abi: openTokenAbi,
    functionName: "allowance",
    args: [payer, settlement],
  });
  if (maxFee > 0n && allowance < maxFee) {
    params.onProgress?.({ message: `approving ${formatOpen(maxFee)} to ${settlement}` });
    const approve = {
      account,
      address: open,
      abi: openTokenAbi,
      functionName: "approve",
      args: [settlement, maxFee],
    } as const;
    const gas = gasLimitFor(await estimateContractGas(client, approve));
    approval = await writeContract(client, { ...approve, chain, gas });
    await confirm(client, approval, gas);
  }

  params.onProgress?.({ message: `settling inference ${inferenceId} of model ${modelId}` });
  const gas = gasLimitFor(await estimateContractGas(client, call));
  const receipt = await confirm(client, await writeContract(client, { ...call, chain, gas }), gas);
  const [event] = parseEventLogs({
    abi: settlementAbi,
    eventName: "InferenceSettled",
    logs: receipt.logs.filter((log) => isAddressEqual(log.address, settlement)),
  });
  if (event === undefined) {
    throw new OpenLedgerError(`transaction ${receipt.transactionHash} emitted no InferenceSettled event`);
  }
  return { receipt, event: event.args, approval, maxFee, paidWith: approval === undefined ? "allowance" : "approval" };
}
