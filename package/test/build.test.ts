import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { Wallet } from "ethers";
import {
  abiConstName,
  abiModule,
  deploymentChainId,
  deploymentsModule,
  exportTargets,
  findDeployments,
} from "../build.js";
import { CONTRACT_KEYS, IGNITION_MODULE, SUITE } from "../src/deployments.js";
import type { Addresses } from "../src/deployments.js";

/// Eight distinct addresses, checksummed, by contract key.
function someAddresses(): Addresses {
  const out: Record<string, string> = {};
  for (const key of CONTRACT_KEYS) out[key] = Wallet.createRandom().address;
  return out as Addresses;
}

/// A deployment folder as Ignition writes it: deployed_addresses.json, and a journal opening with the chain id.
function writeDeployment(root: string, id: string, addresses: Addresses, journalChainId?: number): string {
  const dir = path.join(root, id);
  mkdirSync(dir, { recursive: true });
  const futures: Record<string, string> = { [`${IGNITION_MODULE}#Unrelated`]: Wallet.createRandom().address };
  for (const key of CONTRACT_KEYS) futures[`${IGNITION_MODULE}#${SUITE[key]}`] = addresses[key];
  writeFileSync(path.join(dir, "deployed_addresses.json"), JSON.stringify(futures, null, 2));
  if (journalChainId !== undefined) {
    const records = [
      { chainId: journalChainId, type: "DEPLOYMENT_INITIALIZE" },
      { futureId: `${IGNITION_MODULE}#OpenToken`, type: "DEPLOYMENT_EXECUTION_STATE_INITIALIZE" },
    ];
    writeFileSync(path.join(dir, "journal.jsonl"), `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
  }
  return dir;
}

/// Runs `fn` with an empty temporary folder, removed afterwards.
async function inTemp<T>(fn: (root: string) => T | Promise<T>): Promise<T> {
  const root = mkdtempSync(path.join(tmpdir(), "openledger-deployments-"));
  try {
    return await fn(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe("deploymentChainId", function () {
  describe("when the folder has an Ignition journal", function () {
    it("reads the chain id of its DEPLOYMENT_INITIALIZE record, whatever the folder's name", async function () {
      await inTemp((root) => {
        const dir = writeDeployment(root, "sepolia-v1", someAddresses(), 11155111);

        expect(deploymentChainId(dir)).to.equal(11155111);
      });
    });
  });

  describe("when the folder has no journal", function () {
    it("reads the chain id of a chain-<id> name, and gives up on any other name", async function () {
      await inTemp((root) => {
        expect(deploymentChainId(writeDeployment(root, "chain-84532", someAddresses()))).to.equal(84532);
        expect(deploymentChainId(writeDeployment(root, "custom", someAddresses()))).to.equal(undefined);
      });
    });
  });
});

describe("findDeployments", function () {
  describe("when deployments of public chains are present", function () {
    it("gives one per chain, ascending, with the suite's addresses by key", async function () {
      await inTemp((root) => {
        const sepolia = someAddresses();
        const opSepolia = someAddresses();
        writeDeployment(root, "chain-11155420", opSepolia, 11155420);
        writeDeployment(root, "sepolia-v1", sepolia, 11155111);

        const found = findDeployments(root, false);

        expect(found).to.deep.equal([
          { deploymentId: "sepolia-v1", chainId: 11155111, addresses: sepolia },
          { deploymentId: "chain-11155420", chainId: 11155420, addresses: opSepolia },
        ]);
      });
    });
  });

  describe("when a deployment is on a local chain", function () {
    it("leaves it out unless local chains are asked for", async function () {
      await inTemp((root) => {
        const local = someAddresses();
        writeDeployment(root, "chain-31337", local, 31337);
        writeDeployment(root, "e2e-anvil", someAddresses());

        expect(findDeployments(root, false)).to.deep.equal([]);
        expect(findDeployments(root, true)).to.deep.equal([
          { deploymentId: "chain-31337", chainId: 31337, addresses: local },
        ]);
      });
    });
  });

  describe("when two folders are for one chain", function () {
    it("ships the chain-<id> one", async function () {
      await inTemp((root) => {
        const main = someAddresses();
        writeDeployment(root, "chain-84532", main, 84532);
        writeDeployment(root, "base-trial", someAddresses(), 84532);

        expect(findDeployments(root, false).map((d) => d.addresses)).to.deep.equal([main]);
      });
    });

    it("refuses to pick between two other ids", async function () {
      await inTemp((root) => {
        writeDeployment(root, "base-a", someAddresses(), 84532);
        writeDeployment(root, "base-b", someAddresses(), 84532);

        expect(() => findDeployments(root, false)).to.throw(
          "chain 84532 has 2 deployments (base-a, base-b): name the one to ship chain-84532",
        );
      });
    });
  });

  describe("when a deployment lacks a contract of the suite", function () {
    it("names the missing future", async function () {
      await inTemp((root) => {
        const dir = writeDeployment(root, "chain-11155111", someAddresses(), 11155111);
        writeFileSync(
          path.join(dir, "deployed_addresses.json"),
          JSON.stringify({ [`${IGNITION_MODULE}#OpenToken`]: Wallet.createRandom().address }),
        );

        expect(() => findDeployments(root, false)).to.throw(/has no OpenLedger#StakedOpen, OpenLedger#OpenTimelock/);
      });
    });
  });
});

describe("deploymentsModule", function () {
  describe("when deployments are found", function () {
    it("is a module whose KNOWN_DEPLOYMENTS holds their addresses by chain id", async function () {
      await inTemp(async (root) => {
        const sepolia = someAddresses();
        const file = path.join(root, "known-deployments.mjs");
        writeFileSync(
          file,
          deploymentsModule([{ deploymentId: "chain-11155111", chainId: 11155111, addresses: sepolia }]),
        );

        const { KNOWN_DEPLOYMENTS } = (await import(pathToFileURL(file).href)) as {
          KNOWN_DEPLOYMENTS: Record<number, Addresses>;
        };

        expect(KNOWN_DEPLOYMENTS).to.deep.equal({ 11155111: sepolia });
        expect(Object.isFrozen(KNOWN_DEPLOYMENTS[11155111])).to.equal(true);
      });
    });
  });
});

describe("abiModule", function () {
  describe("when given the ABIs of the suite", function () {
    it("is a module of `as const` ABIs, by contract name and by the key of the suite", async function () {
      const entry = { type: "error", name: "ZeroUnits", inputs: [] };
      const abis = Object.values(SUITE).map((name) => ({ name, abi: [{ ...entry, name: `${name}Error` }] }));

      await inTemp(async (root) => {
        const file = path.join(root, "abis.mjs");
        const source = abiModule(abis);
        expect(source).to.contain(
          'export const settlementAbi = [{"type":"error","name":"SettlementError","inputs":[]}] as const;',
        );
        // The module minus its `as const`: what tsc compiles it to.
        writeFileSync(file, source.replaceAll(" as const;", ";"));
        const loaded = (await import(pathToFileURL(file).href)) as {
          abis: Record<string, unknown>;
          suiteAbis: Record<string, unknown>;
          settlementAbi: unknown;
        };

        expect(Object.keys(loaded.abis)).to.deep.equal(Object.values(SUITE));
        expect(Object.keys(loaded.suiteAbis)).to.deep.equal(CONTRACT_KEYS);
        expect(loaded.suiteAbis.settlement).to.equal(loaded.settlementAbi);
        expect(loaded.abis.Settlement).to.equal(loaded.settlementAbi);
      });
      expect(abiConstName("Settlement")).to.equal("settlementAbi");
      expect(abiConstName("OpenToken")).to.equal("openTokenAbi");
    });
  });
});

describe("exportTargets", function () {
  describe("when given the package's manifest", function () {
    it("lists the types and the module of every entry, the viem entry included", function () {
      const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
        exports: Record<string, unknown>;
        peerDependenciesMeta: Record<string, { optional?: boolean }>;
      };

      const targets = exportTargets(manifest);

      expect(targets).to.deep.include.members([
        ["./viem", "./dist/package/src/viem/index.d.ts"],
        ["./viem", "./dist/package/src/viem/index.js"],
        ["./abis", "./dist/abis/index.d.ts"],
      ]);
      expect(targets.some(([, file]) => file.includes("*"))).to.equal(false);
      expect(manifest.peerDependenciesMeta.viem.optional).to.equal(true);
    });
  });
});
