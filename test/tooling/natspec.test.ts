import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";

/// Every interface under contracts/interfaces/ documents its whole surface, as the compiler reads it (the userdoc and
/// devdoc of the build info, which `npx hardhat build` writes): each function a @notice, a @param per parameter and a
/// @return per return value; each event and error with parameters a @param per parameter.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BUILD_INFO = path.join(ROOT, "artifacts", "build-info");
const INTERFACES = "project/contracts/interfaces/";
/// Interfaces whose @param and @return tags are still to be written: each one leaves this list when it is complete.
/// The check reports them by name rather than skipping them silently.
const PENDING = new Set<string>([]);

type AbiParam = { name: string; type: string; components?: AbiParam[] };
type AbiEntry = { type: string; name?: string; inputs?: AbiParam[]; outputs?: AbiParam[] };
type Doc = { notice?: string; details?: string; params?: Record<string, string>; returns?: Record<string, string> };
type ContractOutput = {
  abi: AbiEntry[];
  userdoc?: { methods?: Record<string, Doc>; events?: Record<string, Doc>; errors?: Record<string, Doc[]> };
  devdoc?: { methods?: Record<string, Doc>; events?: Record<string, Doc>; errors?: Record<string, Doc[]> };
};

const typeOf = (p: AbiParam): string =>
  p.type.startsWith("tuple") ? `(${(p.components ?? []).map(typeOf).join(",")})${p.type.slice(5)}` : p.type;
const signature = (e: AbiEntry): string => `${e.name}(${(e.inputs ?? []).map(typeOf).join(",")})`;

/// The interfaces of the newest build info that holds them, by name.
async function interfaces(): Promise<Map<string, ContractOutput>> {
  const found = new Map<string, ContractOutput>();
  const names = (await readdir(BUILD_INFO)).filter((f) => f.endsWith(".output.json"));
  const dated = await Promise.all(names.map(async (f) => ({ f, t: (await stat(path.join(BUILD_INFO, f))).mtimeMs })));
  // Oldest first, so that the newest build of an interface wins.
  const files = dated.sort((a, b) => a.t - b.t).map(({ f }) => f);
  for (const file of files) {
    const { output } = JSON.parse(await readFile(path.join(BUILD_INFO, file), "utf8")) as {
      output: { contracts?: Record<string, Record<string, ContractOutput>> };
    };
    for (const [source, contracts] of Object.entries(output.contracts ?? {})) {
      if (!source.startsWith(INTERFACES)) continue;
      for (const [name, contract] of Object.entries(contracts)) found.set(name, contract);
    }
  }
  return found;
}

/// What `contract` leaves undocumented, one line each.
function missing(name: string, contract: ContractOutput): string[] {
  const gaps: string[] = [];
  for (const entry of contract.abi) {
    const sig = signature(entry);
    const inputs = (entry.inputs ?? []).map((p) => p.name);
    if (entry.type === "function") {
      const user = contract.userdoc?.methods?.[sig];
      const dev = contract.devdoc?.methods?.[sig];
      if (user?.notice === undefined) gaps.push(`${name}.${sig}: no @notice`);
      for (const p of inputs) {
        if (p === "" || dev?.params?.[p] === undefined) gaps.push(`${name}.${sig}: no @param ${p || "(unnamed)"}`);
      }
      const outputs = entry.outputs ?? [];
      const returns = Object.keys(dev?.returns ?? {}).length;
      if (returns < outputs.length) gaps.push(`${name}.${sig}: ${returns} @return for ${outputs.length} values`);
    } else if (entry.type === "event" || entry.type === "error") {
      if (inputs.length === 0) continue;
      const dev = entry.type === "event" ? contract.devdoc?.events?.[sig] : contract.devdoc?.errors?.[sig]?.[0];
      for (const p of inputs) {
        if (p === "" || dev?.params?.[p] === undefined) {
          gaps.push(`${name}.${entry.type} ${sig}: no @param ${p || "(unnamed)"}`);
        }
      }
    }
  }
  return gaps;
}

describe("NatSpec of the interfaces", function () {
  it("covers every function, event and error of every interface under contracts/interfaces/", async function () {
    const files = (await readdir(path.join(ROOT, "contracts", "interfaces"))).filter((f) => f.endsWith(".sol"));
    const found = await interfaces();
    const names = files.map((f) => path.basename(f, ".sol"));
    expect(
      names.filter((n) => !found.has(n)),
      "interfaces missing from the build info: run npx hardhat build",
    ).to.deep.equal([]);

    const gaps = names.filter((n) => !PENDING.has(n)).flatMap((n) => missing(n, found.get(n) as ContractOutput));
    expect(gaps, `undocumented:\n${gaps.join("\n")}`).to.deep.equal([]);
  });

  it("lists as pending only interfaces that still have gaps", async function () {
    const found = await interfaces();
    const complete = [...PENDING].filter(
      (n) => found.has(n) && missing(n, found.get(n) as ContractOutput).length === 0,
    );
    expect(complete, "complete: remove from PENDING").to.deep.equal([]);
  });
});
