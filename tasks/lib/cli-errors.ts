/// Hardhat's own errors (an unknown task, an unknown option, a missing configuration variable) as one line with a
/// hint, like the tasks' errors.
import { firstLine } from "../../package/src/errors/index.js";

/// What to do about a Hardhat error, appended to its line: how to set a missing configuration variable (the hint of
/// `npm run deploy`), where the tasks and their options are listed.
export function withHint(line: string): string {
  const missing = /^HHE7: Configuration Variable "([A-Za-z0-9_]+)" not found/.exec(line)?.[1];
  if (missing !== undefined) {
    return `${line} Set it with \`npx hardhat keystore set ${missing}\` or the environment variable ${missing} (docs/deploy.md).`;
  }
  const inKeystore = /^HHE50002: Key "([A-Za-z0-9_]+)" not found in the development keystore/.exec(line)?.[1];
  if (inKeystore !== undefined) return `${line} Or set the environment variable ${inKeystore} (docs/deploy.md).`;
  const then = /[.?!]$/.test(line) ? " " : "; ";
  if (/^HHE(404|405):/.test(line)) return `${line}${then}\`npx hardhat --help\` lists the tasks`;
  if (/^HHE50\d:/.test(line)) return `${line}${then}\`npx hardhat <task> --help\` lists a task's options`;
  return line;
}

/// Makes the Hardhat CLI print its own errors (an unknown task, an unknown option, a missing configuration variable)
/// as the tasks print theirs: one line `error: HHE…: … <hint>` on stderr, without the "For more info" lines (unless
/// --show-stack-traces or DEBUG asks for everything). The CLI still exits with code 1. Called by hardhat.config.ts.
export function oneLineCliErrors(): void {
  if (process.argv.includes("--show-stack-traces") || process.env.DEBUG) return;
  const print = console.error.bind(console);
  let swallow = 0;
  console.error = (...args: unknown[]): void => {
    const text = typeof args[0] === "string" ? args[0].replace(/\x1b\[[0-9;]*m/g, "") : undefined;
    if (swallow > 0 && args.length === 1) {
      swallow--;
      // The blank line, then "For more info …", or the error itself where Hardhat shows stack traces unasked (CI).
      if (args[0] instanceof Error || text === "" || text?.startsWith("For more info") === true) return;
    }
    const hardhat = text === undefined ? null : /^Error (HHE\d+)(?: in plugin [^:]+)?: ([\s\S]*)$/.exec(text);
    if (hardhat === null) {
      print(...args);
      return;
    }
    swallow = 2; // the blank line and "For more info go to …" (or, on CI, the error with its stack)
    process.stderr.write(`error: ${withHint(firstLine(`${hardhat[1]}: ${hardhat[2]}`))}\n`);
  };
}
