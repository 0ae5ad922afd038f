import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { OpenLedgerError } from "../src/errors/index.js";
import { loadTree } from "../src/trees.js";

describe("loadTree", function () {
  describe("when the file is missing or malformed", function () {
    it("throws one OpenLedgerError line", function () {
      const missing = path.join(tmpdir(), "no-such-dir", "x.tree.json");

      expect(() => loadTree(missing)).to.throw(OpenLedgerError, `${missing}: no such file`);
      expect(() => loadTree({ allocation: {} })).to.throw(OpenLedgerError, /version undefined is not supported/);
    });
  });
});
