/// The deploy script's checks of the module parameters, kept apart from the network so that they can be tested alone:
/// `${NAME}` placeholders are filled in from the environment, and on a live network the guardian must be named and
/// must not be the deployer. Every refusal is one line, raised before anything is sent.
import { readFileSync } from "node:fs";
import { ZeroAddress, getAddress, isAddress } from "ethers";
import { OpenLedgerError } from "../../tasks/lib/index.js";

/// The networks whose chains live only on this machine: the in-process network (always) and these two nodes.
export const LOCAL_NETWORKS: ReadonlySet<string> = new Set(["localhost", "anvil"]);

/// Whether a deployment to `networkName` is to a live network: anything but the in-process network, localhost and
/// anvil (a testnet rehearsed on a local node counts as live: it uses the testnet's parameters).
export function isLiveNetwork(networkName: string, inProcess: boolean): boolean {
  return !inProcess && !LOCAL_NETWORKS.has(networkName);
}

/// The `OpenLedger` module parameters of the Ignition parameter file `file` (named `shown` in errors), as an object
/// (checked to be one). The deploy script and the test fixtures read deploy/parameters/*.json through it.
export function readModuleParameters(file: string, shown: string = file): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot read ${shown}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const moduleParameters =
    typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>).OpenLedger : undefined;
  if (typeof moduleParameters !== "object" || moduleParameters === null || Array.isArray(moduleParameters)) {
    throw new OpenLedgerError(`${shown} has no "OpenLedger" object of module parameters`);
  }
  return moduleParameters as Record<string, unknown>;
}

const PLACEHOLDER = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/// The parameters with every string value of the form `${NAME}` replaced by the environment variable NAME. An unset
/// or empty variable is an error naming it and the parameter that needs it.
export function resolvePlaceholders(
  parameters: Readonly<Record<string, unknown>>,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, unknown> {
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parameters)) {
    const name = typeof value === "string" ? PLACEHOLDER.exec(value)?.[1] : undefined;
    if (name === undefined) {
      resolved[key] = value;
      continue;
    }
    const fromEnv = env[name]?.trim();
    if (fromEnv === undefined || fromEnv === "") {
      const what = key === "guardian" ? "the guardian's address (a multisig, not the deployer)" : `the "${key}" value`;
      throw new OpenLedgerError(`${name} is not set: ${file} takes "${key}" from it; set ${name} to ${what}`);
    }
    if (key === "guardian" && !isAddress(fromEnv)) {
      throw new OpenLedgerError(`${name} is not an address: "${fromEnv}" (${file} takes "guardian" from it)`);
    }
    resolved[key] = fromEnv;
  }
  return resolved;
}

/// The guardian the deployment will have: the `guardian` parameter, else the deployer (which the module defaults to).
/// On a live network a missing (or zero) guardian and a guardian equal to the deployer are refused.
export function checkGuardian(
  parameters: Readonly<Record<string, unknown>>,
  options: { file: string; deployer: string; live: boolean },
): string {
  const { file, deployer, live } = options;
  const given = parameters.guardian;
  if (given !== undefined && (typeof given !== "string" || !isAddress(given))) {
    throw new OpenLedgerError(`"guardian" in ${file} is not an address: ${JSON.stringify(given)}`);
  }
  const guardian = given === undefined ? undefined : getAddress(given);
  if (!live) return guardian ?? getAddress(deployer);
  if (guardian === undefined || guardian === ZeroAddress) {
    throw new OpenLedgerError(
      `${file} names no guardian: a live network needs one that is not the deployer ` +
        `(e.g. "guardian": "\${OPENLEDGER_GUARDIAN}" and OPENLEDGER_GUARDIAN set to a multisig)`,
    );
  }
  if (guardian === getAddress(deployer)) {
    throw new OpenLedgerError(
      `the guardian ${guardian} is the deployer: on a live network the guardian must be another account (a multisig); ` +
        `change "guardian" in ${file} (or the variable it names)`,
    );
  }
  return guardian;
}
