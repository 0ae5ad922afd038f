import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import hre from "hardhat";
import { OpenLedgerError } from "../../tasks/lib/errors.js";
import { checkGuardian, isLiveNetwork, resolvePlaceholders } from "../../scripts/lib/deploy-parameters.js";
import { PROJECT_ROOT, hardhatCli, rpc, startAnvil, stopNode } from "../../scripts/lib/nodes.js";
import type { LocalNode } from "../../scripts/lib/nodes.js";

/// anvil's (and Hardhat's) first two development accounts: public test keys, never real ones.
const FIRST_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const FIRST = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const SECOND = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const FILE = "deploy/parameters/sepolia.json";

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err: unknown) {
    expect(err).to.be.instanceOf(OpenLedgerError);
    return (err as Error).message;
  }
  throw new Error("expected a refusal");
}

describe("Deployment guardian checks", function () {
  describe("isLiveNetwork", function () {
    it("is false for the in-process network, localhost and anvil, and true for any other", function () {
      expect(isLiveNetwork("hardhat", true)).to.equal(false);
      expect(isLiveNetwork("localhost", false)).to.equal(false);
      expect(isLiveNetwork("anvil", false)).to.equal(false);
      expect(isLiveNetwork("sepolia", false)).to.equal(true);
      expect(isLiveNetwork("opSepolia", false)).to.equal(true);
      expect(isLiveNetwork("mainnet", false)).to.equal(true);
    });
  });

  describe("resolvePlaceholders", function () {
    describe("when the variable a parameter names is set", function () {
      it("puts its value in, and leaves every other parameter as it is", function () {
        const resolved = resolvePlaceholders({ guardian: "${OPENLEDGER_GUARDIAN}", votingDelay: 1 }, FILE, {
          OPENLEDGER_GUARDIAN: ` ${SECOND} `,
        });
        expect(resolved).to.deep.equal({ guardian: SECOND, votingDelay: 1 });
      });
    });

    describe("when the variable is unset or empty", function () {
      it("refuses with one line naming the variable", function () {
        for (const env of [{}, { OPENLEDGER_GUARDIAN: "" }]) {
          const message = refusal(() => resolvePlaceholders({ guardian: "${OPENLEDGER_GUARDIAN}" }, FILE, env));
          expect(message).to.equal(
            `OPENLEDGER_GUARDIAN is not set: ${FILE} takes "guardian" from it; ` +
              "set OPENLEDGER_GUARDIAN to the guardian's address (a multisig, not the deployer)",
          );
        }
      });
    });

    describe("when the guardian's variable is not an address", function () {
      it("refuses with one line naming the variable and the value", function () {
        const message = refusal(() =>
          resolvePlaceholders({ guardian: "${OPENLEDGER_GUARDIAN}" }, FILE, { OPENLEDGER_GUARDIAN: "multisig" }),
        );
        expect(message).to.equal(
          `OPENLEDGER_GUARDIAN is not an address: "multisig" (${FILE} takes "guardian" from it)`,
        );
      });
    });
  });

  describe("checkGuardian", function () {
    describe("on a live network", function () {
      it("refuses a missing guardian, and the zero address, with one line", function () {
        for (const parameters of [{}, { guardian: "0x0000000000000000000000000000000000000000" }]) {
          const message = refusal(() => checkGuardian(parameters, { file: FILE, deployer: FIRST, live: true }));
          expect(message).to.match(new RegExp(`^${FILE} names no guardian: a live network needs one`));
          expect(message).not.to.include("\n");
        }
      });

      it("refuses a guardian equal to the deployer, whatever its case", function () {
        const message = refusal(() =>
          checkGuardian({ guardian: FIRST.toLowerCase() }, { file: FILE, deployer: FIRST, live: true }),
        );
        expect(message).to.match(new RegExp(`^the guardian ${FIRST} is the deployer: on a live network`));
        expect(message).not.to.include("\n");
      });

      it("accepts another account, as a checksummed address", function () {
        expect(checkGuardian({ guardian: SECOND.toLowerCase() }, { file: FILE, deployer: FIRST, live: true })).to.equal(
          SECOND,
        );
      });
    });

    describe("on a local network", function () {
      it("defaults to the deployer, and accepts it", function () {
        expect(checkGuardian({}, { file: FILE, deployer: FIRST, live: false })).to.equal(FIRST);
        expect(checkGuardian({ guardian: FIRST }, { file: FILE, deployer: FIRST, live: false })).to.equal(FIRST);
      });
    });

    describe("when the guardian is not an address", function () {
      it("refuses with one line", function () {
        const message = refusal(() => checkGuardian({ guardian: 42 }, { file: FILE, deployer: FIRST, live: false }));
        expect(message).to.equal(`"guardian" in ${FILE} is not an address: 42`);
      });
    });
  });

  describe("npm run deploy -- --network sepolia (on anvil posing as Sepolia)", function () {
    this.timeout(600_000);
    let node: LocalNode;
    const deploymentId = "test-deploy-guardian";

    before(function () {
      // Under --coverage the artifacts hold the instrumented code, which is over EIP-170's size limit, so a real node
      // refuses to deploy it. The deploy script is tested by the plain test run.
      if (hre.globalOptions.coverage) this.skip();
    });
    before(async function () {
      node = await startAnvil({ chainId: 11155111 });
    });
    after(async function () {
      if (node !== undefined) await stopNode(node);
      rmSync(path.join(PROJECT_ROOT, "deploy", "deployments", deploymentId), { recursive: true, force: true });
    });

    /// Runs scripts/deploy.ts against the node with `env`; resolves with the exit code and the output.
    function deploy(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
      return new Promise((resolve, reject) => {
        const base = { ...process.env };
        delete base.OPENLEDGER_GUARDIAN;
        const child = spawn(
          process.execPath,
          [hardhatCli(), "run", "--no-compile", "scripts/deploy.ts", "--network", "sepolia"],
          {
            cwd: PROJECT_ROOT,
            env: {
              ...base,
              SEPOLIA_RPC_URL: node.url,
              SEPOLIA_PRIVATE_KEY: FIRST_KEY,
              OPENLEDGER_DEPLOYMENT_ID: deploymentId,
              ...env,
            },
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

    const sentBy = async (address: string): Promise<bigint> =>
      BigInt((await rpc(node.url, "eth_getTransactionCount", [address, "latest"])) as string);

    describe("when OPENLEDGER_GUARDIAN is unset", function () {
      it("refuses with one line naming the variable, before sending anything", async function () {
        const result = await deploy({});

        expect(result.code).to.equal(1);
        expect(result.stderr).to.equal(
          `error: OPENLEDGER_GUARDIAN is not set: ${FILE} takes "guardian" from it; ` +
            "set OPENLEDGER_GUARDIAN to the guardian's address (a multisig, not the deployer)\n",
        );
        expect(await sentBy(FIRST)).to.equal(0n);
      });
    });

    describe("when the guardian is the deployer", function () {
      it("refuses with one line, before sending anything", async function () {
        const result = await deploy({ OPENLEDGER_GUARDIAN: FIRST });

        expect(result.code).to.equal(1);
        expect(result.stderr).to.match(new RegExp(`^error: the guardian ${FIRST} is the deployer: [^\\n]*\\n$`));
        expect(await sentBy(FIRST)).to.equal(0n);
      });
    });

    describe("when the guardian is another account", function () {
      it("deploys, with the guardian's term checked on the Governor and the AccessManager", async function () {
        const result = await deploy({ OPENLEDGER_GUARDIAN: SECOND });

        expect(result.stderr, result.stdout).to.equal("");
        expect(result.code).to.equal(0);
        expect(result.stdout).to.include(`guardian    ${SECOND}\n`);
        expect(result.stdout).to.include("ok    guardian's mandate and GUARDIAN role expire together, in the future");
        expect(result.stdout).not.to.include("FAIL");
        expect(await sentBy(FIRST)).to.be.greaterThan(0n);
      });
    });
  });
});
