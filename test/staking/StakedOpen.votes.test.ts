import { expect } from "chai";
import { MaxUint256, Signature, ZeroAddress, parseEther } from "ethers";
import type { TypedDataDomain } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { loadSuite } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

interface SignedDelegation {
  nonce: bigint;
  expiry: bigint;
  v: number;
  r: string;
  s: string;
}

/// Approves and stakes `amount` OPEN as `user`.
async function stakeAs(s: Suite, user: HardhatEthersSigner, amount: bigint): Promise<void> {
  await s.open.connect(user).approve(await s.gopen.getAddress(), amount);
  await s.gopen.connect(user).stake(amount);
}

/// `delegator` signs an ERC-5805 delegation of its gOPEN votes to `delegatee`.
async function signDelegation(
  s: Suite,
  delegator: HardhatEthersSigner,
  delegatee: string,
  expiry: bigint,
): Promise<SignedDelegation> {
  const { chainId } = await ethers.provider.getNetwork();
  const domain: TypedDataDomain = {
    name: "Governance OPEN",
    version: "1",
    chainId,
    verifyingContract: await s.gopen.getAddress(),
  };
  const types = {
    Delegation: [
      { name: "delegatee", type: "address" },
      { name: "nonce", type: "uint256" },
      { name: "expiry", type: "uint256" },
    ],
  };
  const nonce = await s.gopen.nonces(delegator.address);
  const { v, r, s: sigS } = Signature.from(await delegator.signTypedData(domain, types, { delegatee, nonce, expiry }));
  return { nonce, expiry, v, r, s: sigS };
}

describe("StakedOpen votes", function () {
  describe("delegate", function () {
    describe("when a staker delegates to itself", function () {
      it("gives it votes equal to its stake and emits DelegateChanged and DelegateVotesChanged", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAs(s, alice, parseEther("10"));
        expect(await s.gopen.getVotes(alice.address)).to.equal(0n);

        const tx = s.gopen.connect(alice).delegate(alice.address);

        await expect(tx).to.emit(s.gopen, "DelegateChanged").withArgs(alice.address, ZeroAddress, alice.address);
        await expect(tx).to.emit(s.gopen, "DelegateVotesChanged").withArgs(alice.address, 0n, parseEther("10"));
        expect(await s.gopen.getVotes(alice.address)).to.equal(parseEther("10"));
        expect(await s.gopen.delegates(alice.address)).to.equal(alice.address);
      });
    });

    describe("when a staker moves its delegation", function () {
      it("moves its votes from the old delegate to the new one", async function () {
        const s = await loadSuite(connection);
        const [alice, bob] = s.users;
        await stakeAs(s, alice, parseEther("10"));
        await s.gopen.connect(alice).delegate(alice.address);

        const tx = s.gopen.connect(alice).delegate(bob.address);

        await expect(tx).to.emit(s.gopen, "DelegateChanged").withArgs(alice.address, alice.address, bob.address);
        await expect(tx).to.emit(s.gopen, "DelegateVotesChanged").withArgs(alice.address, parseEther("10"), 0n);
        await expect(tx).to.emit(s.gopen, "DelegateVotesChanged").withArgs(bob.address, 0n, parseEther("10"));
        expect(await s.gopen.getVotes(alice.address)).to.equal(0n);
        expect(await s.gopen.getVotes(bob.address)).to.equal(parseEther("10"));
      });
    });

    describe("when a delegator stakes more", function () {
      it("adds the new stake to its delegate's votes", async function () {
        const s = await loadSuite(connection);
        const [alice, bob] = s.users;
        await s.gopen.connect(alice).delegate(bob.address);
        await stakeAs(s, alice, parseEther("2"));
        await s.open.connect(alice).approve(await s.gopen.getAddress(), parseEther("3"));

        await expect(s.gopen.connect(alice).stake(parseEther("3")))
          .to.emit(s.gopen, "DelegateVotesChanged")
          .withArgs(bob.address, parseEther("2"), parseEther("5"));
        expect(await s.gopen.getVotes(bob.address)).to.equal(parseEther("5"));
      });
    });
  });

  describe("delegateBySig", function () {
    describe("when the signature is valid", function () {
      it("delegates the signer's votes, whoever submits it, and uses its nonce", async function () {
        const s = await loadSuite(connection);
        const [alice, bob, relayer] = s.users;
        await stakeAs(s, alice, parseEther("4"));
        const sig = await signDelegation(s, alice, bob.address, MaxUint256);

        await expect(s.gopen.connect(relayer).delegateBySig(bob.address, sig.nonce, sig.expiry, sig.v, sig.r, sig.s))
          .to.emit(s.gopen, "DelegateChanged")
          .withArgs(alice.address, ZeroAddress, bob.address);
        expect(await s.gopen.getVotes(bob.address)).to.equal(parseEther("4"));
        expect(await s.gopen.nonces(alice.address)).to.equal(1n);
      });
    });

    describe("when the same signature is submitted again", function () {
      it("reverts with InvalidAccountNonce", async function () {
        const s = await loadSuite(connection);
        const [alice, bob] = s.users;
        const sig = await signDelegation(s, alice, bob.address, MaxUint256);
        await s.gopen.delegateBySig(bob.address, sig.nonce, sig.expiry, sig.v, sig.r, sig.s);
        await s.gopen.connect(alice).delegate(alice.address);

        await expect(s.gopen.delegateBySig(bob.address, sig.nonce, sig.expiry, sig.v, sig.r, sig.s))
          .to.be.revertedWithCustomError(s.gopen, "InvalidAccountNonce")
          .withArgs(alice.address, 1n);
        expect(await s.gopen.delegates(alice.address)).to.equal(alice.address);
      });
    });

    describe("when the signature has expired", function () {
      it("reverts with VotesExpiredSignature", async function () {
        const s = await loadSuite(connection);
        const [alice, bob] = s.users;
        const expiry = BigInt(await time.latest()) + 5n;
        const sig = await signDelegation(s, alice, bob.address, expiry);
        await time.increase(10);

        await expect(s.gopen.delegateBySig(bob.address, sig.nonce, sig.expiry, sig.v, sig.r, sig.s))
          .to.be.revertedWithCustomError(s.gopen, "VotesExpiredSignature")
          .withArgs(expiry);
      });
    });
  });

  describe("requestWithdrawal", function () {
    describe("when a delegated staker requests its stake back", function () {
      it("ends the voting power at once and keeps the past votes", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAs(s, alice, parseEther("10"));
        await s.gopen.connect(alice).delegate(alice.address);
        const before = BigInt(await time.latest());
        await time.increase(100);

        await expect(s.gopen.connect(alice).requestWithdrawal(parseEther("4")))
          .to.emit(s.gopen, "DelegateVotesChanged")
          .withArgs(alice.address, parseEther("10"), parseEther("6"));
        expect(await s.gopen.getVotes(alice.address)).to.equal(parseEther("6"));
        const partial = BigInt(await time.latest());

        await s.gopen.connect(alice).requestWithdrawal(parseEther("6"));
        expect(await s.gopen.getVotes(alice.address)).to.equal(0n);

        await time.increase(1);
        expect(await s.gopen.getPastVotes(alice.address, before)).to.equal(parseEther("10"));
        expect(await s.gopen.getPastVotes(alice.address, partial)).to.equal(parseEther("6"));
        expect(await s.gopen.getPastTotalSupply(before)).to.equal(parseEther("10"));
        expect(await s.gopen.getPastTotalSupply(partial)).to.equal(parseEther("6"));
      });
    });
  });

  describe("getPastVotes", function () {
    describe("when the timepoint is not yet past", function () {
      it("reverts with ERC5805FutureLookup", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        const future = BigInt(await time.latest()) + 1000n;

        await expect(s.gopen.getPastVotes(alice.address, future)).to.be.revertedWithCustomError(
          s.gopen,
          "ERC5805FutureLookup",
        );
      });
    });
  });
});
