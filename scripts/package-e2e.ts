/// End to end for the package dApps install: the tarball `npm pack` makes, installed in a project of its own, used
/// against the suite deployed on anvil.
///
///   npm run package:e2e        (= node scripts/package-e2e.ts)
///
/// 1. `npm pack` (its prepack runs `npm run build`) into a temporary folder;
/// 2. a temporary project with examples/package-example/ and examples/browser-example/ in it, whose package.json
///    depends on `"@openledger/contracts": "file:<tarball>"` and on what the two examples depend on (viem, the
///    viem entry's peer dependency, among them; their build tools are this project's own), then `npm install`
///    there (under this Node 22) and `tsc --noEmit` of the examples against the installed types;
/// 3. anvil on a free port (scripts/lib/nodes.ts) and `hardhat run scripts/deploy.ts --network anvil` with a
///    deployment id of its own;
/// 4. a datanet with its version 1 published and a model registered on it, OPEN for the payer and the attestor's bond;
/// 5. the example: first without addresses (it must refuse chain 31337, which the package ships no deployment for),
///    then with the deployment's addresses: reads, quote, split preview, a refused fee cap, the SDK's `settle`, and
///    the proof of a tiny attribution tree checked against its root;
/// 6. an attribution tree of what the datanet accrued, posted and past its challenge window; the example claims an
///    account's share with it, then finds nothing new;
/// 6b. the viem example (examples/package-example/viem.ts, on `@openledger/contracts/viem`): typed contracts, quote,
///    split preview, a refused fee cap that sends nothing, and `settle` with its decoded event;
/// 7. the same scenario in headless Chromium: examples/browser-example/main.ts bundled with this project's esbuild,
///    served by a tiny node:http server, opened with this project's playwright-core driving Debian's `chromium`
///    (scripts/lib/browser.ts). The page quotes, is refused a capped fee, settles, and checks the same tree: it must find what the
///    Node run found, with no console error.
///
/// anvil is stopped by PID, and the temporary folders and the deployment folder removed, whatever happens.
/// `runPackageE2E(log)` runs it all from another script (scripts/e2e.ts) and throws on the first failure.
///
/// Plain `node` runs this file with type stripping; the project's modules (with `.js` imports) are loaded after tsx
/// is registered, as in scripts/e2e.ts.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { LocalNode } from "./lib/nodes.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const EXAMPLES = path.join(ROOT, "examples");
/// The folders of examples/ copied into the temporary project, under the same names.
const EXAMPLE_DIRS = ["package-example", "browser-example"] as const;
/// The files of each (the rest, e.g. a bundle built by hand, stays behind).
const EXAMPLE_FILES: Record<(typeof EXAMPLE_DIRS)[number], string[]> = {
  "package-example": ["index.ts", "viem.ts", "tree-check.ts", "tsconfig.json", "package.json"],
  "browser-example": ["index.html", "main.ts", "tsconfig.json", "package.json"],
};

/// Set to 1 to keep the temporary project and tarball (their paths are printed).
const KEEP_ENV = "OPENLEDGER_E2E_KEEP";

/// The accounts of anvil's default mnemonic (also the Hardhat node's).
const MNEMONIC = "test test test test test test test test test test test junk";
const ROLE = { deployer: 0, owner: 1, payer: 2, alice: 3, bob: 4 } as const;

export interface PackageE2EResult {
  tarball: { file: string; size: number; unpackedSize: number; entries: number };
  /// Seconds per step.
  timings: Record<string, number>;
  claimed: string;
  /// The viem example's settlement and refusal.
  viem: { tx: string; refusal: string };
  /// What the headless browser run took and showed.
  browser: { chromium: string; bundleBytes: number; launchSeconds: number; pageSeconds: number; root: string };
}

type Log = (line: string) => void;

interface Run {
  code: number | null;
  output: string;
}

/// Runs a command to completion, its output kept (and shown indented when `log` is given). Never rejects on a
/// non-zero exit: the caller decides.
function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; log?: Log },
): Promise<Run> {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const take = (chunk: Buffer): void => {
      const text = chunk.toString();
      output += text;
      if (options.log === undefined) return;
      for (const line of text.split("\n")) if (line.trim() !== "") options.log(`    │ ${line}`);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

/// As `run`, and rejects with the command and the end of its output on a non-zero exit.
async function mustRun(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; log?: Log },
): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const tail = result.output.trim().split("\n").slice(-15).join("\n");
    throw new Error(`${path.basename(command)} ${args.join(" ")} exited with ${result.code}:\n${tail}`);
  }
  return result.output;
}

/// The environment that makes `npm` (a `#!/usr/bin/env node` script) run under this Node 22, as the project's
/// npm scripts do: npm under Node 20 would skip the native packages that need Node 22.
function node22Env(): NodeJS.ProcessEnv {
  const bins = [path.dirname(process.execPath), path.join(ROOT, "node_modules", ".bin")];
  return { PATH: [...bins, process.env.PATH ?? ""].join(path.delimiter) };
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`check failed: ${what}`);
}

interface ExampleSummary {
  models: string;
  datanets: string;
  fee: string;
  split: { protocol: string; stakers: string; models: string[]; datanets: string[] };
  settled?: { fee: string; datanetAccrued: string };
  refusal?: string;
  claimed?: { account: string; amount: string; tx: string | null };
  tree?: TreeCheck;
}

interface TreeCheck {
  root: string;
  account: string;
  cumulativeAmount: string;
  proofLength: number;
  valid: boolean;
  tamperedRejected: boolean;
  reloaded: boolean;
}

/// What the viem example writes to SUMMARY (examples/package-example/viem.ts).
interface ViemSummary {
  chainId: string;
  models: string;
  fee: string;
  split: { protocol: string; stakers: string; models: string[]; datanets: string[] };
  refusal: string;
  refusalSent: number;
  settled: { inferenceId: string; fee: string; paidWith: string; approval: boolean; tx: string };
}

/// What the browser page writes into `#summary` (examples/browser-example/main.ts).
interface BrowserSummary {
  chainId: string;
  fee: string;
  feeText: string;
  split: { protocol: string; stakers: string; models: string[]; datanets: string[] };
  refusal: string;
  settled: { inferenceId: string; fee: string; paidWith: string; approval: boolean; tx: string };
  tree: TreeCheck;
}

/// Runs the whole package e2e; `log` receives one line at a time. Throws on the first failure, after cleaning up.
export async function runPackageE2E(log: Log): Promise<PackageE2EResult> {
  const { PROJECT_ROOT, hardhatCli, rpc, startAnvil, stopNode } = await import("./lib/nodes.js");
  const { buildTree, compareAddresses } = await import("../package/src/attribution/index.js");
  const { writeTreeFile } = await import("../package/src/node/index.js");
  const { DatanetRegistry__factory, ModelRegistry__factory, OpenToken__factory, Settlement__factory } =
    await import("../typechain-types/index.js");
  const { HDNodeWallet, JsonRpcProvider, NonceManager, id, parseEther } = await import("ethers");
  const { waitForReceipt, withGasMargin } = await import("../package/src/gas.js");
  const { formatOpen } = await import("../package/src/format/index.js");
  const { addressesFromIgnition } = await import("../package/src/deployments.js");
  const { runPage, servePage } = await import("./lib/browser.js");

  const timings: Record<string, number> = {};
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    log(`▶ package: ${name}`);
    const value = await fn();
    timings[name] = (Date.now() - t) / 1000;
    log(`✔ package: ${name} (${timings[name].toFixed(1)} s)`);
    return value;
  };

  const work = mkdtempSync(path.join(tmpdir(), "openledger-package-e2e-"));
  const packDir = path.join(work, "pack");
  const project = path.join(work, "project");
  let node: LocalNode | undefined;
  let deploymentDir: string | undefined;
  const keep = process.env[KEEP_ENV] === "1";
  const cleanupSync = (): void => {
    if (deploymentDir !== undefined) rmSync(deploymentDir, { recursive: true, force: true });
    if (!keep) rmSync(work, { recursive: true, force: true });
  };
  process.once("exit", cleanupSync);

  try {
    // 1. The tarball.
    const tarball = await step("npm pack (build included)", async () => {
      mkdirSync(packDir, { recursive: true });
      const output = await mustRun("npm", ["pack", "--json", "--pack-destination", packDir], {
        cwd: PROJECT_ROOT,
        env: node22Env(),
      });
      // Lifecycle scripts print before the JSON report.
      const report = JSON.parse(output.slice(output.indexOf("[\n"))) as Array<{
        filename: string;
        size: number;
        unpackedSize: number;
        entryCount: number;
        files: Array<{ path: string }>;
      }>;
      const [packed] = report;
      const files = packed.files.map((f) => f.path);
      const shipped = (p: string): boolean => files.includes(p);
      check(shipped("dist/package/src/index.js") && shipped("dist/package/src/index.d.ts"), "the client ships");
      check(shipped("dist/abis/Settlement.json") && shipped("dist/abis/index.d.ts"), "the ABIs ship");
      check(shipped("dist/typechain-types/index.js"), "the typechain bindings ship");
      check(shipped("contracts/interfaces/ISettlement.sol"), "the Solidity sources ship");
      check(!files.some((f) => f.startsWith("test/") || f.endsWith(".t.sol")), "no test ships");
      log(`    ${packed.filename}: ${packed.entryCount} files, ${packed.size} bytes (${packed.unpackedSize} unpacked)`);
      return {
        file: path.join(packDir, packed.filename),
        size: packed.size,
        unpackedSize: packed.unpackedSize,
        entries: packed.entryCount,
      };
    });

    // 2. A project of its own that installs it.
    const exampleDir = path.join(project, "package-example");
    const browserDir = path.join(project, "browser-example");
    await step("npm install of the tarball", async () => {
      const manifest: Record<string, unknown> = {
        name: "openledger-package-e2e",
        version: "0.0.0",
        private: true,
        type: "module",
      };
      // The examples' dependencies; their devDependencies (the page's esbuild) are this project's own.
      const dependencies: Record<string, string> = {};
      for (const dir of EXAMPLE_DIRS) {
        mkdirSync(path.join(project, dir), { recursive: true });
        for (const file of EXAMPLE_FILES[dir]) cpSync(path.join(EXAMPLES, dir, file), path.join(project, dir, file));
        const own = JSON.parse(readFileSync(path.join(EXAMPLES, dir, "package.json"), "utf8")) as {
          dependencies?: Record<string, string>;
        };
        Object.assign(dependencies, own.dependencies);
      }
      manifest.dependencies = { ...dependencies, "@openledger/contracts": `file:${tarball.file}` };
      writeFileSync(path.join(project, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
      await mustRun("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
        cwd: project,
        env: node22Env(),
      });
    });
    // The type check runs beside the steps that follow (it takes the longest, and they do not need it): both
    // examples in one tsc run, with the DOM's types for the page and Node's for the scripts.
    const typeCheck = step("tsc --noEmit of both examples against the installed types", async () => {
      const tsc = createRequire(path.join(PROJECT_ROOT, "package.json")).resolve("typescript/bin/tsc");
      const config = JSON.parse(readFileSync(path.join(exampleDir, "tsconfig.json"), "utf8")) as {
        compilerOptions: Record<string, unknown>;
      };
      const both = {
        compilerOptions: {
          ...config.compilerOptions,
          lib: ["es2023", "dom"],
          typeRoots: [path.join(PROJECT_ROOT, "node_modules", "@types")],
        },
        include: ["package-example/index.ts", "package-example/viem.ts", "browser-example/main.ts"],
      };
      writeFileSync(path.join(project, "tsconfig.json"), `${JSON.stringify(both, null, 2)}\n`);
      await mustRun(process.execPath, [tsc, "-p", path.join(project, "tsconfig.json")], { cwd: project, log });
    });
    typeCheck.catch(() => undefined); // awaited below; a failure is reported there

    // 3. anvil, and the suite deployed on it.
    node = await step("start anvil", async () => {
      const started = await startAnvil();
      log(`    anvil pid ${started.pid} on ${started.url}`);
      return started;
    });
    const url = node.url;
    const deploymentId = `package-e2e-${node.port}`;
    deploymentDir = path.join(PROJECT_ROOT, "deploy", "deployments", deploymentId);
    const addressesFile = path.join(deploymentDir, "deployed_addresses.json");
    await step("deploy (scripts/deploy.ts --network anvil)", async () => {
      await mustRun(
        process.execPath,
        [hardhatCli(), "run", "--no-compile", "scripts/deploy.ts", "--network", "anvil"],
        {
          cwd: PROJECT_ROOT,
          env: { ANVIL_RPC_URL: url, OPENLEDGER_DEPLOYMENT_ID: deploymentId },
        },
      );
      check(existsSync(addressesFile), `${path.relative(PROJECT_ROOT, addressesFile)} was written`);
    });
    const futures = JSON.parse(readFileSync(addressesFile, "utf8")) as Record<string, string>;
    const at = (name: string): string => futures[`OpenLedger#${name}`];

    const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true, pollingInterval: 100 });
    const account = (index: number) => HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`);
    const key = (index: number): string => account(index).privateKey;
    const addressOf = (index: number): string => account(index).address;
    // Each transaction is sent with a margin over its estimate (package/src/gas.ts), as the package's client does.
    const deployer = withGasMargin(new NonceManager(account(ROLE.deployer).connect(provider)));
    const owner = withGasMargin(new NonceManager(account(ROLE.owner).connect(provider)));

    // 4. A datanet and a model on it; OPEN for the payer and the attestor's bond.
    const price = parseEther("0.01");
    await step("setup: a datanet, a model, OPEN and an attestor bond", async () => {
      const open = OpenToken__factory.connect(at("OpenToken"), deployer);
      const datanets = DatanetRegistry__factory.connect(at("DatanetRegistry"), owner);
      const models = ModelRegistry__factory.connect(at("ModelRegistry"), owner);
      const settlement = Settlement__factory.connect(at("Settlement"), owner);
      await waitForReceipt(open.transfer(addressOf(ROLE.payer), parseEther("1000")));
      await waitForReceipt(open.transfer(addressOf(ROLE.owner), parseEther("2000")));
      await waitForReceipt(datanets.createDatanet("ipfs://package-e2e/datanet", false, 0n, addressOf(ROLE.owner)));
      // The model trains on version 1 of the datanet: one record of the owner, accepted at once (an open datanet).
      await waitForReceipt(datanets.contribute(1n, id("package-e2e record"), "ipfs://package-e2e/record"));
      await waitForReceipt(datanets.publishVersion(1n, "ipfs://package-e2e/datanet/v1"));
      await waitForReceipt(
        models.registerModel({
          cardURI: "ipfs://package-e2e/model-card.json",
          weightsHash: id("package-e2e weights"),
          weightsURI: "ipfs://package-e2e/weights",
          parentId: 0n,
          datanets: [{ datanetId: 1n, version: 1n, weightBps: 10_000n }],
          price,
          ownerBps: 7_000n,
        }),
      );
      const bond = await settlement.minAttestorBond();
      await waitForReceipt(OpenToken__factory.connect(at("OpenToken"), owner).approve(at("Settlement"), bond));
      await waitForReceipt(settlement.depositBond(bond));
    });

    // 5. The example, as a dApp runs it.
    const example = async (env: NodeJS.ProcessEnv, expectFailure = false): Promise<ExampleSummary | string> => {
      const summaryFile = path.join(work, `summary-${Date.now()}.json`);
      const result = await run(process.execPath, ["index.ts"], {
        cwd: exampleDir,
        env: { RPC_URL: url, SUMMARY: summaryFile, ...env },
        log,
      });
      if (expectFailure) {
        check(result.code === 1, `the example exits with 1 (got ${result.code})`);
        return result.output;
      }
      if (result.code !== 0) throw new Error(`the example exited with ${result.code}`);
      return JSON.parse(readFileSync(summaryFile, "utf8")) as ExampleSummary;
    };
    await step("example without addresses: refuses chain 31337", async () => {
      const output = await example({}, true);
      check(
        /error: no OpenLedger deployment for chain 31337; known: none/.test(String(output)),
        "the example says there is no deployment for chain 31337",
      );
    });
    const units = 3n;
    // The tiny allocation whose tree both runs check: three accounts, the first one's proof.
    const leaves: Array<[string, bigint]> = [
      [addressOf(ROLE.alice), parseEther("3")],
      [addressOf(ROLE.bob), parseEther("2")],
      [addressOf(ROLE.owner), parseEther("1")],
    ];
    const checkTreeOf = (tree: TreeCheck | undefined, where: string): TreeCheck => {
      check(tree !== undefined, `${where} checked the tree`);
      const t = tree as TreeCheck;
      check(t.valid && t.tamperedRejected && t.reloaded, `${where}: the proof proves its leaf and nothing else`);
      check(t.account === leaves[0][0] && t.cumulativeAmount === leaves[0][1].toString(), `${where}: the first leaf`);
      return t;
    };
    let nodeTree: TreeCheck | undefined;
    const settled = await step("example: read, quote, preview, settle, check a tree", async () => {
      const summary = (await example({
        PRIVATE_KEY: key(ROLE.payer),
        ADDRESSES: addressesFile,
        MODEL_ID: "1",
        UNITS: units.toString(),
        TREE_LEAVES: leaves.map(([account, amount]) => `${account}:${amount}`).join(","),
      })) as ExampleSummary;
      nodeTree = checkTreeOf(summary.tree, "the Node example");
      const fee = price * units;
      const parts = [...summary.split.models, ...summary.split.datanets].map((c) => BigInt(c.split(":")[1]));
      check(summary.models === "1" && summary.datanets === "1", "one model and one datanet are read");
      check(summary.fee === fee.toString(), `the quote is price × units (${fee})`);
      check(
        BigInt(summary.split.protocol) + BigInt(summary.split.stakers) + parts.reduce((a, b) => a + b, 0n) === fee,
        "the preview adds up to the fee",
      );
      check(
        summary.refusal === `FeeAboveCap(fee=${formatOpen(fee)}, cap=${formatOpen(fee - 1n)})`,
        `a capped fee is refused (${summary.refusal})`,
      );
      check(summary.settled?.fee === fee.toString(), "the settlement took the fee");
      check(
        `1:${summary.settled?.datanetAccrued}` === summary.split.datanets[0],
        "the datanet accrued what the preview said",
      );
      return summary;
    });

    // 6. An attribution tree of what the datanet accrued, posted, and past its window.
    const alice = addressOf(ROLE.alice);
    const treeFile = path.join(work, "datanet-1-epoch-1.tree.json");
    const aliceAmount = await step("attribution: post a tree and wait out the window", async () => {
      const settlement = Settlement__factory.connect(at("Settlement"), owner);
      const accrued = await settlement.accrued(1n);
      check(accrued.toString() === settled.settled?.datanetAccrued, "accrued is the settled data share");
      const toAlice = (accrued * 3n) / 4n;
      const allocation = {
        version: 1 as const,
        chainId: 31337,
        settlement: at("Settlement"),
        datanetId: "1",
        epoch: 1,
        policy: "pro-rata" as const,
        cumulativeTotal: accrued.toString(),
        allocations: [
          { account: alice, cumulativeAmount: toAlice.toString() },
          { account: addressOf(ROLE.bob), cumulativeAmount: (accrued - toAlice).toString() },
        ].sort((a, b) => compareAddresses(a.account, b.account)),
      };
      const tree = buildTree(allocation);
      writeTreeFile(treeFile, allocation, tree);
      await waitForReceipt(settlement.postRoot(1n, 1n, tree.root, accrued, `file://${treeFile}`));
      const window = await settlement.challengeWindow();
      await rpc(url, "evm_increaseTime", [Number(window) + 1]);
      await rpc(url, "evm_mine", []);
      return toAlice;
    });
    const claimed = await step("example: claim with the tree file", async () => {
      const env = { PRIVATE_KEY: key(ROLE.payer), ADDRESSES: addressesFile, TREE: treeFile, CLAIM_FOR: alice };
      const first = (await example(env)) as ExampleSummary;
      check(first.claimed?.amount === aliceAmount.toString(), `the account is paid its leaf (${aliceAmount})`);
      check(first.claimed?.tx !== null, "the claim is one transaction");
      const again = (await example(env)) as ExampleSummary;
      check(again.claimed?.tx === null && again.claimed.amount === "0", "a second claim finds nothing new");
      return aliceAmount.toString();
    });
    // 6b. The same dApp on viem.
    const viemRun = await step("viem example: contracts, quote, preview, refused cap, settle", async () => {
      const summaryFile = path.join(work, "summary-viem.json");
      const nonceBefore = await provider.getTransactionCount(addressOf(ROLE.payer));
      const result = await run(process.execPath, ["viem.ts"], {
        cwd: exampleDir,
        env: { RPC_URL: url, SUMMARY: summaryFile, PRIVATE_KEY: key(ROLE.payer), ADDRESSES: addressesFile },
        log,
      });
      if (result.code !== 0) throw new Error(`the viem example exited with ${result.code}`);
      const s = JSON.parse(readFileSync(summaryFile, "utf8")) as ViemSummary;
      const fee = price * 1n;
      check(s.chainId === "31337" && s.models === "1", "the viem example reads the chain and the models");
      check(s.fee === fee.toString(), `the viem quote is the price (${s.fee})`);
      check(
        s.refusal === `FeeAboveCap(fee=${formatOpen(fee)}, cap=${formatOpen(fee - 1n)})`,
        `a capped fee is refused (${s.refusal})`,
      );
      check(s.refusalSent === 0, `the refused settlement sent nothing (${s.refusalSent})`);
      check(s.settled.fee === fee.toString() && s.settled.paidWith === "approval", "the viem example settled the fee");
      const sent = (await provider.getTransactionCount(addressOf(ROLE.payer))) - nonceBefore;
      check(sent === 2, `the viem example sent 2 transactions, an approval and the settlement (${sent})`);
      const receipt = await provider.getTransactionReceipt(s.settled.tx);
      const settlement = Settlement__factory.connect(at("Settlement"), provider);
      const parsed = receipt?.logs
        .map((l) => settlement.interface.parseLog(l))
        .find((e) => e?.name === "InferenceSettled");
      check(parsed?.args.inferenceId === s.settled.inferenceId, "the chain has the viem example's inference");
      const nodeSplit = await settlement.previewSplit(1n, fee);
      check(
        s.split.protocol === nodeSplit.protocol.toString() &&
          s.split.datanets[0] === `${nodeSplit.datanets[0].id}:${nodeSplit.datanets[0].amount}`,
        "the viem preview is the contract's split",
      );
      return s;
    });
    await typeCheck;

    // 7. The same scenario in headless Chromium.
    const bundle = await step("browser: bundle the page with esbuild", async () => {
      const esbuild = path.join(PROJECT_ROOT, "node_modules", ".bin", "esbuild");
      const out = path.join(browserDir, "main.js");
      // node: builtins stay external so that a module of the package the page does not use cannot stop the bundle;
      // the check below fails if any of them is left in what the page runs.
      await mustRun(
        esbuild,
        [
          "main.ts",
          "--bundle",
          "--format=esm",
          "--platform=browser",
          "--minify",
          "--external:node:*",
          `--outfile=${out}`,
        ],
        { cwd: browserDir, env: node22Env() },
      );
      const js = readFileSync(out, "utf8");
      const nodeImport = /(?:from|import\()\s*["']node:[a-z_/]+["']/.exec(js);
      check(nodeImport === null, `the page's bundle imports no Node module (found ${nodeImport?.[0]})`);
      log(`    main.js: ${js.length} bytes`);
      return js;
    });
    const page = await step("browser: the page in headless Chromium", async () => {
      const config = {
        rpcUrl: url,
        privateKey: key(ROLE.payer),
        addresses: addressesFromIgnition(futures),
        modelId: "1",
        units: units.toString(),
        leaves: leaves.map(([account, amount]) => [account, amount.toString()]),
      };
      const nonceBefore = await provider.getTransactionCount(addressOf(ROLE.payer));
      const server = await servePage({
        "/index.html": { type: "text/html; charset=utf-8", body: readFileSync(path.join(browserDir, "index.html")) },
        "/main.js": { type: "text/javascript; charset=utf-8", body: bundle },
        "/config.json": { type: "application/json", body: JSON.stringify(config) },
      });
      try {
        const shown = await runPage(server.url);
        log(
          `    ${shown.chromium}: launched in ${shown.launchSeconds.toFixed(1)} s, page done in ${shown.pageSeconds.toFixed(1)} s`,
        );
        check(shown.status === "done", `the page is done (${shown.status}: ${shown.error})`);
        check(shown.problems.length === 0, `the page logs no error (${shown.problems.join("; ")})`);
        check(server.missing.length === 0, `the page asks for nothing missing (${server.missing.join(", ")})`);
        const sent = (await provider.getTransactionCount(addressOf(ROLE.payer))) - nonceBefore;
        return { ...shown, sent, summary: JSON.parse(shown.summary) as BrowserSummary };
      } finally {
        await server.close();
      }
    });
    await step("browser: what the page found", async () => {
      const s = page.summary;
      const fee = price * units;
      check(s.chainId === "31337" && s.fee === fee.toString(), `the page quotes price × units (${s.fee})`);
      check(s.feeText === formatOpen(fee), `the page shows the fee in OPEN (${s.feeText})`);
      check(
        JSON.stringify(s.split) === JSON.stringify(settled.split),
        "the page previews the split that the Node run previewed",
      );
      check(
        s.refusal === `FeeAboveCap(fee=${formatOpen(fee)}, cap=${formatOpen(fee - 1n)})`,
        `a capped fee is refused (${s.refusal})`,
      );
      check(s.settled.fee === fee.toString() && s.settled.paidWith === "approval", "the page settled the fee");
      check(page.sent === 2, `the page sent 2 transactions, an approval and the settlement (${page.sent})`);
      const receipt = await provider.getTransactionReceipt(s.settled.tx);
      check(receipt?.status === 1, `the page's settlement ${s.settled.tx} is mined`);
      const settlement = Settlement__factory.connect(at("Settlement"), provider);
      const parsed = receipt?.logs
        .map((l) => settlement.interface.parseLog(l))
        .find((e) => e?.name === "InferenceSettled");
      check(parsed?.args.inferenceId === s.settled.inferenceId, "the chain has the page's inference");
      const t = checkTreeOf(s.tree, "the page");
      check(t.root === nodeTree?.root, `the page's tree has the Node run's root (${t.root})`);
    });
    provider.destroy();
    const browser = {
      chromium: page.chromium,
      bundleBytes: bundle.length,
      launchSeconds: page.launchSeconds,
      pageSeconds: page.pageSeconds,
      root: page.summary.tree.root,
    };
    return { tarball, timings, claimed, browser, viem: { tx: viemRun.settled.tx, refusal: viemRun.refusal } };
  } finally {
    if (node !== undefined) {
      await stopNode(node);
      log(`    anvil pid ${node.pid} stopped`);
    }
    cleanupSync();
    process.off("exit", cleanupSync);
    if (keep) log(`    kept ${work}`);
  }
}

// -------------------------------------------------------------------------------------------------
// Standalone
// -------------------------------------------------------------------------------------------------

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { register } = await import("tsx/esm/api");
  register();
  const { stopAllNodesSync } = await import("./lib/nodes.js");
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.once(signal, () => {
      stopAllNodesSync();
      process.exit(code);
    });
  }
  const started = Date.now();
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  try {
    const result = await runPackageE2E(log);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const { browser } = result;
    log(
      `browser: Chromium ${browser.chromium}, bundle ${browser.bundleBytes} bytes, launch ${browser.launchSeconds.toFixed(1)} s, ` +
        `page ${browser.pageSeconds.toFixed(1)} s`,
    );
    log(`package e2e passed in ${seconds} s (tarball ${result.tarball.size} bytes, ${result.tarball.entries} files)`);
  } catch (err: unknown) {
    log(`✘ ${err instanceof Error ? err.message : String(err)}`);
    log(`package e2e FAILED after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exitCode = 1;
  }
}
