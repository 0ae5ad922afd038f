/// Runs the governance scenario (scripts/lib/governance-scenario.ts) on the suite deployed to `--network`:
///
///   npx hardhat run scripts/e2e-scenario.ts --network anvil
///
/// The deployment id follows the deploy script ($OPENLEDGER_DEPLOYMENT_ID, else `chain-<chainId>`). The summary is
/// printed as JSON or, when $OPENLEDGER_SUMMARY_FILE is set, written to that file (`npm run e2e` compares them).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import hre from "hardhat";
import { getSuite, reportErrors, toJson, useArtifacts } from "../tasks/lib/index.js";
import { runGovernanceScenario } from "./lib/governance-scenario.js";

/// Environment variable naming the file that receives the JSON summary.
export const SUMMARY_FILE_ENV = "OPENLEDGER_SUMMARY_FILE";

async function main(): Promise<void> {
  useArtifacts(hre.config.paths.artifacts);
  const suite = await getSuite(hre);
  const summary = await runGovernanceScenario(suite.connection, suite, (line) => process.stdout.write(`${line}\n`));
  const json = toJson(summary);
  const file = process.env[SUMMARY_FILE_ENV]?.trim();
  if (file) {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, `${json}\n`);
    process.stdout.write(`summary written to ${path.relative(hre.config.paths.root, path.resolve(file))}\n`);
  } else {
    process.stdout.write(`${json}\n`);
  }
}

await reportErrors(main);
