import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";
import abisPlugin from "./package/abis-plugin.js";
import type { HardhatPlugin } from "hardhat/types/plugins";
import { allTasks } from "./tasks/index.js";
import { oneLineCliErrors } from "./tasks/lib/cli-errors.js";

// An unknown task, an unknown option or a missing configuration variable: one line `error: …`, as the tasks print.
oneLineCliErrors();

const require = createRequire(import.meta.url);

/// The one compiler version of the suite. The npm `solc` package must be exactly this version:
/// Hardhat would otherwise print this version while compiling with whatever npm resolved.
const SOLC = "0.8.28";
const installedSolc: string = (require("solc/package.json") as { version: string }).version;
if (installedSolc !== SOLC) {
  throw new Error(`solc ${installedSolc} is installed but the config pins ${SOLC}: run npm install`);
}

const testnet = (name: string, chainId: number) => ({
  type: "http" as const,
  chainType: name === "sepolia" ? ("l1" as const) : ("op" as const),
  chainId,
  url: configVariable(`${name.toUpperCase()}_RPC_URL`),
  accounts: [configVariable(`${name.toUpperCase()}_PRIVATE_KEY`)],
});

/// The project's own hooks: progress while solc compiles (tasks/lib/hooks.ts).
const progressPlugin: HardhatPlugin = {
  id: "openledger-progress",
  hookHandlers: { solidity: () => import("./tasks/lib/hooks.js") },
};

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers, abisPlugin, progressPlugin],
  tasks: allTasks,
  solidity: {
    version: SOLC,
    // The npm solc's soljson.js, loaded so that it takes its input on the wasm heap: as soljson.js alone, an input
    // above about 1.3 million characters (the suite with its tests, instrumented by --coverage) crashes solc with
    // HHE908 "memory access out of bounds". See scripts/soljson.cjs.
    path: require.resolve("./scripts/soljson.cjs"),
    settings: {
      optimizer: { enabled: true, runs: 10_000 },
      evmVersion: "cancun",
      // NatSpec in the build info, for the API reference (scripts/docs.ts). It changes no bytecode.
      outputSelection: { "*": { "*": ["userdoc", "devdoc"] } },
    },
  },
  paths: { ignition: "deploy" },
  typechain: { outDir: "typechain-types" },
  networks: {
    // The in-process network: Hardhat's default accounts, 30 of them rather than 20, so that the task tests (which
    // share one network) each keep accounts of their own.
    default: { type: "edr-simulated", chainType: "l1", accounts: { count: 30 } },
    // What `hardhat node` serves (`npm run e2e` starts one): as many accounts, for the economy run's cast.
    node: { type: "edr-simulated", chainType: "l1", accounts: { count: 30 } },
    localhost: { type: "http", chainType: "l1", url: process.env.LOCALHOST_RPC_URL ?? "http://127.0.0.1:8545" },
    anvil: { type: "http", chainType: "l1", url: process.env.ANVIL_RPC_URL ?? "http://127.0.0.1:8546" },
    sepolia: testnet("sepolia", 11155111),
    opSepolia: {
      ...testnet("opSepolia", 11155420),
      url: configVariable("OP_SEPOLIA_RPC_URL"),
      accounts: [configVariable("OP_SEPOLIA_PRIVATE_KEY")],
    },
    baseSepolia: {
      ...testnet("baseSepolia", 84532),
      url: configVariable("BASE_SEPOLIA_RPC_URL"),
      accounts: [configVariable("BASE_SEPOLIA_PRIVATE_KEY")],
    },
  },
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
  },
  test: {
    solidity: {
      profiles: {
        default: {
          fuzz: { runs: 256, seed: "0x4f70656e4c6564676572" },
          invariant: { runs: 64, depth: 32, failOnRevert: false },
        },
        ci: {
          fuzz: { runs: 1000, seed: "0x4f70656e4c6564676572" },
          invariant: { runs: 256, depth: 64, failOnRevert: false },
        },
        deep: {
          fuzz: { runs: 10000, seed: "0x4f70656e4c6564676572" },
          invariant: { runs: 10000, depth: 64, failOnRevert: false },
        },
      },
    },
  },
});
