import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import hre from "hardhat";
import { OpenLedgerError } from "../../tasks/lib/errors.js";
import { archiveDir, moveStaleDeployment } from "../../scripts/lib/stale-deployment.js";
import { PROJECT_ROOT, hardhatCli, startAnvil, stopNode } from "../../scripts/lib/nodes.js";
import type { LocalNode } from "../../scripts/lib/nodes.js";

const ADDRESS = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const RECORD = JSON.stringify({ "OpenLedger#GOpen": ADDRESS });
const NOW = new Date("2026-12-01T22:14:31.123Z");

describe("Stale deployment records", function () {
  describe("moveStaleDeployment", function () {
    let root: string;
    let suiteDir: string;

    beforeEach(function () {
      root = mkdtempSync(path.join(tmpdir(), "openledger-stale-"));
      suiteDir = path.join(root, "chain-31337");
      mkdirSync(suiteDir);
      writeFileSync(path.join(suiteDir, "deployed_addresses.json"), RECORD);
    });
    afterEach(function () {
      rmSync(root, { recursive: true, force: true });
    });

    const noCode = async (): Promise<string> => "0x";
    const someCode = async (): Promise<string> => "0x6080";

    describe("when the recorded contracts have code", function () {
      it("leaves the record where it is", async function () {
        expect(await moveStaleDeployment(suiteDir, 31337n, someCode, undefined, NOW)).to.equal(undefined);
        expect(readdirSync(root)).to.deep.equal(["chain-31337"]);
      });
    });

    describe("when there is no record", function () {
      it("does nothing", async function () {
        rmSync(suiteDir, { recursive: true });
        expect(await moveStaleDeployment(suiteDir, 31337n, noCode, undefined, NOW)).to.equal(undefined);
        expect(readdirSync(root)).to.deep.equal([]);
      });
    });

    describe("when a local node was restarted (no code at the recorded addresses)", function () {
      it("moves the record aside to <id>.stale-<time>, whole, and deletes nothing", async function () {
        const archive = await moveStaleDeployment(suiteDir, 31337n, noCode, undefined, NOW);

        expect(archive).to.equal(path.join(root, "chain-31337.stale-20261201T221431Z"));
        expect(existsSync(suiteDir)).to.equal(false);
        expect(readFileSync(path.join(archive ?? "", "deployed_addresses.json"), "utf8")).to.equal(RECORD);
      });

      it("keeps an earlier archive of the same second, with a -2 suffix for the new one", async function () {
        const first = await moveStaleDeployment(suiteDir, 31337n, noCode, undefined, NOW);
        mkdirSync(suiteDir);
        writeFileSync(path.join(suiteDir, "deployed_addresses.json"), RECORD);
        const second = await moveStaleDeployment(suiteDir, 31337n, noCode, undefined, NOW);

        expect(second).to.equal(`${first ?? ""}-2`);
        expect(readdirSync(root).sort()).to.deep.equal([
          "chain-31337.stale-20261201T221431Z",
          "chain-31337.stale-20261201T221431Z-2",
        ]);
        expect(archiveDir(suiteDir, NOW)).to.equal(`${first ?? ""}-3`);
      });
    });

    describe("on any other chain", function () {
      it("refuses with one line, and leaves the record where it is", async function () {
        let message = "";
        try {
          await moveStaleDeployment(suiteDir, 11155111n, noCode, undefined, NOW);
        } catch (err: unknown) {
          expect(err).to.be.instanceOf(OpenLedgerError);
          message = (err as Error).message;
        }
        expect(message).to.equal(
          `${suiteDir} lists contracts that have no code on chain 11155111: ` +
            "it belongs to another chain; move it away or set OPENLEDGER_DEPLOYMENT_ID to a new id",
        );
        expect(readdirSync(root)).to.deep.equal(["chain-31337"]);
      });
    });
  });

  describe("npm run deploy -- --network anvil, again after the node restarts", function () {
    this.timeout(900_000);
    const deploymentId = "test-deploy-restart";
    const deployments = path.join(PROJECT_ROOT, "deploy", "deployments");
    const ours = (): string[] =>
      (existsSync(deployments) ? readdirSync(deployments) : [])
        .filter((name) => name === deploymentId || name.startsWith(`${deploymentId}.stale-`))
        .sort();
    let node: LocalNode | undefined;

    before(function () {
      // Under --coverage the artifacts hold the instrumented code, which is over EIP-170's size limit, so a real node
      // refuses to deploy it. The deploy script is tested by the plain test run.
      if (hre.globalOptions.coverage) this.skip();
    });
    before(function () {
      for (const name of ours()) rmSync(path.join(deployments, name), { recursive: true, force: true });
    });
    after(async function () {
      if (node !== undefined) await stopNode(node);
      for (const name of ours()) rmSync(path.join(deployments, name), { recursive: true, force: true });
    });

    function deploy(url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
      return new Promise((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [hardhatCli(), "run", "--no-compile", "scripts/deploy.ts", "--network", "anvil"],
          {
            cwd: PROJECT_ROOT,
            env: { ...process.env, ANVIL_RPC_URL: url, OPENLEDGER_DEPLOYMENT_ID: deploymentId },
            stdio: ["ignore", "pipe", "pipe"],
          },
        );
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.once("error", reject);
        child.once("close", (code) => resolve({ code, stdout, stderr }));
      });
    }

    it("keeps the first record (moved aside, not deleted) and deploys afresh", async function () {
      node = await startAnvil();
      const first = await deploy(node.url);
      expect(first.stderr, first.stdout).to.equal("");
      expect(first.code).to.equal(0);
      const record = readFileSync(path.join(deployments, deploymentId, "deployed_addresses.json"), "utf8");

      const { port } = node;
      await stopNode(node);
      node = await startAnvil({ port });
      const second = await deploy(node.url);

      expect(second.stderr, second.stdout).to.equal("");
      expect(second.code).to.equal(0);
      const names = ours();
      expect(names).to.have.length(2);
      const archived = names.find((name) => name !== deploymentId) ?? "";
      expect(archived).to.match(new RegExp(`^${deploymentId}\\.stale-\\d{8}T\\d{6}Z$`));
      expect(second.stdout).to.include(
        `moved deploy/deployments/${deploymentId} to deploy/deployments/${archived}: ` +
          "its contracts have no code on this node (kept, not deleted)\n",
      );
      expect(second.stdout).not.to.include("resuming");
      expect(second.stdout).not.to.include("FAIL");
      expect(readFileSync(path.join(deployments, archived, "deployed_addresses.json"), "utf8")).to.equal(record);
      expect(existsSync(path.join(deployments, deploymentId, "deployed_addresses.json"))).to.equal(true);
    });
  });
});
