import { expect } from "chai";
import { id, Wallet } from "ethers";
import {
  addressesFor,
  addressesFromIgnition,
  CONTRACT_KEYS,
  deployments,
  IGNITION_MODULE,
  knownChainIds,
  LOCAL_CHAIN_IDS,
  parseAddresses,
  SUITE,
} from "../src/deployments.js";
import type { Addresses } from "../src/deployments.js";
import { OpenLedgerError } from "../src/errors/index.js";

/// Distinct addresses, lower-case (as a hand-written file may have them), by contract key.
function someAddresses(): Record<string, string> {
  const out: Record<string, string> = {};
  // Fixed keys: a random address whose checksum happens to be all lower case would fail "checksummed" by chance.
  for (const key of CONTRACT_KEYS) out[key] = new Wallet(id(`openledger ${key}`)).address.toLowerCase();
  return out;
}

describe("SUITE and CONTRACT_KEYS", function () {
  it("name the twelve contracts of the suite, in deployment order", function () {
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
    expect(SUITE.settlement).to.equal("Settlement");
    expect(new Set(Object.values(SUITE)).size).to.equal(CONTRACT_KEYS.length);
  });
});

describe("addressesFor", function () {
  describe("when the package ships no deployment for the chain", function () {
    it("throws one line naming the chain and the known ones", function () {
      const known = knownChainIds();
      expect(() => addressesFor(11155111)).to.throw(
        OpenLedgerError,
        `no OpenLedger deployment for chain 11155111; known: ${known.length > 0 ? known.join(", ") : "none"}`,
      );
    });

    it("never ships a local chain", function () {
      for (const chainId of LOCAL_CHAIN_IDS) {
        expect(deployments[chainId]).to.equal(undefined);
        expect(() => addressesFor(BigInt(chainId))).to.throw(OpenLedgerError, /no OpenLedger deployment/);
      }
    });
  });

  describe("when the chain id is not a positive integer", function () {
    it("throws one line with the value", function () {
      for (const bad of [0, -1, 1.5, Number.NaN, 2n ** 64n]) {
        expect(() => addressesFor(bad)).to.throw(OpenLedgerError, `chain id must be a positive integer, got ${bad}`);
      }
    });
  });

  describe("for every shipped deployment", function () {
    it("gives checked addresses of the whole suite", function () {
      for (const chainId of knownChainIds())
        expect(parseAddresses(addressesFor(chainId))).to.deep.equal(deployments[chainId]);
    });
  });
});

describe("parseAddresses", function () {
  describe("when every contract has an address", function () {
    it("returns them checksummed and frozen", function () {
      const given = someAddresses();
      const parsed: Addresses = parseAddresses(given);
      for (const key of CONTRACT_KEYS) {
        expect(parsed[key].toLowerCase()).to.equal(given[key]);
        expect(parsed[key]).to.not.equal(given[key]);
      }
      expect(Object.isFrozen(parsed)).to.equal(true);
    });
  });

  describe("when the input is wrong", function () {
    it("throws one line with the key at fault", function () {
      const missing = someAddresses();
      delete missing.settlement;
      delete missing.models;
      expect(() => parseAddresses(missing)).to.throw(OpenLedgerError, "addresses has no models, settlement");
      expect(() => parseAddresses({ ...someAddresses(), open: "0x1234" }, "deployment.json")).to.throw(
        OpenLedgerError,
        'deployment.json.open is not an address: "0x1234"',
      );
      expect(() => parseAddresses([])).to.throw(
        OpenLedgerError,
        "addresses must be an object of contract key → address",
      );
      expect(() => parseAddresses(null)).to.throw(OpenLedgerError, /must be an object/);
    });
  });
});

describe("addressesFromIgnition", function () {
  describe("when the file has every future of the suite", function () {
    it("gives the addresses by key, ignoring other futures", function () {
      const given = someAddresses();
      const futures: Record<string, string> = { [`${IGNITION_MODULE}#Unrelated`]: Wallet.createRandom().address };
      for (const key of CONTRACT_KEYS) futures[`${IGNITION_MODULE}#${SUITE[key]}`] = given[key];

      expect(addressesFromIgnition(futures)).to.deep.equal(parseAddresses(given));
    });
  });

  describe("when a future is missing", function () {
    it("names it", function () {
      const futures: Record<string, string> = {};
      for (const key of CONTRACT_KEYS) futures[`${IGNITION_MODULE}#${SUITE[key]}`] = Wallet.createRandom().address;
      delete futures["OpenLedger#Settlement"];

      expect(() => addressesFromIgnition(futures, "chain-1/deployed_addresses.json")).to.throw(
        OpenLedgerError,
        "chain-1/deployed_addresses.json has no OpenLedger#Settlement",
      );
      expect(() => addressesFromIgnition("x")).to.throw(OpenLedgerError, /is not an object of future id → address/);
    });
  });
});
