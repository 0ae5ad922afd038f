import { expect } from "chai";
import { readFileSync } from "node:fs";
import { PARAMS } from "../helpers/fixtures.js";

/// The Solidity world builder (test/solidity/utils/SuiteBase.sol) cannot read JSON, so it names the parameters of
/// deploy/parameters/hardhat.json as constants: this keeps the two equal.
const SUITE_BASE = "test/solidity/utils/SuiteBase.sol";

/// Parameters the Solidity builder sets otherwise on purpose, with the reason its comment gives.
const EXCEPTIONS: Readonly<Record<string, string>> = {
  guardianTerm: "the guardian's longest term, so that no invariant run outlives it",
};

const UNITS: Readonly<Record<string, bigint>> = {
  seconds: 1n,
  minutes: 60n,
  hours: 3600n,
  days: 86_400n,
  weeks: 604_800n,
};

/// The value of a Solidity number literal such as `3600`, `1_000e18` or `10 minutes`.
function literal(text: string): bigint {
  const match = /^([0-9_]+)(?:e([0-9]+))?(?:\s+(seconds|minutes|hours|days|weeks))?$/.exec(text.trim());
  if (match === null) throw new Error(`not a number literal: ${text}`);
  const [, digits, exponent, unit] = match;
  return BigInt(digits.replaceAll("_", "")) * 10n ** BigInt(exponent ?? "0") * (unit === undefined ? 1n : UNITS[unit]);
}

/// `timelockDelay` -> `TIMELOCK_DELAY`.
const constantName = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

describe("SuiteBase.sol parameters", function () {
  const source = readFileSync(SUITE_BASE, "utf8");
  const constants = new Map<string, bigint>();
  for (const m of source.matchAll(/uint\d+ internal constant ([A-Z_]+) = ([^;]+);/g))
    constants.set(m[1], literal(m[2]));

  for (const [key, value] of Object.entries(PARAMS)) {
    const name = constantName(key);
    if (key in EXCEPTIONS) {
      it(`sets ${name} apart from hardhat.json: ${EXCEPTIONS[key]}`, function () {
        expect(constants.has(name), `${SUITE_BASE} declares ${name}`).to.equal(true);
        expect(source).to.include(EXCEPTIONS[key]);
      });
      continue;
    }
    it(`declares ${name} equal to hardhat.json's ${key}`, function () {
      expect(constants.get(name), `${SUITE_BASE}: ${name}`).to.equal(BigInt(value));
    });
  }
});
