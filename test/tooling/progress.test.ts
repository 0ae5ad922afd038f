/// printProgress: what tasks pass to an SDK action as `onProgress`. Progress goes to stderr, so that stdout keeps the
/// result (and `--json` stays one document).
import { expect } from "chai";
import { printProgress } from "../../tasks/lib/output.js";

function stderrOf(fn: () => void): { stderr: string; stdout: string } {
  let stderr = "";
  let stdout = "";
  const writeErr = process.stderr.write.bind(process.stderr);
  const writeOut = process.stdout.write.bind(process.stdout);
  process.stderr.write = (chunk: string | Uint8Array): boolean => ((stderr += String(chunk)), true);
  process.stdout.write = (chunk: string | Uint8Array): boolean => ((stdout += String(chunk)), true);
  const tty = process.stderr.isTTY;
  process.stderr.isTTY = false; // as in CI and pipes, even when the tests run in a terminal
  try {
    fn();
  } finally {
    process.stderr.write = writeErr;
    process.stdout.write = writeOut;
    process.stderr.isTTY = tty;
  }
  return { stderr, stdout };
}

describe("printProgress", function () {
  describe("when a step has no count", function () {
    it("prints its message on stderr", function () {
      const out = stderrOf(() => printProgress({ message: "approving 5 OPEN to 0xabc" }));
      expect(out).to.deep.equal({ stderr: "approving 5 OPEN to 0xabc…\n", stdout: "" });
    });
  });

  describe("when steps are counted", function () {
    it("prints a line per tenth done off a terminal, on stderr", function () {
      const out = stderrOf(() => {
        for (let i = 1; i <= 20; i++) printProgress({ message: "writing shard", step: i, total: 20 });
      });
      const lines = out.stderr.trim().split("\n");
      expect(lines).to.have.length(10);
      expect(lines[9]).to.equal("writing shard 20/20 (100%)");
      expect(out.stdout).to.equal("");
    });
  });
});
