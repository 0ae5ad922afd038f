/// The one table of the suite's contracts (package/src/contracts.ts) and what is derived from it.
import { expect } from "chai";
import { DEPLOYABLE_CONTRACTS } from "../../bench/budgets.js";
import { FACTORIES as CLIENT_FACTORIES } from "../../package/src/client.js";
import {
  CONTRACT_KEYS,
  CONTRACT_NAMES,
  CONTRACTS,
  FACTORIES,
  futureId,
  keyOfName,
  MANAGED_KEYS,
  SUITE,
} from "../../package/src/contracts.js";
import { SUITE as DEPLOYMENTS_SUITE } from "../../package/src/deployments.js";
import OpenLedger from "../../deploy/modules/OpenLedger.js";

describe("the table of the suite's contracts", function () {
  it("lists the twelve contracts in deployment order", function () {
    expect(CONTRACT_KEYS).to.deep.equal([
      "open",
      "gopen",
      "timelock",
      "governor",
      "accessManager",
      "datanets",
      "models",
      "settlement",
      "budgets",
      "agents",
      "jobs",
      "reputation",
    ]);
  });

  it("gives each its name, factory and Ignition future id", function () {
    expect(CONTRACTS.settlement.name).to.equal("Settlement");
    expect(futureId("open")).to.equal("OpenLedger#OpenToken");
    for (const key of CONTRACT_KEYS) {
      expect(SUITE[key]).to.equal(CONTRACTS[key].name);
      expect(FACTORIES[key]).to.equal(CONTRACTS[key].factory);
      expect(keyOfName(CONTRACTS[key].name)).to.equal(key);
    }
    expect(keyOfName("Nothing")).to.equal(undefined);
  });

  it("is what the client, the deployments map and the bench sizes use", function () {
    expect(CLIENT_FACTORIES).to.equal(FACTORIES);
    expect(DEPLOYMENTS_SUITE).to.equal(SUITE);
    expect(DEPLOYABLE_CONTRACTS).to.deep.equal(CONTRACT_NAMES);
  });

  it("names the AccessManaged contracts", function () {
    expect(MANAGED_KEYS).to.deep.equal(["gopen", "datanets", "models", "settlement", "budgets", "agents", "jobs"]);
  });

  it("matches the futures the Ignition module deploys", function () {
    const ids = new Set([...OpenLedger.futures].map((f) => f.id));
    for (const key of CONTRACT_KEYS) expect(ids.has(futureId(key)), futureId(key)).to.equal(true);
  });
});
