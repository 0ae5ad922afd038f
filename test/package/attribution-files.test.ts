/// The pure parts of tree files that the SDK's root offers to a browser (loading from text or an object, allocation
/// or tree, grouping, checking one against an allocation), and the layering of the SDK: no file system outside its
/// Node edge, and nothing from the tools.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { getAddress } from "ethers";
import {
  buildTree,
  groupTrees,
  loadTree,
  OpenLedgerError,
  parseAllocationOrTree,
  treeFileContentProblem,
  treeFileOf,
  treeForRoot,
} from "../../package/src/index.js";
import type { Allocation, TreeFile } from "../../package/src/index.js";

const A = getAddress("0x1000000000000000000000000000000000000001");
const B = getAddress("0x2000000000000000000000000000000000000002");

function allocationOf(datanetId: string, epoch: number, amounts: [bigint, bigint]): Allocation {
  return {
    version: 1,
    chainId: 31337,
    settlement: getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3"),
    datanetId,
    epoch,
    policy: "pro-rata",
    cumulativeTotal: (amounts[0] + amounts[1]).toString(),
    allocations: [
      { account: A, cumulativeAmount: amounts[0].toString() },
      { account: B, cumulativeAmount: amounts[1].toString() },
    ],
  };
}

const treeOf = (a: Allocation): TreeFile => treeFileOf(a, buildTree(a));

describe("loadTree", function () {
  describe("when given JSON text or a parsed object", function () {
    it("returns the tree file, the same either way", function () {
      const tree = treeOf(allocationOf("1", 1, [3n, 1n]));
      expect(loadTree(JSON.stringify(tree))).to.deep.equal(tree);
      expect(loadTree(JSON.parse(JSON.stringify(tree)) as unknown)).to.deep.equal(tree);
    });
  });

  describe("when the text is not JSON or not a tree file", function () {
    it("throws one OpenLedgerError line naming what it read", function () {
      expect(() => loadTree("{", "https://x/tree.json")).to.throw(
        OpenLedgerError,
        /^https:\/\/x\/tree.json is not JSON/,
      );
      expect(() => loadTree({ allocation: {} })).to.throw(OpenLedgerError, /version undefined is not supported/);
    });
  });
});

describe("parseAllocationOrTree", function () {
  it("gives the allocation of an allocation file and of a tree file", function () {
    const a = allocationOf("1", 1, [3n, 1n]);
    expect(parseAllocationOrTree(JSON.parse(JSON.stringify(a)) as unknown)).to.deep.equal(a);
    expect(parseAllocationOrTree(JSON.parse(JSON.stringify(treeOf(a))) as unknown)).to.deep.equal(a);
  });
});

describe("groupTrees and treeForRoot", function () {
  it("group by datanet, newest epoch first, and find the tree of a root in any case", function () {
    const d1e1 = { file: "d1e1", tree: treeOf(allocationOf("1", 1, [3n, 1n])) };
    const d1e2 = { file: "d1e2", tree: treeOf(allocationOf("1", 2, [5n, 2n])) };
    const d2e1 = { file: "d2e1", tree: treeOf(allocationOf("2", 1, [1n, 1n])) };
    const grouped = groupTrees([d1e1, d2e1, d1e2]);

    expect([...grouped.keys()]).to.deep.equal(["1", "2"]);
    expect(grouped.get("1")?.map((t) => t.file)).to.deep.equal(["d1e2", "d1e1"]);
    expect(treeForRoot(grouped.get("1") ?? [], d1e1.tree.root.toUpperCase().replace("0X", "0x"))?.file).to.equal(
      "d1e1",
    );
    expect(treeForRoot(grouped.get("2") ?? [], d1e1.tree.root)).to.equal(undefined);
  });
});

describe("treeFileContentProblem", function () {
  const a = allocationOf("1", 1, [3n, 1n]);
  const tree = buildTree(a);

  describe("when the content is the allocation's tree file", function () {
    it("finds no problem", function () {
      expect(treeFileContentProblem(treeFileOf(a, tree), a, tree)).to.equal(undefined);
    });
  });

  describe("when it is another epoch's, another tree, or its parts disagree", function () {
    it("says which", function () {
      const other = allocationOf("1", 2, [3n, 1n]);
      expect(treeFileContentProblem(treeOf(other), a, tree)).to.match(/^it is the tree of chain 31337 .* epoch 2$/);
      const raised = allocationOf("1", 1, [4n, 1n]);
      expect(treeFileContentProblem(treeOf(raised), a, tree)).to.match(/^its root 0x[0-9a-f]{64} is not the/);
      const edited = treeFileOf(a, tree);
      edited.proofs[A] = { ...edited.proofs[A], cumulativeAmount: "4" };
      expect(treeFileContentProblem(edited, a, tree)).to.match(/^proof mismatch: /);
    });
  });
});

describe("the SDK's layering", function () {
  const root = path.resolve("package", "src");
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const full = path.join(dir, f);
      return statSync(full).isDirectory() ? files(full) : full.endsWith(".ts") ? [full] : [];
    });
  const imports = (file: string): string[] =>
    [...readFileSync(file, "utf8").matchAll(/from "([^"]+)"|import\("([^"]+)"\)/g)].map((m) => m[1] ?? m[2]);

  it("imports nothing from the tools, the tests or hardhat", function () {
    for (const file of files(root)) {
      for (const spec of imports(file)) {
        expect(spec, `${path.relative(root, file)} imports ${spec}`).to.not.match(
          /(^|\/)(tasks|scripts|test)\/|^hardhat(\/|$)/,
        );
      }
    }
  });

  it("touches node: modules only in its Node edge, package/src/node", function () {
    for (const file of files(root).filter((f) => !f.startsWith(path.join(root, "node") + path.sep))) {
      for (const spec of imports(file)) {
        expect(spec, `${path.relative(root, file)} imports ${spec}`).to.not.match(/^node:/);
      }
    }
  });
});
