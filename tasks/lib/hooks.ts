/// Hook handlers of the project's own plugin (hardhat.config.ts): a line on stderr before each solc run, so that a
/// cold compile (about a minute with the npm solc) is not a silent wait. On stderr, so that `--json` stays clean.
import type { SolidityHooks } from "hardhat/types/hooks";

export default async (): Promise<Partial<SolidityHooks>> => ({
  async invokeSolc(context, compiler, solcInput, solcConfig, next) {
    const sources = Object.keys(solcInput.sources).length;
    process.stderr.write(`compiling with solc ${compiler.version} (${sources} source files with their imports)…\n`);
    return next(context, compiler, solcInput, solcConfig);
  },
});
