import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { loadTree as loadTreeFrom } from "../src/attribution/index.js";
import { OpenLedgerError } from "../src/errors/index.js";
import { loadTree } from "../src/node/index.js";

describe("loadTree", function () {
  describe("when the file is missing or malformed", function () {
    it("throws one OpenLedgerError line", function () {
      const missing = path.join(tmpdir(), "no-such-dir", "x.tree.json");

      expect(() => loadTree(missing)).to.throw(OpenLedgerError, `${missing}: no such file`);
      expect(() => loadTree({ allocation: {} })).to.throw(OpenLedgerError, /version undefined is not supported/);
      expect(() => loadTreeFrom("{")).to.throw(OpenLedgerError, /tree file is not JSON/);
    });
  });
});
