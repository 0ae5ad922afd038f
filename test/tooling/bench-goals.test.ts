import { expect } from "chai";
import { GAS_GOALS, goalMode, RULE_BOUNDS } from "../../bench/budgets.js";

describe("the bench's gas goals", function () {
  describe("RULE_BOUNDS", function () {
    it("bounds only goals that exist, each above its goal and naming its rule", function () {
      for (const [name, { bound, rule }] of Object.entries(RULE_BOUNDS)) {
        const goal = GAS_GOALS[name];
        expect(goal, name).to.be.a("number");
        expect(bound, name).to.be.greaterThan(goal);
        expect(rule, name).to.match(/\S/);
      }
    });

    it("leaves the goals that hold unbounded: settle.single and the batch are held to their goal itself", function () {
      expect(RULE_BOUNDS["settle.single"]).to.equal(undefined);
      expect(RULE_BOUNDS["settle.batch100.perInference"]).to.equal(undefined);
    });
  });

  describe("goalMode", function () {
    it("fails by default and warns only when asked", function () {
      expect([goalMode(undefined), goalMode(""), goalMode("fail"), goalMode("warn")]).to.deep.equal([
        "fail",
        "fail",
        "fail",
        "warn",
      ]);
    });

    it("refuses any other value, naming it", function () {
      expect(() => goalMode("off")).to.throw('BENCH_GOALS must be "fail" or "warn", not "off"');
    });
  });
});

describe("the bench's open budgets", function () {
  it("name only budgeted entries, each with what stands in the way", async function () {
    const { OPEN_BUDGETS, allBudgets } = await import("../../bench/budgets.js");
    const budgets = allBudgets({ "settle.single": 72_000 });
    for (const [name, reason] of Object.entries(OPEN_BUDGETS)) {
      expect(budgets[name], name).to.be.a("number");
      expect(reason, name).to.match(/\S/);
    }
  });
});
