import { expect } from "chai";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

/// Sends `fn()` of `contract` as `signer`.
const as = (contract: BaseContract, signer: HardhatEthersSigner, fn: string): Promise<unknown> =>
  (contract.connect(signer) as BaseContract).getFunction(fn)();
import { GUARDIAN_ROLE } from "../../../deploy/modules/OpenLedger.js";
import { timelockSigner } from "../fixtures.js";
import type { Suite } from "../fixtures.js";

/// One call of a pausable contract, made in the world `w`.
export interface Call<W> {
  name: string;
  send: (w: W) => Promise<ContractTransactionResponse>;
}

/// A contract the guardian may pause, as the behaviour below tests it.
export interface Pausable<W extends Suite> {
  load: () => Promise<W>;
  contract: (w: W) => BaseContract;
  /// Calls that a pause stops: each reverts with EnforcedPause while paused.
  stopped: readonly Call<W>[];
  /// Calls that a pause must never stop (claims, withdrawals, payouts): each emits its event while paused, once
  /// `credit` has given them something to pay.
  unstopped: readonly (Call<W> & { event: string })[];
  credit: (w: W) => Promise<unknown>;
  /// A stopped call that succeeds again once unpaused, with the event it emits.
  resumes: Call<W> & { event: string };
}

/// In the style of OpenZeppelin's `shouldBehaveLike…`: the guardian (the deployer here) pauses and unpauses, and so
/// may governance (the Timelock); anyone else is refused with AccessManagedUnauthorized; governance can revoke the
/// guardian's role, after which the guardian is refused too; while paused, the stopped calls revert with EnforcedPause
/// and the others go through.
export function shouldBehaveLikePausable<W extends Suite>(spec: Pausable<W>): void {
  describe("as a pausable contract", function () {
    it("lets the guardian pause and unpause, emitting Paused and Unpaused, and resumes the stopped calls", async function () {
      const w = await spec.load();
      const contract = spec.contract(w);
      await expect(as(contract, w.deployer, "pause"))
        .to.emit(contract, "Paused")
        .withArgs(w.deployer.address);
      expect(await contract.getFunction("paused")()).to.equal(true);
      await expect(as(contract, w.deployer, "unpause"))
        .to.emit(contract, "Unpaused")
        .withArgs(w.deployer.address);
      expect(await contract.getFunction("paused")()).to.equal(false);
      await expect(spec.resumes.send(w), spec.resumes.name).to.emit(contract, spec.resumes.event);
    });

    it("lets governance pause and unpause too", async function () {
      const w = await spec.load();
      const contract = spec.contract(w);
      const timelock = await timelockSigner(w);
      await as(contract, timelock, "pause");
      expect(await contract.getFunction("paused")()).to.equal(true);
      await as(contract, timelock, "unpause");
      expect(await contract.getFunction("paused")()).to.equal(false);
    });

    it("reverts with AccessManagedUnauthorized when a stranger pauses or unpauses", async function () {
      const w = await spec.load();
      const contract = spec.contract(w);
      await expect(as(contract, w.stranger, "pause"))
        .to.be.revertedWithCustomError(contract, "AccessManagedUnauthorized")
        .withArgs(w.stranger.address);
      await as(contract, w.deployer, "pause");
      await expect(as(contract, w.stranger, "unpause"))
        .to.be.revertedWithCustomError(contract, "AccessManagedUnauthorized")
        .withArgs(w.stranger.address);
    });

    it("refuses the guardian once governance revoked its role", async function () {
      const w = await spec.load();
      const contract = spec.contract(w);
      await w.accessManager.connect(await timelockSigner(w)).revokeRole(GUARDIAN_ROLE, w.deployer.address);
      await expect(as(contract, w.deployer, "pause"))
        .to.be.revertedWithCustomError(contract, "AccessManagedUnauthorized")
        .withArgs(w.deployer.address);
    });

    it(`reverts with EnforcedPause while paused: ${spec.stopped.map((c) => c.name).join(", ")}`, async function () {
      const w = await spec.load();
      const contract = spec.contract(w);
      await as(contract, w.deployer, "pause");
      for (const call of spec.stopped) {
        await expect(call.send(w), call.name).to.be.revertedWithCustomError(contract, "EnforcedPause");
      }
    });

    it(`still lets through, while paused: ${spec.unstopped.map((c) => c.name).join(", ")}`, async function () {
      const w = await spec.load();
      const contract = spec.contract(w);
      await spec.credit(w);
      await as(contract, w.deployer, "pause");
      for (const call of spec.unstopped) {
        await expect(call.send(w), call.name).to.emit(contract, call.event);
      }
    });
  });
}
