/// The cast of the economy run and what every step shares: the suite, the report's printer, and who is who.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { CONTRACT_KEYS } from "../../../package/src/contracts.js";
import { sendersOf } from "../../../tasks/lib/index.js";
import type { Sender, Suite } from "../../../tasks/lib/index.js";
import type { Engine } from "./engine.js";

export interface World {
  suite: Suite;
  /// Prints one line of the report.
  line: (text?: string) => void;
  /// Where the records, models, indexes, outputs, the inference log and the tree files go.
  out: string;
  /// Every account, each sending with a margin over its gas estimates (package/src/gas.ts).
  signers: Sender[];
  stakers: Sender[];
  medicalOwner: Sender;
  codeOwner: Sender;
  attestor: Sender;
  contributors: Sender[];
  /// Joins both datanets after their version 1: the base model never saw its data.
  late: Sender;
  baseBuilder: Sender;
  tuneBuilder: Sender;
  agent: Sender;
  /// The report's name of each account.
  names: Map<string, string>;
  /// The models' weights and indexes, and the inferences the engine attributed (./engine.ts).
  engine: Engine;
}

/// A section title of the report: `── Title ───…`.
export function section(w: World, title: string): void {
  w.line(`\n── ${title} ${"─".repeat(Math.max(0, 74 - title.length))}`);
}

/// The accounts of the run, named: stakers 1–3 (accounts 1–3), the datanet owners and the attestor (4–6),
/// contributors 1–5 (7–11), the two model builders and the AI agent (12–14), and contributor 6 (15), who joins the
/// datanets after their version 1.
export async function castActors(suite: Suite, line: (text?: string) => void, out: string): Promise<World> {
  mkdirSync(out, { recursive: true });
  // The records, models, indexes and outputs of this run only.
  for (const sub of ["records", "trees", "models", "indexes", "outputs"])
    rmSync(join(out, sub), { recursive: true, force: true });
  const signers = await sendersOf(suite.connection);
  const stakers = signers.slice(1, 4);
  const [medicalOwner, codeOwner, attestor] = signers.slice(4, 7);
  const contributors = signers.slice(7, 12);
  const [baseBuilder, tuneBuilder, agent, late] = signers.slice(12, 16);
  const names = new Map<string, string>();
  const name = (s: Sender, label: string): void => void names.set(s.address, label);
  stakers.forEach((s, i) => name(s, `staker ${i + 1}`));
  contributors.forEach((s, i) => name(s, `contributor ${i + 1}`));
  name(medicalOwner, "medical datanet owner");
  name(codeOwner, "code datanet owner");
  name(attestor, "attestor");
  name(baseBuilder, "base model builder");
  name(tuneBuilder, "fine-tune builder");
  name(agent, "AI agent (payer)");
  name(late, "contributor 6");
  const cast = { stakers, medicalOwner, codeOwner, attestor, contributors, late, baseBuilder, tuneBuilder, agent };
  return { suite, line, out, signers, names, engine: { byModel: new Map(), inferences: [] }, ...cast };
}

/// The report of the deployment: each contract's address.
export function reportDeployment(w: World): void {
  section(w, "Deployment (in-process network)");
  for (const key of CONTRACT_KEYS) w.line(`  ${key.padEnd(14)} ${w.suite.deployment.addresses[key]}`);
}
