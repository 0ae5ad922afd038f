/// The runtime code size of every contract of the suite (the SDK's table): the artifacts' deployedBytecode, checked
/// against the code deployed for this run.
import hre from "hardhat";
import { DEPLOYABLE_CONTRACTS } from "../../../bench/budgets.js";
import { CONTRACT_KEYS, CONTRACTS } from "../../../package/src/contracts.js";
import type { Bench } from "./context.js";
import { record } from "./record.js";

/// Records `size.<Contract>` of each; returns address → contract name, for the opcode breakdowns.
export async function measureSizes(b: Bench): Promise<Map<string, string>> {
  const deployed = new Map<string, string>();
  const contractNames = new Map<string, string>();
  for (const key of CONTRACT_KEYS) {
    const address = b.suite.addresses[key];
    deployed.set(CONTRACTS[key].name, address);
    contractNames.set(address.toLowerCase(), CONTRACTS[key].name);
  }
  for (const name of DEPLOYABLE_CONTRACTS) {
    const address = deployed.get(name);
    if (address === undefined) throw new Error(`${name} is not deployed by the deploy module`);
    const artifact = await hre.artifacts.readArtifact(name);
    const size = (artifact.deployedBytecode.length - 2) / 2;
    const onChain = (await b.connection.ethers.provider.getCode(address)).length / 2 - 1;
    if (onChain !== size) throw new Error(`${name}: artifact has ${size} bytes of runtime code, deployed ${onChain}`);
    record(`size.${name}`, size);
  }
  return contractNames;
}
