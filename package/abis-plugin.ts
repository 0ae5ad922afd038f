/// A Hardhat plugin that writes the `as const` ABIs of the suite (package/src/generated/abis.ts) after every
/// successful build, from the artifacts it just wrote: the way typechain-types/ is written. The viem entry, the
/// `./abis` subpath and `tsc --noEmit` compile against that module, so it exists wherever typechain-types/ does.
import path from "node:path";
import type { HardhatPlugin } from "hardhat/types/plugins";

const abisPlugin: HardhatPlugin = {
  id: "openledger-abis",
  hookHandlers: {
    solidity: async () => ({
      default: async () => ({
        async processArtifactsAfterSuccessfulBuild(context): Promise<void> {
          const { writeAbiModule } = await import("./build.js");
          writeAbiModule(path.join(context.config.paths.artifacts, "contracts"));
        },
      }),
    }),
  },
};

export default abisPlugin;
