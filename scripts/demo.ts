/// `npm run demo`: the whole economy on the in-process network, with a report that adds up to the unit.
///
///   npx hardhat run scripts/demo.ts [--network <name>]
///
/// On another network it runs on the suite deployed there (see `npm run deploy`); the chain's clock must be movable
/// (anvil, a Hardhat node). When $OPENLEDGER_SUMMARY_FILE names a file, the run's JSON summary is written there:
/// `npm run e2e` compares the summaries of two nodes. The records, models, indexes, outputs, inference log and tree
/// files go to demo-output/, or to the folder $OPENLEDGER_DEMO_OUT names.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import hre from "hardhat";
import { getSuite, reportErrors, toJson } from "../tasks/lib/index.js";
import { runEconomy } from "./lib/economy.js";

async function main(): Promise<void> {
  const suite = await getSuite(hre);
  const out = process.env.OPENLEDGER_DEMO_OUT?.trim() || "demo-output";
  const summary = await runEconomy(suite, (text = "") => console.log(text), out);
  const file = process.env.OPENLEDGER_SUMMARY_FILE?.trim();
  if (file) {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, `${toJson(summary)}\n`);
  }
  console.log("\nDone.");
}

await reportErrors(main);
