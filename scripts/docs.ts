/// The API reference: docs/api/<Contract>.md for every deployable contract, from the NatSpec in the compiler output.
///
///   npm run docs           (= hardhat build --no-tests --quiet && node --import tsx scripts/docs.ts)
///   npm run docs:check     regenerates into a temporary folder and compares: exit code 1 if docs/api/ is stale
///   … scripts/docs.ts --verbose   also lists the entries without a notice
///
/// The NatSpec comes from the build info of each contract's artifact (`output.contracts[source][name].userdoc` and
/// `.devdoc`, which hardhat.config.ts asks solc for). solc already resolves `@inheritdoc`; a function, event or error
/// left undocumented in the contract takes its documentation from the first base contract that has it, in
/// linearization order (the interfaces under contracts/interfaces, then OpenZeppelin's bases).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ErrorFragment, EventFragment, Fragment, FunctionFragment } from "ethers";
import type { JsonFragment, JsonFragmentType, ParamType } from "ethers";
import { SUITE } from "../package/src/deployments.js";
import { findArtifact } from "../package/src/node/artifacts.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ARTIFACTS = path.join(ROOT, "artifacts");
const OUT = path.join(ROOT, "docs", "api");

class DocsError extends Error {}

// -------------------------------------------------------------------------------------------------
// Compiler output
// -------------------------------------------------------------------------------------------------

interface ParamsDoc {
  params?: Record<string, string>;
  returns?: Record<string, string>;
}
interface UserEntry {
  notice?: string;
}
interface DevEntry extends ParamsDoc {
  details?: string;
}
interface UserDoc {
  notice?: string;
  methods?: Record<string, UserEntry>;
  events?: Record<string, UserEntry>;
  errors?: Record<string, UserEntry[]>;
}
interface DevDoc {
  title?: string;
  details?: string;
  methods?: Record<string, DevEntry>;
  events?: Record<string, DevEntry>;
  errors?: Record<string, DevEntry[]>;
}
interface ContractOutput {
  abi: JsonFragment[];
  userdoc?: UserDoc;
  devdoc?: DevDoc;
}
interface AstNode {
  nodeType: string;
  id: number;
  name?: string;
  linearizedBaseContracts?: number[];
  nodes?: AstNode[];
}
interface BuildOutput {
  output: {
    contracts: Record<string, Record<string, ContractOutput>>;
    sources: Record<string, { ast?: AstNode }>;
  };
}
interface Artifact {
  contractName: string;
  sourceName: string;
  inputSourceName: string;
  buildInfoId: string;
}

/// One contract of the compiler output: where it is, and its ABI and NatSpec.
interface Compiled {
  source: string;
  name: string;
  out: ContractOutput;
}

/// A deployable contract with its bases (most derived first, the contract itself excluded).
interface Documented extends Compiled {
  sourceName: string;
  bases: Compiled[];
}

const buildOutputs = new Map<string, BuildOutput>();

function buildOutput(id: string): BuildOutput {
  let output = buildOutputs.get(id);
  if (output === undefined) {
    const file = path.join(ARTIFACTS, "build-info", `${id}.output.json`);
    if (!existsSync(file)) throw new DocsError(`no build info ${id}: run npx hardhat build`);
    output = JSON.parse(readFileSync(file, "utf8")) as BuildOutput;
    buildOutputs.set(id, output);
  }
  return output;
}

function load(name: string): Documented {
  const file = findArtifact(name, path.join(ARTIFACTS, "contracts"));
  if (file === undefined) throw new DocsError(`no artifact for ${name}: run npx hardhat build`);
  const artifact = JSON.parse(readFileSync(file, "utf8")) as Artifact;
  const { output } = buildOutput(artifact.buildInfoId);
  const out = output.contracts[artifact.inputSourceName]?.[name];
  if (out === undefined) throw new DocsError(`${name} is not in build info ${artifact.buildInfoId}`);
  if (out.userdoc === undefined || out.devdoc === undefined) {
    throw new DocsError(
      `the build info of ${name} has no userdoc/devdoc: hardhat.config.ts must select them (solidity.settings.outputSelection)`,
    );
  }
  // AST ids of every contract of the build, to name the bases of the linearization.
  const byId = new Map<number, { source: string; name: string }>();
  let linearized: number[] = [];
  for (const [source, { ast }] of Object.entries(output.sources)) {
    for (const node of ast?.nodes ?? []) {
      if (node.nodeType !== "ContractDefinition" || node.name === undefined) continue;
      byId.set(node.id, { source, name: node.name });
      if (source === artifact.inputSourceName && node.name === name) linearized = node.linearizedBaseContracts ?? [];
    }
  }
  const bases: Compiled[] = [];
  for (const baseId of linearized.slice(1)) {
    const base = byId.get(baseId);
    const baseOut = base === undefined ? undefined : output.contracts[base.source]?.[base.name];
    if (base !== undefined && baseOut !== undefined) bases.push({ ...base, out: baseOut });
  }
  return { source: artifact.inputSourceName, sourceName: artifact.sourceName, name, out, bases };
}

// -------------------------------------------------------------------------------------------------
// Documentation of one ABI entry, with the bases as fallback
// -------------------------------------------------------------------------------------------------

type Kind = "methods" | "events" | "errors";

interface EntryDoc {
  notice?: string;
  details?: string;
  params: Record<string, string>;
  returns: Record<string, string>;
}

function userEntry(doc: UserDoc | undefined, kind: Kind, key: string): UserEntry | undefined {
  if (kind === "errors") return doc?.errors?.[key]?.[0];
  return doc?.[kind]?.[key];
}

function devEntry(doc: DevDoc | undefined, kind: Kind, key: string): DevEntry | undefined {
  if (kind === "errors") return doc?.errors?.[key]?.[0];
  return doc?.[kind]?.[key];
}

/// The notice, details, params and returns of `key`: from the contract, else from the first base that has each (not
/// for the constructor: a base's constructor is not the contract's).
function entryDoc(contract: Documented, kind: Kind, key: string): EntryDoc {
  const chain = key === "constructor" ? [contract] : [contract, ...contract.bases];
  const notice = chain.map((c) => userEntry(c.out.userdoc, kind, key)?.notice).find((n) => n !== undefined);
  const dev = chain.map((c) => devEntry(c.out.devdoc, kind, key)).filter((d) => d !== undefined);
  return {
    notice,
    details: dev.map((d) => d.details).find((d) => d !== undefined),
    params: dev.map((d) => d.params).find((p) => p !== undefined) ?? {},
    returns: dev.map((d) => d.returns).find((r) => r !== undefined) ?? {},
  };
}

// -------------------------------------------------------------------------------------------------
// Markdown
// -------------------------------------------------------------------------------------------------

/// The Solidity type of a parameter as its source names it: `ISettlement.Inference[]`, `IERC20`, `uint256`.
function typeName(param: ParamType, internalType: string | undefined): string {
  if (internalType === undefined) return param.type;
  return internalType.replace(/^(struct|contract|enum) /, "");
}

/// Internal types by position, from the JSON ABI entry (ethers' ParamType does not keep them).
function internalTypes(list: ReadonlyArray<JsonFragmentType> | undefined): (string | undefined)[] {
  return (list ?? []).map((p) => p.internalType);
}

function paramList(params: readonly ParamType[], internal: (string | undefined)[], indexed = false): string {
  return params
    .map((p, i) => {
      const parts = [typeName(p, internal[i])];
      if (indexed && p.indexed === true) parts.push("indexed");
      if (p.name !== "") parts.push(p.name);
      return parts.join(" ");
    })
    .join(", ");
}

/// NatSpec text as Markdown. solc joins the lines of a comment with spaces, keeping their indentation, so a list
/// written as `///  - item` lines comes out as `  - item` runs: they become list items again, and prose after the
/// last item (a new sentence) a paragraph of its own.
export function natspec(text: string): string {
  const [head, ...items] = text
    .trim()
    .split(/\s{2,}-\s+/)
    .map((part) => part.replace(/\s+/g, " ").trim());
  if (items.length === 0) return head;
  const last = items.length - 1;
  const tail = /^(.*?[.;])\s+([A-Z].*)$/.exec(items[last]);
  const after: string[] = [];
  if (tail !== null) {
    items[last] = tail[1];
    after.push("", tail[2]);
  }
  return [head, "", ...items.map((item) => `- ${item}`), ...after].join("\n");
}

const cell = (text: string): string => text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");

function paramTable(
  title: string,
  params: readonly ParamType[],
  internal: (string | undefined)[],
  docs: Record<string, string>,
  returns: boolean,
): string[] {
  if (params.length === 0) return [];
  const rows = params.map((p, i) => ({
    name: p.name === "" ? "-" : `\`${p.name}\``,
    type: `\`${cell(typeName(p, internal[i]))}\``,
    description: cell(docs[returns && p.name === "" ? `_${i}` : p.name] ?? ""),
  }));
  if (rows.every((r) => r.description === "")) {
    return [`| ${title} | Type |`, "| --- | --- |", ...rows.map((r) => `| ${r.name} | ${r.type} |`), ""];
  }
  return [
    `| ${title} | Type | Description |`,
    "| --- | --- | --- |",
    ...rows.map((r) => `| ${r.name} | ${r.type} | ${r.description} |`),
    "",
  ];
}

function prose(doc: EntryDoc): string[] {
  const out: string[] = [];
  if (doc.notice !== undefined) out.push(natspec(doc.notice), "");
  if (doc.details !== undefined) out.push(`*Dev:* ${natspec(doc.details)}`, "");
  return out;
}

function mutabilityWords(f: FunctionFragment): string {
  return f.stateMutability === "nonpayable" ? "external" : `external ${f.stateMutability}`;
}

interface Section {
  title: string;
  /// Whether it has a notice or details.
  documented: boolean;
  lines: string[];
}

const isDocumented = (doc: EntryDoc): boolean => doc.notice !== undefined || doc.details !== undefined;

/// `quote`, or `safeTransferFrom(address,address,uint256)` when the name is overloaded.
function heading(name: string, signature: string, overloaded: boolean): string {
  return overloaded ? signature : name;
}

/// GitHub's heading ids, in document order: the lowercased text without punctuation, spaces as dashes, and `-1`,
/// `-2`, … for a repeated one (a view `claimed` and an event `Claimed` on one page).
function slugger(): (heading: string) => string {
  const seen = new Map<string, number>();
  return (heading) => {
    const base = heading
      .toLowerCase()
      .replace(/[^a-z0-9 _-]/g, "")
      .replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  };
}

function functionSections(c: Documented, abi: JsonFragment[], view: boolean): Section[] {
  const entries = abi
    .filter((e) => e.type === "function")
    .map((e) => ({ json: e, fragment: FunctionFragment.from(e) }))
    .filter(({ fragment }) => fragment.constant === view)
    .sort((a, b) => a.fragment.format("sighash").localeCompare(b.fragment.format("sighash")));
  const counts = new Map<string, number>();
  for (const e of abi) if (e.type === "function" && e.name) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
  return entries.map(({ json, fragment }) => {
    const signature = fragment.format("sighash");
    const doc = entryDoc(c, "methods", signature);
    const title = heading(fragment.name, signature, (counts.get(fragment.name) ?? 0) > 1);
    const inputs = internalTypes(json.inputs);
    const outputs = internalTypes(json.outputs);
    const returns = fragment.outputs.length > 0 ? ` returns (${paramList(fragment.outputs, outputs)})` : "";
    return {
      title,
      documented: isDocumented(doc),
      lines: [
        `### ${title}`,
        "",
        "```solidity",
        `function ${fragment.name}(${paramList(fragment.inputs, inputs)}) ${mutabilityWords(fragment)}${returns}`,
        "```",
        "",
        ...prose(doc),
        ...paramTable("Parameter", fragment.inputs, inputs, doc.params, false),
        ...paramTable("Returns", fragment.outputs, outputs, doc.returns, true),
        `Selector: \`${fragment.selector}\``,
        "",
      ],
    };
  });
}

function eventSections(c: Documented, abi: JsonFragment[]): Section[] {
  return abi
    .filter((e) => e.type === "event")
    .map((e) => ({ json: e, fragment: EventFragment.from(e) }))
    .sort((a, b) => a.fragment.format("sighash").localeCompare(b.fragment.format("sighash")))
    .map(({ json, fragment }) => {
      const signature = fragment.format("sighash");
      const doc = entryDoc(c, "events", signature);
      const inputs = internalTypes(json.inputs);
      return {
        title: fragment.name,
        documented: isDocumented(doc),
        lines: [
          `### ${fragment.name}`,
          "",
          "```solidity",
          `event ${fragment.name}(${paramList(fragment.inputs, inputs, true)})${fragment.anonymous ? " anonymous" : ""}`,
          "```",
          "",
          ...prose(doc),
          ...paramTable("Parameter", fragment.inputs, inputs, doc.params, false),
          `Topic: \`${fragment.topicHash}\``,
          "",
        ],
      };
    });
}

function errorSections(c: Documented, abi: JsonFragment[]): Section[] {
  return abi
    .filter((e) => e.type === "error")
    .map((e) => ({ json: e, fragment: ErrorFragment.from(e) }))
    .sort((a, b) => a.fragment.format("sighash").localeCompare(b.fragment.format("sighash")))
    .map(({ json, fragment }) => {
      const signature = fragment.format("sighash");
      const doc = entryDoc(c, "errors", signature);
      const inputs = internalTypes(json.inputs);
      return {
        title: fragment.name,
        documented: isDocumented(doc),
        lines: [
          `### ${fragment.name}`,
          "",
          "```solidity",
          `error ${fragment.name}(${paramList(fragment.inputs, inputs)})`,
          "```",
          "",
          ...prose(doc),
          ...paramTable("Parameter", fragment.inputs, inputs, doc.params, false),
          `Selector: \`${fragment.selector}\``,
          "",
        ],
      };
    });
}

function constructorLines(c: Documented, abi: JsonFragment[]): string[] {
  const json = abi.find((e) => e.type === "constructor");
  if (json === undefined) return [];
  const fragment = Fragment.from(json);
  const inputs = internalTypes(json.inputs);
  const doc = entryDoc(c, "methods", "constructor");
  return [
    "## Constructor",
    "",
    "```solidity",
    `constructor(${paramList(fragment.inputs, inputs)})`,
    "```",
    "",
    ...prose(doc),
    ...paramTable("Parameter", fragment.inputs, inputs, doc.params, false),
  ];
}

/// Counts of what has no notice, to report.
interface Coverage {
  entries: number;
  undocumented: string[];
}

function contractPage(c: Documented, coverage: Coverage): string {
  const abi = c.out.abi;
  const userdoc = c.out.userdoc ?? {};
  const devdoc = c.out.devdoc ?? {};
  const interfaces = c.bases.filter((b) => b.source.startsWith("project/contracts/interfaces/"));
  const groups: Array<[string, Section[]]> = [
    ["Functions", functionSections(c, abi, false)],
    ["View functions", functionSections(c, abi, true)],
    ["Events", eventSections(c, abi)],
    ["Errors", errorSections(c, abi)],
  ];
  for (const [group, sections] of groups) {
    for (const s of sections) {
      coverage.entries += 1;
      if (!s.documented) coverage.undocumented.push(`${c.name} ${group.toLowerCase()}: ${s.title}`);
    }
  }

  const lines: string[] = [`# ${c.name}`, ""];
  if (devdoc.title !== undefined && devdoc.title !== c.name) lines.push(`*${devdoc.title.trim()}*`, "");
  if (userdoc.notice !== undefined) lines.push(natspec(userdoc.notice), "");
  if (devdoc.details !== undefined) lines.push(`*Dev:* ${natspec(devdoc.details)}`, "");
  for (const i of interfaces) {
    const notice = i.out.userdoc?.notice;
    if (notice !== undefined) lines.push(`**${i.name}.** ${natspec(notice)}`, "");
  }
  lines.push(
    `- Source: [\`${c.sourceName}\`](../../${c.sourceName})`,
    `- Inherits: ${c.bases.map((b) => b.name).join(", ") || "-"}`,
    `- ABI: \`@openledger/contracts/abis/${c.name}.json\`, or \`${c.name[0].toLowerCase()}${c.name.slice(1)}Abi\` from ` +
      "`@openledger/contracts/abis`",
    `- Binding: \`${c.name}\` and \`${c.name}__factory\` from \`@openledger/contracts/typechain\``,
    "",
  );
  // Heading ids in the order the headings appear below.
  const slug = slugger();
  slug(c.name);
  const constructor = constructorLines(c, abi);
  if (constructor.length > 0) slug("Constructor");
  const anchors = new Map<Section, string>();
  for (const [group, sections] of groups) {
    if (sections.length === 0) continue;
    slug(group);
    for (const s of sections) anchors.set(s, slug(s.title));
  }
  for (const [group, sections] of groups) {
    if (sections.length === 0) continue;
    lines.push(`**${group}:** ${sections.map((s) => `[${s.title}](#${anchors.get(s) ?? ""})`).join(", ")}`, "");
  }
  lines.push(...constructor);
  for (const [group, sections] of groups) {
    if (sections.length === 0) continue;
    lines.push(`## ${group}`, "");
    for (const s of sections) lines.push(...s.lines);
  }
  while (lines.at(-1) === "") lines.pop();
  return `${lines.join("\n")}\n`;
}

function indexPage(contracts: Documented[]): string {
  const lines = [
    "# API reference",
    "",
    "Generated by `npm run docs` (scripts/docs.ts) from the NatSpec of the contracts, as the compiler outputs it;",
    "`npm run docs:check` fails when these pages are stale. Do not edit them by hand: edit the NatSpec in",
    "contracts/interfaces/ and regenerate.",
    "",
    "| Contract | What it is | Functions | Events | Errors |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const c of contracts) {
    const abi = c.out.abi;
    const count = (type: string): number => abi.filter((e) => e.type === type).length;
    const notice = (c.out.userdoc?.notice ?? "").trim().split(/(?<=\.)\s/)[0] ?? "";
    lines.push(
      `| [${c.name}](${c.name}.md) | ${cell(notice)} | ${count("function")} | ${count("event")} | ${count("error")} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

// -------------------------------------------------------------------------------------------------
// Main
// -------------------------------------------------------------------------------------------------

function generate(dir: string): { files: string[]; coverage: Coverage } {
  mkdirSync(dir, { recursive: true });
  const contracts = Object.values(SUITE).map(load);
  const coverage: Coverage = { entries: 0, undocumented: [] };
  const files: string[] = [];
  for (const c of contracts) {
    writeFileSync(path.join(dir, `${c.name}.md`), contractPage(c, coverage));
    files.push(`${c.name}.md`);
  }
  writeFileSync(path.join(dir, "README.md"), indexPage(contracts));
  files.push("README.md");
  return { files: files.sort(), coverage };
}

function listMarkdown(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".md"))
        .sort()
    : [];
}

function main(): number {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const check = process.argv.includes("--check");
  if (!check) {
    rmSync(OUT, { recursive: true, force: true });
    const { files, coverage } = generate(OUT);
    out(`docs/api: ${files.length} pages (${files.join(", ")})`);
    out(`${coverage.entries - coverage.undocumented.length} of ${coverage.entries} entries have a notice`);
    if (process.argv.includes("--verbose")) for (const line of coverage.undocumented) out(`  no notice: ${line}`);
    return 0;
  }
  const temp = mkdtempSync(path.join(tmpdir(), "openledger-docs-"));
  try {
    const { files } = generate(temp);
    const committed = listMarkdown(OUT);
    const stale = [...new Set([...files, ...committed])]
      .sort()
      .filter(
        (f) =>
          !existsSync(path.join(OUT, f)) ||
          !existsSync(path.join(temp, f)) ||
          readFileSync(path.join(OUT, f), "utf8") !== readFileSync(path.join(temp, f), "utf8"),
      );
    if (stale.length > 0) {
      out(`docs/api is stale (${stale.join(", ")}): run npm run docs and commit docs/api/`);
      return 1;
    }
    out(`docs/api is up to date (${files.length} pages)`);
    return 0;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main();
} catch (err: unknown) {
  process.stderr.write(`error: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}\n`);
  process.exitCode = 1;
}
