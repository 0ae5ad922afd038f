/// Builds what package.json "exports" points to, into dist/:
///
/// - dist/typechain-types/ and dist/package/src/: the typechain bindings, the client and the viem entry, compiled by
///   tsc with tsconfig.build.json (JS + .d.ts);
/// - package/src/generated/abis.ts (before compiling): the ABI of each contract of the suite as an `as const` array
///   (`settlementAbi`, …), from the artifacts of the last `hardhat build`; compiled with the rest, it is what the
///   viem entry (dist/package/src/viem/) imports;
/// - dist/abis/<Contract>.json and dist/abis/index.{js,d.ts}: each ABI as JSON, and the `./abis` subpath, which
///   re-exports the compiled ABI module;
/// - dist/package/src/known-deployments.js: the addresses of every deployment under deploy/deployments/, by
///   chain id (local chains left out), which `deployments` and `connect(runner, chainId)` read.
///
///   npm run build          (= hardhat build --no-tests && node --import tsx package/build.ts)
///
/// Every problem stops the build with one line and exit code 1.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { addressesFromIgnition, LOCAL_CHAIN_IDS, SUITE } from "./src/deployments.js";
import type { Addresses, ContractName } from "./src/deployments.js";
import { findArtifact } from "./src/node/artifacts.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(ROOT, "dist");
const ARTIFACTS = path.join(ROOT, "artifacts", "contracts");
const DEPLOYMENTS = path.join(ROOT, "deploy", "deployments");

/// Set to 1 to ship the deployments of local chains too (a package for one's own anvil, say).
export const INCLUDE_LOCAL_ENV = "OPENLEDGER_PACKAGE_LOCAL_DEPLOYMENTS";

class BuildError extends Error {}

const rel = (file: string): string => path.relative(ROOT, file) || file;

// -------------------------------------------------------------------------------------------------
// TypeScript
// -------------------------------------------------------------------------------------------------

function compile(): void {
  const tsc = createRequire(path.join(ROOT, "package.json")).resolve("typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", path.join(ROOT, "tsconfig.build.json")], {
    cwd: ROOT,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new BuildError(`tsc -p tsconfig.build.json failed (exit ${result.status})`);
}

// -------------------------------------------------------------------------------------------------
// ABIs
// -------------------------------------------------------------------------------------------------

/// `Settlement` → `settlementAbi`, `OpenToken` → `openTokenAbi`.
export function abiConstName(contract: string): string {
  return `${contract[0].toLowerCase()}${contract.slice(1)}Abi`;
}

/// Where the `as const` ABIs are generated as a TypeScript module: the source that the viem entry, the `./abis` subpath
/// and `tsc --noEmit` compile against. `hardhat build` writes it (package/abis-plugin.ts), as it writes
/// typechain-types/; this build writes it again before compiling. Not committed (.gitignore).
export const ABI_MODULE = path.join(ROOT, "package", "src", "generated", "abis.ts");

/// The ABI of each contract of the suite, from the artifacts of the last `hardhat build`, by contract name.
export function readAbis(artifacts = ARTIFACTS): Array<{ name: ContractName; abi: unknown[] }> {
  return Object.values(SUITE).map((name) => {
    const file = findArtifact(name, artifacts);
    if (file === undefined)
      throw new BuildError(`no artifact for ${name} under ${rel(artifacts)}: run npx hardhat build`);
    const { abi } = JSON.parse(readFileSync(file, "utf8")) as { abi?: unknown };
    if (!Array.isArray(abi)) throw new BuildError(`${rel(file)} has no ABI`);
    return { name, abi: abi as unknown[] };
  });
}

/// The TypeScript module of the ABIs: each one `as const` (`settlementAbi`, …), `abis` by contract name and
/// `suiteAbis` by the key a client uses (`suiteAbis.settlement`), in SUITE's order.
export function abiModule(abis: ReadonlyArray<{ name: string; abi: unknown[] }>): string {
  const lines = [
    "// Generated from the artifacts of `hardhat build` (package/abis-plugin.ts, package/build.ts). Do not edit.",
  ];
  for (const { name, abi } of abis) {
    lines.push(`/** The ABI of ${name}. */`, `export const ${abiConstName(name)} = ${JSON.stringify(abi)} as const;`);
  }
  const byName = abis.map(({ name }) => `${name}: ${abiConstName(name)}`).join(", ");
  const byKey = Object.entries(SUITE)
    .filter(([, name]) => abis.some((a) => a.name === name))
    .map(([key, name]) => `${key}: ${abiConstName(name)}`)
    .join(", ");
  lines.push("/** Every ABI, by contract name. */", `export const abis = { ${byName} } as const;`);
  lines.push(
    "/** Every ABI, by the key of its contract in the suite. */",
    `export const suiteAbis = { ${byKey} } as const;`,
  );
  return `${lines.join("\n")}\n`;
}

/// Writes the ABI module from the artifacts under `artifacts`, unless it already holds exactly that. True if written.
export function writeAbiModule(artifacts = ARTIFACTS, file = ABI_MODULE): boolean {
  const text = abiModule(readAbis(artifacts));
  if (existsSync(file) && readFileSync(file, "utf8") === text) return false;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return true;
}

/// dist/abis/<Contract>.json, and dist/abis/index.{js,d.ts}: the `./abis` subpath, which re-exports the compiled ABI
/// module (one copy of the ABIs in the package, typed by tsc from the `as const` source).
function writeAbis(): ContractName[] {
  const dir = path.join(DIST, "abis");
  mkdirSync(dir, { recursive: true });
  const abis = readAbis();
  for (const { name, abi } of abis) writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(abi, null, 2)}\n`);
  if (!existsSync(path.join(DIST, "package", "src", "generated", "abis.js"))) {
    throw new BuildError("dist/package/src/generated/abis.js was not compiled");
  }
  const reexport =
    '// Generated by package/build.ts. Do not edit.\nexport * from "../package/src/generated/abis.js";\n';
  writeFileSync(path.join(dir, "index.js"), reexport);
  writeFileSync(path.join(dir, "index.d.ts"), reexport);
  return abis.map((a) => a.name);
}

// -------------------------------------------------------------------------------------------------
// Deployments
// -------------------------------------------------------------------------------------------------

/// One Ignition deployment folder of the suite.
export interface FoundDeployment {
  deploymentId: string;
  chainId: number;
  addresses: Addresses;
}

/// The chain id of an Ignition deployment folder: the DEPLOYMENT_INITIALIZE record that opens its journal.jsonl
/// (`{"chainId":11155111,"type":"DEPLOYMENT_INITIALIZE"}`), else the `chain-<id>` folder name.
export function deploymentChainId(dir: string): number | undefined {
  const journal = path.join(dir, "journal.jsonl");
  if (existsSync(journal)) {
    for (const line of readFileSync(journal, "utf8").split("\n")) {
      if (line.trim() === "") continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        continue;
      }
      const { type, chainId } = (record ?? {}) as { type?: unknown; chainId?: unknown };
      if (type === "DEPLOYMENT_INITIALIZE" && typeof chainId === "number") return chainId;
    }
  }
  const named = /^chain-(\d+)$/.exec(path.basename(dir));
  return named === null ? undefined : Number(named[1]);
}

/// Every deployment of the suite under `root`, one per chain id. A folder without the suite's addresses or a chain
/// id is skipped; local chains are skipped unless `includeLocal`. Two folders for one chain: the `chain-<id>` one
/// (Ignition's default id) wins; two others are an error, since either could be the one to ship.
export function findDeployments(root: string, includeLocal: boolean): FoundDeployment[] {
  if (!existsSync(root)) return [];
  const byChain = new Map<number, FoundDeployment[]>();
  for (const deploymentId of readdirSync(root).sort()) {
    const dir = path.join(root, deploymentId);
    const file = path.join(dir, "deployed_addresses.json");
    if (!existsSync(file)) continue;
    const chainId = deploymentChainId(dir);
    if (chainId === undefined || (!includeLocal && LOCAL_CHAIN_IDS.includes(chainId))) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8"));
    } catch (err: unknown) {
      throw new BuildError(`${rel(file)} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    const addresses = addressesFromIgnition(parsed, rel(file));
    byChain.set(chainId, [...(byChain.get(chainId) ?? []), { deploymentId, chainId, addresses }]);
  }
  const out: FoundDeployment[] = [];
  for (const [chainId, found] of [...byChain.entries()].sort(([a], [b]) => a - b)) {
    const preferred = found.find((d) => d.deploymentId === `chain-${chainId}`);
    if (preferred === undefined && found.length > 1) {
      throw new BuildError(
        `chain ${chainId} has ${found.length} deployments (${found.map((d) => d.deploymentId).join(", ")}): ` +
          `name the one to ship chain-${chainId}`,
      );
    }
    out.push(preferred ?? found[0]);
  }
  return out;
}

/// The compiled module known-deployments.js for `found`: the same export as package/src/known-deployments.ts.
export function deploymentsModule(found: readonly FoundDeployment[]): string {
  const entries = found.map((d) => `  ${d.chainId}: Object.freeze(${JSON.stringify(d.addresses)}),`);
  const lines = [
    "// Generated by package/build.ts from deploy/deployments/*/deployed_addresses.json. Do not edit.",
    ...found.map((d) => `// chain ${d.chainId}: deployment ${d.deploymentId}`),
    `export const KNOWN_DEPLOYMENTS = Object.freeze({${entries.length > 0 ? `\n${entries.join("\n")}\n` : ""}});`,
  ];
  return `${lines.join("\n")}\n`;
}

function writeDeployments(found: readonly FoundDeployment[]): void {
  const file = path.join(DIST, "package", "src", "known-deployments.js");
  if (!existsSync(file)) throw new BuildError(`${rel(file)} was not compiled`);
  writeFileSync(file, deploymentsModule(found));
}

// -------------------------------------------------------------------------------------------------
// Exports
// -------------------------------------------------------------------------------------------------

/// The files that package.json "exports" points to under dist/ (`types` and `default` of each subpath, and plain
/// targets without a `*`), by subpath.
export function exportTargets(manifest: { exports?: Record<string, unknown> }): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    const files = typeof target === "string" ? [target] : Object.values(target as Record<string, string>);
    for (const file of files) if (file.startsWith("./dist/") && !file.includes("*")) out.push([subpath, file]);
  }
  return out;
}

/// Stops the build when a subpath of package.json "exports" points to a file that the build did not write.
function checkExports(): number {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    exports?: Record<string, unknown>;
  };
  const targets = exportTargets(manifest);
  for (const [subpath, file] of targets) {
    if (!existsSync(path.join(ROOT, file)))
      throw new BuildError(`package.json exports ${subpath} → ${file}, which was not built`);
  }
  return new Set(targets.map(([subpath]) => subpath)).size;
}

// -------------------------------------------------------------------------------------------------
// Main
// -------------------------------------------------------------------------------------------------

function main(): void {
  const started = Date.now();
  if (!existsSync(path.join(ROOT, "typechain-types", "index.ts"))) {
    throw new BuildError("typechain-types/ is missing: run npx hardhat build first");
  }
  rmSync(DIST, { recursive: true, force: true });
  writeAbiModule();
  compile();
  const names = writeAbis();
  const includeLocal = process.env[INCLUDE_LOCAL_ENV] === "1";
  const found = findDeployments(DEPLOYMENTS, includeLocal);
  writeDeployments(found);
  const subpaths = checkExports();
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  out(`dist/typechain-types, dist/package/src  compiled (tsconfig.build.json)`);
  out(`exports                                   ${subpaths} subpaths, each built`);
  out(`dist/abis                                 ${names.length} ABIs: ${names.join(", ")}`);
  out(
    `deployments                               ${
      found.length > 0 ? found.map((d) => `${d.chainId} (${d.deploymentId})`).join(", ") : "none"
    }${includeLocal ? "" : ` (local chains ${LOCAL_CHAIN_IDS.join(", ")} left out; ${INCLUDE_LOCAL_ENV}=1 keeps them)`}`,
  );
  out(`package built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (err: unknown) {
    process.stderr.write(`error: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}\n`);
    process.exitCode = 1;
  }
}
