/// The app's build: a static bundle in dist/, which reads its settings from /config.json at run time.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: "./",
  build: { outDir: path.join(here, "dist"), emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  // The SDK is imported from its source, one folder up.
  server: { fs: { allow: [path.resolve(here, "..")] } },
});
