/// @openledger/contracts/viem: the suite on a viem client. It imports viem and the `as const` ABIs only (no ethers,
/// no typechain), so a dApp on viem or wagmi gets typed contracts, the actions and one-line errors.
///
/// ```ts
/// import { decodeError, getSuiteContracts, previewSplit, quote, settle } from "@openledger/contracts/viem";
/// const contracts = getSuiteContracts({ client, addresses });      // typed getContract instances, by key
/// const fee = await quote(client, { addresses, modelId: 1n, units: 2n });
/// const { event } = await settle(client, { addresses, modelId: 1n, units: 2n, inferenceId, attributionHash });
/// ```
///
/// Every action takes the client first (`settle(client, { … })`), as viem's own actions do. `settle` checks the
/// payer's balance and simulates the settlement before it sends anything, approves exactly the cap only when the
/// allowance is short, sends each transaction with the gas margin and returns the decoded InferenceSettled event.
export { addressOf, getSuiteContracts, parseSuiteAddresses, suiteAbis } from "./contracts.js";
export type {
  AddressesOf,
  GetSuiteContractsParameters,
  SuiteAddresses,
  SuiteClient,
  SuiteContracts,
  SuiteKey,
} from "./contracts.js";
export {
  decodeError,
  decodeRevertData,
  findRevertData,
  formatAbiValue,
  formatDecodedError,
  suiteErrorAbi,
} from "./decodeError.js";
export type { SuiteErrorItem } from "./decodeError.js";
export { parameterProposal } from "./parameterProposal.js";
export type { ParameterProposalParameters, ParameterProposalReturnType } from "./parameterProposal.js";
export { previewSplit } from "./previewSplit.js";
export type { PreviewSplitParameters, PreviewSplitReturnType } from "./previewSplit.js";
export { quote } from "./quote.js";
export type { QuoteParameters, QuoteReturnType } from "./quote.js";
export { settle } from "./settle.js";
export type { InferenceSettledArgs, SettleParameters, SettleReturnType } from "./settle.js";
export { OpenLedgerError } from "../errors/base.js";
export { PARAMETERS, formatParamValue, parameterDefinition, parseParamValue } from "../governance/parameters.js";
export type { ParamUnit, ParameterDefinition } from "../governance/parameters.js";
export { GAS_MARGIN, gasLimitFor } from "../gas-limit.js";
export { abis, openTokenAbi, settlementAbi } from "../generated/abis.js";
