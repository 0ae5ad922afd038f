/// The Hardhat CLI's own errors (an unknown task, an unknown option, a missing configuration variable) print as the
/// tasks' errors do: one line `error: …` with a hint on stderr, and exit code 1. Each case runs `npx hardhat` as a
/// child process, as a person would.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function hardhat(args: string[]): { stderr: string; status: number | null } {
  const env = { ...process.env };
  for (const name of ["SEPOLIA_RPC_URL", "SEPOLIA_PRIVATE_KEY", "DEBUG"]) delete env[name];
  const run = spawnSync("npx", ["hardhat", ...args], { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 });
  return { stderr: run.stderr, status: run.status };
}

const MISSING =
  /^error: HHE(7: Configuration Variable "SEPOLIA_RPC_URL" not found\. Set it with `npx hardhat keystore set SEPOLIA_RPC_URL`|50002: Key "SEPOLIA_RPC_URL" not found in the development keystore\. .*) [Oo]r (set )?the environment variable SEPOLIA_RPC_URL \(docs\/deploy\.md\)\.$/;

function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.split("\n").filter((l) => l.trim() !== "");
  expect(lines, stderr).to.have.length(1);
  expect(lines[0]).to.match(pattern);
}

describe("the Hardhat CLI's errors", function () {
  this.timeout(240_000);

  describe("when the task does not exist", function () {
    it("prints one line with where the tasks are listed, and exits 1", function () {
      const { stderr, status } = hardhat(["no-such-task"]);
      expectOneLine(stderr, /^error: HHE404: Task "no-such-task" not found; `npx hardhat --help` lists the tasks$/);
      expect(status).to.equal(1);
    });
  });

  describe("when an option does not exist", function () {
    it("prints one line with where a task's options are listed, and exits 1", function () {
      const { stderr, status } = hardhat(["settle:quote", "--bogus"]);
      expectOneLine(
        stderr,
        /^error: HHE504: Invalid option "--bogus"\..* `npx hardhat <task> --help` lists a task's options$/,
      );
      expect(status).to.equal(1);
    });
  });

  describe("when a configuration variable is missing", function () {
    it("prints one line with how to set it (as npm run deploy does), and exits 1", function () {
      const { stderr, status } = hardhat(["settle:quote", "--model", "1", "--network", "sepolia"]);
      // HHE7 from the configuration variables, or HHE50002 when a development keystore exists: both say how.
      expectOneLine(stderr, MISSING);
      expect(status).to.equal(1);
    });

    it("does the same for a built-in task (ignition deploy)", function () {
      const { stderr, status } = hardhat([
        "ignition",
        "deploy",
        "deploy/modules/OpenLedger.ts",
        "--network",
        "sepolia",
      ]);
      expectOneLine(stderr, MISSING);
      expect(status).to.equal(1);
    });
  });
});
