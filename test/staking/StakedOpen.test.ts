import { expect } from "chai";
import { AbiCoder, MaxUint256, Signature, ZeroAddress, ZeroHash, concat, parseEther } from "ethers";
import type { FunctionFragment, ParamType, TypedDataDomain } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { shouldBehaveLikeRestrictedSetter } from "../helpers/behaviours/index.js";
import { loadSuite, PARAMS, timelockSigner } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";
import type { PermitLib } from "../../typechain-types/staking/StakedOpen.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

const abi = AbiCoder.defaultAbiCoder();
const COOLDOWN = BigInt(PARAMS.withdrawalCooldown);
const MAX_COOLDOWN = 90n * 24n * 3600n;
const DURATION = BigInt(PARAMS.rewardsDuration);
const MIN_DURATION = 3600n;
const MAX_DURATION = 90n * 24n * 3600n;

/// Approves and stakes `amount` OPEN as `user`.
async function stakeAs(s: Suite, user: HardhatEthersSigner, amount: bigint): Promise<void> {
  await s.open.connect(user).approve(await s.gopen.getAddress(), amount);
  await s.gopen.connect(user).stake(amount);
}

/// `owner` signs an EIP-2612 permit on OPEN for gOPEN to take `value`.
async function signStakePermit(
  s: Suite,
  owner: HardhatEthersSigner,
  value: bigint,
  deadline: bigint,
): Promise<PermitLib.PermitStruct> {
  const { chainId } = await ethers.provider.getNetwork();
  const domain: TypedDataDomain = { name: "Open", version: "1", chainId, verifyingContract: await s.open.getAddress() };
  const types = {
    Permit: [
      { name: "owner", type: "address" },
      { name: "spender", type: "address" },
      { name: "value", type: "uint256" },
      { name: "nonce", type: "uint256" },
      { name: "deadline", type: "uint256" },
    ],
  };
  const message = {
    owner: owner.address,
    spender: await s.gopen.getAddress(),
    value,
    nonce: await s.open.nonces(owner.address),
    deadline,
  };
  const { v, r, s: sigS } = Signature.from(await owner.signTypedData(domain, types, message));
  return { deadline, v, r, s: sigS };
}

/// A neutral argument of the given ABI type, to call any function with.
function neutral(param: ParamType): unknown {
  if (param.isArray()) return [];
  if (param.isTuple()) return param.components.map(neutral);
  if (param.baseType === "address") return ZeroAddress;
  if (param.baseType === "bool") return false;
  if (param.baseType === "string") return "";
  if (param.baseType === "bytes") return "0x";
  if (param.baseType.startsWith("bytes")) return ZeroHash.slice(0, 2 + 2 * Number(param.baseType.slice(5)));
  return 0n;
}

describe("StakedOpen", function () {
  describe("deployment", function () {
    it("is the non-transferable gOPEN over OPEN, managed by the AccessManager", async function () {
      const { gopen, open, accessManager } = await loadSuite(connection);

      expect(await gopen.name()).to.equal("Governance OPEN");
      expect(await gopen.symbol()).to.equal("gOPEN");
      expect(await gopen.decimals()).to.equal(18n);
      expect(await gopen.asset()).to.equal(await open.getAddress());
      expect(await gopen.authority()).to.equal(await accessManager.getAddress());
      expect(await gopen.totalSupply()).to.equal(0n);
    });

    it("starts with the configured cooldown and the documented bounds", async function () {
      const { gopen } = await loadSuite(connection);

      expect(await gopen.cooldown()).to.equal(COOLDOWN);
      expect(await gopen.MAX_COOLDOWN()).to.equal(MAX_COOLDOWN);
      expect(await gopen.MIN_DISTRIBUTION_SUPPLY()).to.equal(parseEther("1"));
      expect(await gopen.rewardsDuration()).to.equal(DURATION);
    });

    it("emits CooldownSet and RewardsDurationSet with the initial values", async function () {
      const { open, accessManager } = await loadSuite(connection);
      const gopen = await ethers.deployContract("StakedOpen", [
        await open.getAddress(),
        await accessManager.getAddress(),
        MAX_COOLDOWN,
        MAX_DURATION,
      ]);

      await expect(gopen.deploymentTransaction()).to.emit(gopen, "CooldownSet").withArgs(MAX_COOLDOWN);
      await expect(gopen.deploymentTransaction()).to.emit(gopen, "RewardsDurationSet").withArgs(MAX_DURATION);
    });

    describe("when the initial cooldown is above MAX_COOLDOWN", function () {
      it("reverts with CooldownTooLong", async function () {
        const { open, accessManager } = await loadSuite(connection);
        const factory = await ethers.getContractFactory("StakedOpen");

        await expect(
          factory.deploy(await open.getAddress(), await accessManager.getAddress(), MAX_COOLDOWN + 1n, DURATION),
        )
          .to.be.revertedWithCustomError(factory, "CooldownTooLong")
          .withArgs(MAX_COOLDOWN + 1n, MAX_COOLDOWN);
      });
    });

    describe("when the initial rewards duration is outside its bounds", function () {
      it("reverts with RewardsDurationOutOfBounds", async function () {
        const { open, accessManager } = await loadSuite(connection);
        const factory = await ethers.getContractFactory("StakedOpen");
        const args = [await open.getAddress(), await accessManager.getAddress(), COOLDOWN] as const;

        for (const duration of [MIN_DURATION - 1n, MAX_DURATION + 1n]) {
          await expect(factory.deploy(...args, duration))
            .to.be.revertedWithCustomError(factory, "RewardsDurationOutOfBounds")
            .withArgs(duration, MIN_DURATION, MAX_DURATION);
        }
      });
    });
  });

  describe("clock", function () {
    it("is the block timestamp, and CLOCK_MODE says so (ERC-6372)", async function () {
      const { gopen } = await loadSuite(connection);
      await time.increase(1000);

      expect(await gopen.clock()).to.equal(BigInt(await time.latest()));
      expect(await gopen.CLOCK_MODE()).to.equal("mode=timestamp");
    });
  });

  describe("stake", function () {
    describe("when the caller has approved the amount", function () {
      it("takes the OPEN, mints as much gOPEN and emits Staked and Transfer", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        const amount = parseEther("250");
        await s.open.connect(alice).approve(await s.gopen.getAddress(), amount);

        const tx = s.gopen.connect(alice).stake(amount);

        await expect(tx).to.emit(s.gopen, "Staked").withArgs(alice.address, amount);
        await expect(tx).to.emit(s.gopen, "Transfer").withArgs(ZeroAddress, alice.address, amount);
        await expect(tx).to.changeTokenBalances(ethers, s.open, [alice, s.gopen], [-amount, amount]);
        expect(await s.gopen.balanceOf(alice.address)).to.equal(amount);
        expect(await s.gopen.totalSupply()).to.equal(amount);
      });

      it("adds up the stakes of several calls and several stakers", async function () {
        const s = await loadSuite(connection);
        const [alice, bob] = s.users;

        await stakeAs(s, alice, parseEther("1"));
        await stakeAs(s, alice, parseEther("2"));
        await stakeAs(s, bob, parseEther("5"));

        expect(await s.gopen.balanceOf(alice.address)).to.equal(parseEther("3"));
        expect(await s.gopen.balanceOf(bob.address)).to.equal(parseEther("5"));
        expect(await s.gopen.totalSupply()).to.equal(parseEther("8"));
        expect(await s.open.balanceOf(await s.gopen.getAddress())).to.equal(parseEther("8"));
      });
    });

    describe("when the amount is zero", function () {
      it("reverts with ZeroAmount", async function () {
        const { gopen, users } = await loadSuite(connection);

        await expect(gopen.connect(users[0]).stake(0n)).to.be.revertedWithCustomError(gopen, "ZeroAmount");
      });
    });

    describe("when the caller has not approved the amount", function () {
      it("reverts with OPEN's ERC20InsufficientAllowance and mints nothing", async function () {
        const { gopen, open, users } = await loadSuite(connection);

        await expect(gopen.connect(users[0]).stake(5n))
          .to.be.revertedWithCustomError(open, "ERC20InsufficientAllowance")
          .withArgs(await gopen.getAddress(), 0n, 5n);
        expect(await gopen.totalSupply()).to.equal(0n);
      });
    });
  });

  describe("stakeWithPermit", function () {
    describe("when the permit is valid", function () {
      it("stakes without a prior approval and uses the permit's nonce", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        const amount = parseEther("40");
        const permit = await signStakePermit(s, alice, amount, MaxUint256);

        await expect(s.gopen.connect(alice).stakeWithPermit(amount, permit))
          .to.emit(s.gopen, "Staked")
          .withArgs(alice.address, amount);

        expect(await s.gopen.balanceOf(alice.address)).to.equal(amount);
        expect(await s.open.nonces(alice.address)).to.equal(1n);
        expect(await s.open.allowance(alice.address, await s.gopen.getAddress())).to.equal(0n);
      });
    });

    describe("when someone submitted the permit first", function () {
      it("still stakes, with the allowance the front-run permit set", async function () {
        const s = await loadSuite(connection);
        const [alice, mallory] = s.users;
        const amount = parseEther("40");
        const permit = await signStakePermit(s, alice, amount, MaxUint256);
        await s.open
          .connect(mallory)
          .permit(alice.address, await s.gopen.getAddress(), amount, permit.deadline, permit.v, permit.r, permit.s);

        await expect(s.gopen.connect(alice).stakeWithPermit(amount, permit))
          .to.emit(s.gopen, "Staked")
          .withArgs(alice.address, amount);
        expect(await s.gopen.balanceOf(alice.address)).to.equal(amount);
      });
    });

    describe("when the permit has expired", function () {
      it("reverts with OPEN's ERC2612ExpiredSignature", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        const deadline = BigInt(await time.latest()) + 5n;
        const permit = await signStakePermit(s, alice, 1n, deadline);
        await time.increase(10);

        await expect(s.gopen.connect(alice).stakeWithPermit(1n, permit))
          .to.be.revertedWithCustomError(s.open, "ERC2612ExpiredSignature")
          .withArgs(deadline);
      });
    });

    describe("when the permit is for another amount", function () {
      it("reverts with OPEN's ERC2612InvalidSigner", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        const permit = await signStakePermit(s, alice, 1n, MaxUint256);

        await expect(s.gopen.connect(alice).stakeWithPermit(2n, permit)).to.be.revertedWithCustomError(
          s.open,
          "ERC2612InvalidSigner",
        );
      });
    });

    describe("when the amount is zero", function () {
      it("reverts with ZeroAmount", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        const permit = await signStakePermit(s, alice, 0n, MaxUint256);

        await expect(s.gopen.connect(alice).stakeWithPermit(0n, permit)).to.be.revertedWithCustomError(
          s.gopen,
          "ZeroAmount",
        );
      });
    });
  });

  describe("transfer", function () {
    describe("when a staker sends gOPEN to another account", function () {
      it("reverts with TransfersDisabled", async function () {
        const s = await loadSuite(connection);
        const [alice, bob] = s.users;
        await stakeAs(s, alice, parseEther("10"));

        await expect(s.gopen.connect(alice).transfer(bob.address, 1n)).to.be.revertedWithCustomError(
          s.gopen,
          "TransfersDisabled",
        );
      });
    });
  });

  describe("transferFrom", function () {
    describe("when an approved spender moves gOPEN", function () {
      it("reverts with TransfersDisabled", async function () {
        const s = await loadSuite(connection);
        const [alice, bob] = s.users;
        await stakeAs(s, alice, parseEther("10"));
        await s.gopen.connect(alice).approve(bob.address, parseEther("10"));

        await expect(
          s.gopen.connect(bob).transferFrom(alice.address, bob.address, parseEther("1")),
        ).to.be.revertedWithCustomError(s.gopen, "TransfersDisabled");
        expect(await s.gopen.balanceOf(alice.address)).to.equal(parseEther("10"));
      });
    });
  });

  describe("requestWithdrawal", function () {
    describe("when the staker has enough gOPEN", function () {
      it("burns it, records the pending withdrawal and emits WithdrawalRequested and Transfer", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAs(s, alice, parseEther("10"));
        const at = BigInt(await time.latest()) + 100n;
        await time.setNextBlockTimestamp(at);

        const tx = s.gopen.connect(alice).requestWithdrawal(parseEther("4"));

        await expect(tx)
          .to.emit(s.gopen, "WithdrawalRequested")
          .withArgs(alice.address, parseEther("4"), parseEther("4"), at + COOLDOWN);
        await expect(tx).to.emit(s.gopen, "Transfer").withArgs(alice.address, ZeroAddress, parseEther("4"));
        expect(await s.gopen.balanceOf(alice.address)).to.equal(parseEther("6"));
        expect(await s.gopen.totalSupply()).to.equal(parseEther("6"));
        expect(await s.gopen.totalPendingWithdrawals()).to.equal(parseEther("4"));
        expect(await s.gopen.pendingWithdrawal(alice.address)).to.deep.equal([parseEther("4"), at + COOLDOWN]);
        // The OPEN stays in gOPEN until withdrawn.
        expect(await s.open.balanceOf(await s.gopen.getAddress())).to.equal(parseEther("10"));
      });
    });

    describe("when a withdrawal is already pending", function () {
      it("adds to it and restarts the cooldown", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAs(s, alice, parseEther("10"));
        await s.gopen.connect(alice).requestWithdrawal(parseEther("1"));
        const at = BigInt(await time.latest()) + 1000n;
        await time.setNextBlockTimestamp(at);

        await expect(s.gopen.connect(alice).requestWithdrawal(parseEther("2")))
          .to.emit(s.gopen, "WithdrawalRequested")
          .withArgs(alice.address, parseEther("2"), parseEther("3"), at + COOLDOWN);
        expect(await s.gopen.pendingWithdrawal(alice.address)).to.deep.equal([parseEther("3"), at + COOLDOWN]);
        expect(await s.gopen.totalPendingWithdrawals()).to.equal(parseEther("3"));
      });
    });

    describe("when the amount is zero", function () {
      it("reverts with ZeroAmount", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAs(s, alice, parseEther("1"));

        await expect(s.gopen.connect(alice).requestWithdrawal(0n)).to.be.revertedWithCustomError(s.gopen, "ZeroAmount");
      });
    });

    describe("when the amount is above the staker's gOPEN", function () {
      it("reverts with ERC20InsufficientBalance", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAs(s, alice, parseEther("1"));

        await expect(s.gopen.connect(alice).requestWithdrawal(parseEther("1") + 1n))
          .to.be.revertedWithCustomError(s.gopen, "ERC20InsufficientBalance")
          .withArgs(alice.address, parseEther("1"), parseEther("1") + 1n);
      });
    });
  });

  describe("withdraw", function () {
    describe("when the cooldown is not over", function () {
      it("reverts with WithdrawalNotReady(account, readyAt, now)", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAs(s, alice, parseEther("10"));
        await s.gopen.connect(alice).requestWithdrawal(parseEther("10"));
        const [, readyAt] = await s.gopen.pendingWithdrawal(alice.address);
        await time.setNextBlockTimestamp(readyAt - 1n);

        await expect(s.gopen.connect(alice).withdraw())
          .to.be.revertedWithCustomError(s.gopen, "WithdrawalNotReady")
          .withArgs(alice.address, readyAt, readyAt - 1n);
      });
    });

    describe("when the cooldown is over", function () {
      it("pays the whole pending withdrawal at readyAt and emits Withdrawn", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAs(s, alice, parseEther("10"));
        await s.gopen.connect(alice).requestWithdrawal(parseEther("3"));
        await s.gopen.connect(alice).requestWithdrawal(parseEther("4"));
        const [, readyAt] = await s.gopen.pendingWithdrawal(alice.address);
        await time.setNextBlockTimestamp(readyAt);

        const tx = s.gopen.connect(alice).withdraw();

        await expect(tx).to.emit(s.gopen, "Withdrawn").withArgs(alice.address, parseEther("7"));
        await expect(tx).to.changeTokenBalances(ethers, s.open, [alice, s.gopen], [parseEther("7"), -parseEther("7")]);
        expect(await s.gopen.pendingWithdrawal(alice.address)).to.deep.equal([0n, 0n]);
        expect(await s.gopen.totalPendingWithdrawals()).to.equal(0n);
        expect(await s.gopen.balanceOf(alice.address)).to.equal(parseEther("3"));
      });

      it("keeps the readyAt of the request even if governance changes the cooldown", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAs(s, alice, parseEther("1"));
        await s.gopen.connect(alice).requestWithdrawal(parseEther("1"));
        await s.gopen.connect(await timelockSigner(s)).setCooldown(MAX_COOLDOWN);
        await time.increase(COOLDOWN);

        await expect(s.gopen.connect(alice).withdraw())
          .to.emit(s.gopen, "Withdrawn")
          .withArgs(alice.address, parseEther("1"));
      });
    });

    describe("when no withdrawal is pending", function () {
      it("reverts with NoPendingWithdrawal", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAs(s, alice, parseEther("1"));

        await expect(s.gopen.connect(alice).withdraw())
          .to.be.revertedWithCustomError(s.gopen, "NoPendingWithdrawal")
          .withArgs(alice.address);
      });
    });

    describe("when the withdrawal was already paid", function () {
      it("reverts with NoPendingWithdrawal", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAs(s, alice, parseEther("1"));
        await s.gopen.connect(alice).requestWithdrawal(parseEther("1"));
        await time.increase(COOLDOWN);
        await s.gopen.connect(alice).withdraw();

        await expect(s.gopen.connect(alice).withdraw())
          .to.be.revertedWithCustomError(s.gopen, "NoPendingWithdrawal")
          .withArgs(alice.address);
      });
    });
  });

  describe("setCooldown", function () {
    shouldBehaveLikeRestrictedSetter({
      load: () => loadSuite(connection),
      contract: (s) => s.gopen,
      set: (s, caller, value: bigint) => s.gopen.connect(caller).setCooldown(value),
      read: (s) => s.gopen.cooldown(),
      valid: [MAX_COOLDOWN, 0n],
      event: "CooldownSet",
      invalid: {
        values: [MAX_COOLDOWN + 1n],
        error: "CooldownTooLong",
        args: (value) => [value, MAX_COOLDOWN],
      },
      refused: 60n,
    });

    describe("when the Timelock sets a cooldown up to MAX_COOLDOWN", function () {
      it("applies the new cooldown to the next request", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await s.gopen.connect(await timelockSigner(s)).setCooldown(0n);
        await stakeAs(s, alice, parseEther("1"));
        await s.gopen.connect(alice).requestWithdrawal(parseEther("1"));

        await expect(s.gopen.connect(alice).withdraw())
          .to.emit(s.gopen, "Withdrawn")
          .withArgs(alice.address, parseEther("1"));
      });
    });
  });

  describe("setRewardsDuration", function () {
    shouldBehaveLikeRestrictedSetter({
      load: () => loadSuite(connection),
      contract: (s) => s.gopen,
      set: (s, caller, value: bigint) => s.gopen.connect(caller).setRewardsDuration(value),
      read: (s) => s.gopen.rewardsDuration(),
      valid: [MIN_DURATION, 7n * 24n * 3600n, MAX_DURATION],
      event: "RewardsDurationSet",
      invalid: {
        values: [0n, MIN_DURATION - 1n, MAX_DURATION + 1n],
        error: "RewardsDurationOutOfBounds",
        args: (value) => [value, MIN_DURATION, MAX_DURATION],
      },
      refused: MIN_DURATION,
    });

    describe("when the Timelock sets a duration within the bounds", function () {
      it("keeps the running stream's rate and end, and applies to the next stream", async function () {
        const s = await loadSuite(connection);
        const [alice, payer] = s.users;
        await stakeAs(s, alice, parseEther("10"));
        await s.open.connect(payer).approve(await s.gopen.getAddress(), parseEther("108"));
        await s.gopen.connect(payer).addRewards(parseEther("36"));
        const finish = await s.gopen.periodFinish();
        const rate = await s.gopen.rewardRate();

        await s.gopen.connect(await timelockSigner(s)).setRewardsDuration(2n * DURATION);

        expect(await s.gopen.periodFinish()).to.equal(finish);
        expect(await s.gopen.rewardRate()).to.equal(rate);
        await time.increaseTo(finish);
        await expect(s.gopen.connect(payer).addRewards(parseEther("72")))
          .to.emit(s.gopen, "RewardStreamStarted")
          .withArgs(parseEther("72") / (2n * DURATION), finish + 1n, finish + 1n + 2n * DURATION);
      });
    });
  });

  describe("restricted functions", function () {
    /// Every state-changing function open to anyone. Any other one must be refused to a stranger.
    const PUBLIC = new Set([
      "approve",
      "transfer",
      "transferFrom",
      "stake",
      "stakeWithPermit",
      "requestWithdrawal",
      "withdraw",
      "claimRewards",
      "addRewards",
      "delegate",
      "delegateBySig",
    ]);

    describe("when a stranger calls any of them", function () {
      it("reverts with AccessManagedUnauthorized", async function () {
        const { gopen, stranger } = await loadSuite(connection);
        const restricted: FunctionFragment[] = [];
        gopen.interface.forEachFunction((f) => {
          if (!f.constant && !PUBLIC.has(f.name)) restricted.push(f);
        });

        expect(restricted.map((f) => f.format())).to.have.members([
          "setCooldown(uint256)",
          "setRewardsDuration(uint256)",
          "setAuthority(address)",
        ]);
        for (const fragment of restricted) {
          const data = concat([fragment.selector, abi.encode(fragment.inputs, fragment.inputs.map(neutral))]);
          await expect(stranger.sendTransaction({ to: await gopen.getAddress(), data }), fragment.format())
            .to.be.revertedWithCustomError(gopen, "AccessManagedUnauthorized")
            .withArgs(stranger.address);
        }
      });
    });
  });
});
