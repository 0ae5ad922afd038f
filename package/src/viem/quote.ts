/// quote: the fee of `units` inferences of a model now (`ModelRegistry.quote`).
import { readContract } from "viem/actions";
import type { Client } from "viem";
import { modelRegistryAbi } from "../generated/abis.js";
import { addressOf } from "./contracts.js";
import type { AddressesOf } from "./contracts.js";

export interface QuoteParameters {
  /// The suite's addresses (only `models` is read).
  addresses: AddressesOf<"models">;
  modelId: bigint;
  /// How many inferences (default 1).
  units?: bigint;
}

/// The fee in OPEN wei.
export type QuoteReturnType = bigint;

/// The fee of `units` inferences of `modelId` now. Reverts (decodeError: `UnknownModel(modelId=7)`) when the model
/// cannot be settled.
export async function quote(client: Client, params: QuoteParameters): Promise<QuoteReturnType> {
  return readContract(client, {
    address: addressOf(params.addresses, "models"),
    abi: modelRegistryAbi,
    functionName: "quote",
    args: [params.modelId, params.units ?? 1n],
  });
}
