// The npm `solc` package's compiler (soljson.js, solc compiled to WebAssembly), with one change: the standard-JSON
// input reaches `solidity_compile` on the wasm heap instead of the wasm stack. The hardhat.config.ts `solidity.path`
// points here.
//
// Why: Emscripten's `cwrap(…, ["string", …])` copies a string argument onto the stack, reserving 4 bytes per
// character, and soljson's stack is 5 MiB. An input above about 1.3 million characters (the whole suite, tests
// included, with `--coverage` instrumentation: 1.37 million) overflows it, and solc dies with
// `RuntimeError: memory access out of bounds` (Hardhat's HHE908) before it has parsed anything. The same compiler,
// given the same bytes on the heap, has no such limit; its output is the same.
"use strict";

const soljson = require("solc/soljson.js");

const cwrap = soljson.cwrap;
soljson.cwrap = function (name, returnType, argTypes) {
  if (name !== "solidity_compile" || returnType !== "string" || argTypes[0] !== "string") {
    return cwrap.call(this, name, returnType, argTypes);
  }
  const compile = cwrap.call(this, name, "string", ["number", ...argTypes.slice(1)]);
  return function (input, ...rest) {
    const size = soljson.lengthBytesUTF8(input) + 1;
    const pointer = soljson._malloc(size);
    if (pointer === 0) throw new Error(`solc: cannot allocate ${size} bytes for the compiler input`);
    try {
      soljson.stringToUTF8(input, pointer, size);
      return compile(pointer, ...rest);
    } finally {
      soljson._free(pointer);
    }
  };
};

module.exports = soljson;
