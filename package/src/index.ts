/// @openledger/contracts: the typed client of the OpenLedger suite.
///
/// ```ts
/// import { connect, decodeError } from "@openledger/contracts";
/// const client = await connect(signer, 11155111);        // or connect(signer, addresses)
/// const fee = await client.quote(modelId, 1n);
/// await waitForReceipt(client.open.approve(client.addresses.settlement, fee));
/// await waitForReceipt(client.settlement.settle(modelId, 1n, fee, inferenceId, attributionHash));
/// ```
///
/// Every transaction of a client is estimated and sent with a margin over the estimate (`GAS_MARGIN`, gas.ts): the
/// signer given to `connect` is wrapped by `withGasMargin`. Wrap any other signer you send the suite's transactions
/// with the same way; `waitForReceipt` makes a failure that ran out of gas say so through `decodeError`.
///
/// Subpaths: `@openledger/contracts/typechain` (every binding and factory), `@openledger/contracts/abis` (each ABI as
/// an `as const` array, and `abis/<Contract>.json`), `@openledger/contracts/deployments` (addresses per chain id),
/// `@openledger/contracts/node` (the attribution files on disk, Node only),
/// `@openledger/contracts/viem` (the suite on a viem client: typed contracts, `quote`, `previewSplit`, `settle` and
/// `decodeError`, without ethers).
export { attach, connect, decodeError, FACTORIES, suiteErrors } from "./client.js";
export type { Client, Credit, DatanetCredit, SplitPreview, SuiteContracts } from "./client.js";
export {
  CONTRACT_KEYS,
  CONTRACT_NAMES,
  CONTRACTS,
  futureId,
  IGNITION_MODULE,
  keyOfName,
  MANAGED_KEYS,
  SUITE,
} from "./contracts.js";
export type { ContractKey, ContractName, ManagedKey } from "./contracts.js";
export {
  addressesFor,
  addressesFromIgnition,
  deployments,
  knownChainIds,
  LOCAL_CHAIN_IDS,
  parseAddresses,
} from "./deployments.js";
export type { Addresses } from "./deployments.js";
export {
  decodeRevertData,
  describeError,
  findRevertData,
  gasLimitOf,
  OpenLedgerError,
  PANIC_CODES,
  ranOutOfGas,
} from "./errors/index.js";
export type { DecodeOptions, ErrorSource } from "./errors/index.js";
export { GAS_MARGIN, GasMarginSigner, gasLimitFor, isSigner, waitForReceipt, withGasMargin } from "./gas.js";

/// The ethers v6 that the client is built on, so that a dApp's providers and signers are the very classes the
/// client's types expect: `new ethers.JsonRpcProvider(url)`, `new ethers.Wallet(key, provider)`.
export * as ethers from "ethers";
/// Proof of Attribution off-chain, pure: allocations, policies, the inference log and attribution hash, trees, tree
/// files, proofs and checks. Reading and writing the files is `@openledger/contracts/node`.
export * from "./attribution/index.js";
export * from "./actions/index.js";
export * from "./format/index.js";
// Governance and datanets without the chain: proposal states, calls and parameters, ballots; record trees.
export * from "./governance/index.js";
export * from "./datanets/index.js";
// The ERC-8004 registration file of an agent.
export * from "./agents/index.js";
export * from "./parse/index.js";
