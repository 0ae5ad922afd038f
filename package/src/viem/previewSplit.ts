/// previewSplit: how a fee paid for a model would be split now, by the contract's own rule (`Settlement.previewSplit`).
import { readContract } from "viem/actions";
import type { Client, ContractFunctionReturnType } from "viem";
import { settlementAbi } from "../generated/abis.js";
import { addressOf } from "./contracts.js";
import type { AddressesOf } from "./contracts.js";

export interface PreviewSplitParameters {
  /// The suite's addresses (only `settlement` is read).
  addresses: AddressesOf<"settlement">;
  modelId: bigint;
  /// The fee to split, in OPEN wei (e.g. a `quote`).
  fee: bigint;
}

/// `{ fee, protocol, stakers, models: [{ id, amount }], datanets: [{ id, modelId, version, amount }] }`, as the ABI
/// types it: the treasury's and the stakers' shares, the model's revenue then each ancestor's royalty, each training
/// datanet's credit with the model of its lineage level and the datanet version that model trains on. The same shape
/// as the ethers client's `SplitPreview`.
export type PreviewSplitReturnType = ContractFunctionReturnType<typeof settlementAbi, "view", "previewSplit">;

/// How `fee` paid for `modelId` would be split now; the parts add up to `fee` exactly.
export async function previewSplit(client: Client, params: PreviewSplitParameters): Promise<PreviewSplitReturnType> {
  return readContract(client, {
    address: addressOf(params.addresses, "settlement"),
    abi: settlementAbi,
    functionName: "previewSplit",
    args: [params.modelId, params.fee],
  });
}
