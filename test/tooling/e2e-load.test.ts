import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect } from "chai";
import {
  LOAD_ENV,
  MAX_HOGS_PER_CORE,
  maxHogs,
  parseLoad,
  runningHogs,
  startLoad,
  stopLoad,
} from "../../scripts/lib/load.js";

const LOAD_MODULE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "scripts", "lib", "load.ts");

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/// Polls until `pid` has exited, for at most `ms`; returns whether it did.
async function exitsWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isAlive(pid);
}

describe("e2e load (--load N)", function () {
  describe("parseLoad", function () {
    it("reads --load N and --load=N", function () {
      expect(parseLoad(["--load", "2"], {})).to.equal(2);
      expect(parseLoad(["--load=1"], {})).to.equal(1);
    });

    it("falls back on $OPENLEDGER_E2E_LOAD, then on no load", function () {
      expect(parseLoad([], { [LOAD_ENV]: "3" })).to.equal(3);
      expect(parseLoad(["--load", "1"], { [LOAD_ENV]: "3" })).to.equal(1);
      expect(parseLoad([], {})).to.equal(0);
    });

    it("accepts up to 4 hogs per core and refuses one more", function () {
      expect(maxHogs()).to.equal(MAX_HOGS_PER_CORE * availableParallelism());
      expect(parseLoad(["--load", String(maxHogs())], {})).to.equal(maxHogs());
      expect(() => parseLoad(["--load", String(maxHogs() + 1)], {})).to.throw(
        `--load must be a number of CPU hogs from 0 to ${maxHogs()} (4 per core), not "${maxHogs() + 1}"`,
      );
    });

    it("refuses what is not a count, and unknown arguments", function () {
      expect(() => parseLoad(["--load"], {})).to.throw(/--load must be a number of CPU hogs/);
      expect(() => parseLoad(["--load", "-1"], {})).to.throw(/--load must be a number of CPU hogs/);
      expect(() => parseLoad([], { [LOAD_ENV]: "two" })).to.throw(/\$OPENLEDGER_E2E_LOAD must be a number/);
      expect(() => parseLoad(["--fast"], {})).to.throw('unknown argument "--fast" (the e2e takes only --load N)');
    });
  });

  describe("startLoad and stopLoad", function () {
    it("start hogs that run until they are stopped by PID", async function () {
      const pids = await startLoad(2);

      expect(pids).to.have.length(2);
      expect(runningHogs()).to.have.members(pids);
      expect(pids.every(isAlive)).to.equal(true);

      await stopLoad();

      expect(pids.some(isAlive)).to.equal(false);
      expect(runningHogs()).to.deep.equal([]);
    });

    it("leave no hog behind when the run itself is killed (SIGKILL)", async function () {
      this.timeout(20_000);
      const parent = spawn(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const { startLoad } = await import(${JSON.stringify(pathToFileURL(LOAD_MODULE).href)});
           const [pid] = await startLoad(1);
           process.stdout.write(pid + "\\n");
           setInterval(() => {}, 1000);`,
        ],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      const hog = await new Promise<number>((resolve, reject) => {
        parent.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
        parent.once("error", reject);
        parent.once("exit", (code) => reject(new Error(`the run exited with ${code} before starting its hog`)));
      });
      expect(isAlive(hog)).to.equal(true);

      parent.kill("SIGKILL");

      expect(await exitsWithin(hog, 5_000)).to.equal(true);
    });
  });
});
