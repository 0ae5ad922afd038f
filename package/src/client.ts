/// The typed client of the suite: every contract as its typechain binding, connected to one runner, plus the reads a
/// dApp needs most (`quote`, `previewSplit`) and one-line error decoding against the ABIs bundled with the package.
import type { Interface } from "ethers";
import type { BigNumberish, ContractRunner, Provider } from "ethers";
import { CONTRACT_KEYS, FACTORIES, SUITE } from "./contracts.js";
import type { SuiteContracts } from "./contracts.js";
import { addressesFor, parseAddresses } from "./deployments.js";
import type { Addresses, ContractKey } from "./deployments.js";
import { describeError, errorsOf, OpenLedgerError } from "./errors/index.js";
import { isSigner, withGasMargin } from "./gas.js";
import { previewSplit } from "./actions/settlement/previewSplit.js";
import { quote } from "./actions/settlement/quote.js";

export { FACTORIES };
export type { SuiteContracts };

/// One credit of a split: a model or a datanet id, and its amount.
export interface Credit {
  id: bigint;
  amount: bigint;
}

/// One datanet credit of a split: the datanet, the model of the lineage level that credits it, the datanet version
/// that model trains on (its training set in force), and the amount.
export interface DatanetCredit extends Credit {
  modelId: bigint;
  version: bigint;
}

/// How a fee would be split now, as the contract computes it (`Settlement.previewSplit`).
export interface SplitPreview {
  fee: bigint;
  /// The treasury's share.
  protocol: bigint;
  /// The stakers' share.
  stakers: bigint;
  /// The model's revenue, then each ancestor's lineage royalty.
  models: Credit[];
  /// Each training datanet's credit, to be claimed by its contributors: one per lineage level that trains on it.
  datanets: DatanetCredit[];
}

/// The suite, connected.
export interface Client extends SuiteContracts {
  readonly addresses: Addresses;
  /// What the contracts are connected to: the signer given, wrapped by `withGasMargin` (so that every transaction is
  /// sent with a margin over its estimate), or the provider given.
  readonly runner: ContractRunner;
  /// The chain the runner's provider is on; undefined for a client made by `attach` without a network check.
  readonly chainId: bigint | undefined;
  /// The fee of `units` inferences of `modelId` now (`ModelRegistry.quote`). Reverts if the model cannot be settled.
  quote(modelId: BigNumberish, units: BigNumberish): Promise<bigint>;
  /// How `fee` paid for `modelId` would be split now (`Settlement.previewSplit`): the contract's own rule.
  previewSplit(modelId: BigNumberish, fee: BigNumberish): Promise<SplitPreview>;
}

/// The suite at `addresses`, connected to `runner`, without any check or request: for when the addresses are
/// known to be right (or the runner has no provider). A signer is wrapped by `withGasMargin`: each transaction is
/// estimated and sent with the margin of `GAS_MARGIN` (gas.ts), never with the exact estimate.
export function attach(runner: ContractRunner, addresses: Addresses, chainId?: bigint): Client {
  const connected: ContractRunner = isSigner(runner) ? withGasMargin(runner) : runner;
  const checked = parseAddresses(addresses);
  const contracts: Partial<Record<ContractKey, unknown>> = {};
  for (const key of CONTRACT_KEYS) contracts[key] = FACTORIES[key].connect(checked[key], connected);
  const suite = contracts as SuiteContracts;
  return {
    ...suite,
    addresses: checked,
    runner: connected,
    chainId,
    quote: (modelId, units) => quote(suite, { modelId: BigInt(modelId), units: BigInt(units) }),
    previewSplit: (modelId, fee) => previewSplit(suite, { modelId: BigInt(modelId), fee: BigInt(fee) }),
  };
}

/// The suite on a chain, connected to `runner` (a signer to send transactions, a provider to read).
///
/// Give a chain id to use the deployment shipped with the package, or the addresses of any deployment. Before
/// anything is sent it rejects, with a one-line OpenLedgerError: a chain id the package has no deployment for, a
/// runner on another chain than the one asked for, and (when the runner has a provider) any address without code.
export async function connect(
  runner: ContractRunner,
  chainIdOrAddresses: number | bigint | Addresses,
): Promise<Client> {
  const byChainId = typeof chainIdOrAddresses === "number" || typeof chainIdOrAddresses === "bigint";
  const addresses = byChainId ? addressesFor(chainIdOrAddresses) : parseAddresses(chainIdOrAddresses);
  const provider: Provider | null = runner.provider;
  if (provider === null) return attach(runner, addresses, byChainId ? BigInt(chainIdOrAddresses) : undefined);

  const { chainId } = await provider.getNetwork();
  if (byChainId && chainId !== BigInt(chainIdOrAddresses)) {
    throw new OpenLedgerError(
      `the runner is on chain ${chainId.toString()}, not on chain ${String(chainIdOrAddresses)} asked for`,
    );
  }
  const codes = await Promise.all(CONTRACT_KEYS.map((key) => provider.getCode(addresses[key])));
  const empty = CONTRACT_KEYS.filter((_, i) => codes[i] === "0x");
  if (empty.length > 0) {
    const [first] = empty;
    const more = empty.length > 1 ? ` and ${empty.length - 1} more` : "";
    throw new OpenLedgerError(
      `no contract code at ${addresses[first]} (${SUITE[first]})${more} on chain ${chainId.toString()}: ` +
        "wrong chain or addresses, or the node was reset since the deployment",
    );
  }
  return attach(runner, addresses, chainId);
}

// -------------------------------------------------------------------------------------------------
// Errors
// -------------------------------------------------------------------------------------------------

let bundled: Interface | undefined;

/// Every error of the suite's contracts (their own, and those of their OpenZeppelin bases), from the ABIs bundled
/// with the package.
export function suiteErrors(): Interface {
  bundled ??= errorsOf(CONTRACT_KEYS.map((key) => FACTORIES[key].abi));
  return bundled;
}

/// One line for anything thrown while using the suite: a custom error of any of its contracts with its arguments
/// (`FeeAboveCap(fee=20000000000000000, cap=1)`, `ERC20InsufficientAllowance(…)`), a Panic, an Error(string), a
/// node that cannot be reached, or the client's own OpenLedgerError.
export function decodeError(err: unknown): string {
  return describeError(err, suiteErrors, {
    unknownHint: "; not an error of the OpenLedger contracts",
    isExpected: (e) => e instanceof OpenLedgerError,
  });
}
