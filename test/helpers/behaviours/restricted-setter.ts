import { expect } from "chai";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { timelockSigner } from "../fixtures.js";
import type { Suite } from "../fixtures.js";

/// A governance parameter setter, as the behaviour below tests it.
export interface RestrictedSetter<W extends Suite, V> {
  /// A fresh world (a loadFixture snapshot).
  load: () => Promise<W>;
  /// The contract whose events and errors are expected.
  contract: (w: W) => BaseContract;
  /// Calls the setter as `caller` with `value`.
  set: (w: W, caller: HardhatEthersSigner, value: V) => Promise<ContractTransactionResponse>;
  /// The parameter as stored now: it must become `stored(value)` after a set and stay as it is after a revert.
  read: (w: W) => Promise<unknown>;
  /// What `read` returns once `value` is set; `value` itself by default.
  stored?: (value: V) => unknown;
  /// Values the Timelock sets one after the other (the bounds included): each is stored and emits `event`.
  valid: readonly V[];
  event: string;
  /// The event's arguments for `value`; `[value]` by default.
  eventArgs?: (value: V) => readonly unknown[];
  /// Values out of bounds, refused with the custom error `error(...args(value))`; `constants` are the contract's
  /// bounds, read by name.
  invalid?: {
    values: readonly V[];
    error: string;
    args: (value: V) => readonly unknown[];
    constants?: Readonly<Record<string, bigint>>;
  };
  /// Accounts that must be refused with AccessManagedUnauthorized(account), as the test title names them; the
  /// deployer (the guardian) and a stranger by default.
  outsiders?: { label: string; of: (w: W) => HardhatEthersSigner[] };
  /// The value the outsiders try to set.
  refused: V;
}

const asArgs = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : [value]);

/// In the style of OpenZeppelin's `shouldBehaveLike…`: only the Timelock, through the AccessManager's ADMIN role,
/// may call the setter; each value within the bounds is stored and announced; a value out of bounds reverts with the
/// setter's custom error and its values; every refusal leaves the parameter as it was.
export function shouldBehaveLikeRestrictedSetter<W extends Suite, V>(spec: RestrictedSetter<W, V>): void {
  const stored = spec.stored ?? ((value: V) => value);
  const eventArgs = spec.eventArgs ?? ((value: V) => asArgs(value));
  const outsiders = spec.outsiders ?? {
    label: "the deployer (the guardian) and a stranger",
    of: (w: W) => [w.deployer, w.stranger],
  };

  describe("as a restricted setter", function () {
    it(`lets the Timelock set it, stores the value and emits ${spec.event}`, async function () {
      const w = await spec.load();
      const contract = spec.contract(w);
      const timelock = await timelockSigner(w);
      for (const value of spec.valid) {
        await expect(spec.set(w, timelock, value))
          .to.emit(contract, spec.event)
          .withArgs(...eventArgs(value));
        expect(await spec.read(w)).to.deep.equal(stored(value));
      }
    });

    const invalid = spec.invalid;
    if (invalid !== undefined) {
      it(`reverts with ${invalid.error} for a value out of bounds, and changes nothing`, async function () {
        const w = await spec.load();
        const contract = spec.contract(w);
        for (const [name, bound] of Object.entries(invalid.constants ?? {})) {
          const read = contract.getFunction(name);
          expect(await read(), name).to.equal(bound);
        }
        const timelock = await timelockSigner(w);
        const before = await spec.read(w);
        for (const value of invalid.values) {
          await expect(spec.set(w, timelock, value))
            .to.be.revertedWithCustomError(contract, invalid.error)
            .withArgs(...invalid.args(value));
        }
        expect(await spec.read(w)).to.deep.equal(before);
      });
    }

    it(`reverts with AccessManagedUnauthorized for ${outsiders.label}, and changes nothing`, async function () {
      const w = await spec.load();
      const contract = spec.contract(w);
      const before = await spec.read(w);
      for (const caller of outsiders.of(w)) {
        await expect(spec.set(w, caller, spec.refused))
          .to.be.revertedWithCustomError(contract, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
      expect(await spec.read(w)).to.deep.equal(before);
    });
  });
}
