import { expect } from "chai";
import { parseEther } from "ethers";
import hre from "hardhat";
import { getSuite } from "../../tasks/lib/index.js";
import { runJson, runTask } from "../fixtures/tasks.js";

// The tasks use `hre.network.getOrCreate()`; the suite they deploy on it is cached per connection, so the test
// reads the same contracts. Deployed now, before any snapshot, so that no snapshot can revert it away.
const connection = await hre.network.getOrCreate();
const suite = await getSuite(hre, { connection });
const { networkHelpers } = connection;
const signers = await connection.ethers.getSigners();

/// Accounts used here (by index, as the tasks' --from takes them).
const STAKER = 10;
const OTHER = 11;
const FUNDS = parseEther("10000");

async function fundedStakers(): Promise<void> {
  for (const index of [STAKER, OTHER]) await suite.open.transfer(signers[index].address, FUNDS);
  // Rewards pushed by earlier tests on this network stream for a while: wait them out, so that each test starts with
  // no stream running (what is queued below one unit per second stays queued).
  for (let i = 0; i < 10 && (await suite.gopen.rewardRate()) > 0n; i++) {
    await networkHelpers.time.increaseTo(await suite.gopen.periodFinish());
  }
}

async function latestTimestamp(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest());
}

describe("staking tasks", function () {
  const staker = (): string => signers[STAKER].address;

  beforeEach(async function () {
    await networkHelpers.loadFixture(fundedStakers);
  });

  describe("stake", function () {
    describe("when the allowance is short", function () {
      it("approves, stakes, and prints the new balances", async function () {
        const result = await runJson("stake", { amount: "1500.5", from: String(STAKER) });

        const amount = parseEther("1500.5");
        expect(result.txs).to.have.length(2);
        expect(result.staked).to.equal(amount.toString());
        expect(result.gOpenBalance).to.equal(amount.toString());
        expect(result.openBalance).to.equal((FUNDS - amount).toString());
        expect(result.delegate).to.equal(null);
        expect(await suite.gopen.balanceOf(staker())).to.equal(amount);
      });
    });

    describe("when staking with --permit", function () {
      it("stakes in one transaction, with no approval left behind", async function () {
        const result = await runJson("stake", { amount: "100", permit: true, from: String(STAKER) });

        expect(result.txs).to.have.length(1);
        expect(await suite.gopen.balanceOf(staker())).to.equal(parseEther("100"));
        expect(await suite.open.allowance(staker(), await suite.gopen.getAddress())).to.equal(0n);
      });
    });

    describe("when the account is already delegated to itself", function () {
      it("shows the new votes", async function () {
        await suite.gopen.connect(signers[STAKER]).delegate(staker());

        const result = await runJson("stake", { amount: "100", from: String(STAKER) });

        expect(result.delegate).to.equal(staker());
        expect(result.votes).to.equal(parseEther("100").toString());
      });
    });

    describe("when the account holds less than the amount", function () {
      it("refuses with one line and exit code 1", async function () {
        const result = await runTask("stake", { amount: "10001", from: String(STAKER) });

        expect(result.exitCode).to.equal(1);
        expect(result.stderr).to.equal(`error: ${staker()} holds 10,000 OPEN, less than the 10,001 OPEN to stake\n`);
        expect(await suite.open.allowance(staker(), await suite.gopen.getAddress())).to.equal(0n);
      });
    });

    describe("when the amount is not a number of OPEN", function () {
      it("says what it expects", async function () {
        const result = await runTask("stake", { amount: "1e18", from: String(STAKER) });

        expect(result.stderr).to.equal(
          'error: --amount "1e18" must be an amount of OPEN such as 1000 or 0.5 (at most 18 decimals)\n',
        );
      });
    });

    describe("when the account index does not exist", function () {
      it("names the accounts there are", async function () {
        const result = await runTask("stake", { amount: "1", from: "99" });

        expect(result.stderr).to.match(/^error: no account #99 on network "[^"]+": it has 30 \(0\.\.29\)\n$/);
      });
    });
  });

  describe("unstake", function () {
    describe("when a withdrawal is requested", function () {
      it("burns the gOPEN and prints when the OPEN is withdrawable", async function () {
        await runJson("stake", { amount: "1000", from: String(STAKER) });
        await suite.gopen.connect(signers[STAKER]).delegate(staker());

        const result = await runJson("unstake", { amount: "400", from: String(STAKER) });

        const readyAt = (await latestTimestamp()) + (await suite.gopen.cooldown());
        expect(result.pending).to.equal(parseEther("400").toString());
        expect(result.withdrawableAt).to.equal(readyAt.toString());
        expect(result.gOpenBalance).to.equal(parseEther("600").toString());
        expect(result.votes).to.equal(parseEther("600").toString());
      });
    });

    describe("when --complete comes before the cooldown is over", function () {
      it("says when it will be ready", async function () {
        await runJson("stake", { amount: "1000", from: String(STAKER) });
        await runJson("unstake", { amount: "400", from: String(STAKER) });

        const result = await runTask("unstake", { complete: true, from: String(STAKER) });

        expect(result.exitCode).to.equal(1);
        expect(result.stderr).to.match(
          /^error: the withdrawal of 400 OPEN is not ready: it is withdrawable .* \(in 1h\)\n$/,
        );
      });
    });

    describe("when --complete comes after the cooldown", function () {
      it("pays the OPEN back", async function () {
        await runJson("stake", { amount: "1000", from: String(STAKER) });
        await runJson("unstake", { amount: "400", from: String(STAKER) });
        const [, readyAt] = await suite.gopen.pendingWithdrawal(staker());
        await networkHelpers.time.increaseTo(readyAt);

        const result = await runJson("unstake", { complete: true, from: String(STAKER) });

        expect(result.withdrawn).to.equal(parseEther("400").toString());
        expect(result.openBalance).to.equal((FUNDS - parseEther("600")).toString());
      });
    });

    describe("when nothing is pending", function () {
      it("prints the contract's decoded error", async function () {
        const result = await runTask("unstake", { complete: true, from: String(STAKER) });

        expect(result.exitCode).to.equal(1);
        expect(result.stderr).to.equal(`error: NoPendingWithdrawal(account=${staker()})\n`);
      });
    });

    describe("when both --amount and --complete are given", function () {
      it("asks for one of them", async function () {
        const result = await runTask("unstake", { amount: "1", complete: true });

        expect(result.stderr).to.equal(
          "error: give either --amount <OPEN> to request a withdrawal or --complete to withdraw it\n",
        );
      });
    });
  });

  describe("stake:claim", function () {
    describe("when rewards were added for the stakers", function () {
      it("pays what the account earned", async function () {
        await runJson("stake", { amount: "1000", from: String(STAKER) });
        await runJson("stake", { amount: "3000", from: String(OTHER) });
        const rewards = parseEther("72");
        await suite.open.approve(await suite.gopen.getAddress(), rewards);
        await suite.gopen.addRewards(rewards);
        // The rewards stream over the duration: once it is over, what the account earned no longer moves.
        await networkHelpers.time.increase(await suite.gopen.rewardsDuration());
        const earned = await suite.gopen.earned(staker());

        const result = await runJson("stake:claim", { from: String(STAKER) });

        expect(earned).to.be.greaterThan(0n);
        expect(result.claimed).to.equal(earned.toString());
        expect(result.openBalance).to.equal((FUNDS - parseEther("1000") + earned).toString());
        expect(await suite.gopen.earned(staker())).to.equal(0n);
      });
    });

    describe("when the account earned nothing", function () {
      it("prints the contract's decoded error", async function () {
        const result = await runTask("stake:claim", { from: String(STAKER) });

        expect(result.exitCode).to.equal(1);
        expect(result.stderr).to.equal(`error: NoRewards(account=${staker()})\n`);
      });
    });
  });

  describe("stake:status", function () {
    describe("when the account staked, delegated and requested a withdrawal", function () {
      it("shows each of them", async function () {
        await runJson("stake", { amount: "1000", from: String(STAKER) });
        await suite.gopen.connect(signers[STAKER]).delegate(signers[OTHER].address);
        await runJson("unstake", { amount: "250", from: String(STAKER) });
        const [, readyAt] = await suite.gopen.pendingWithdrawal(staker());

        const result = await runJson("stake:status", { account: staker() });

        expect(result).to.include({
          account: staker(),
          staked: parseEther("750").toString(),
          votes: "0",
          delegate: signers[OTHER].address,
          earned: "0",
        });
        expect(result.pendingWithdrawal).to.deep.equal({
          amount: parseEther("250").toString(),
          readyAt: readyAt.toString(),
          ready: false,
        });
      });
    });

    describe("when printed for people", function () {
      it("shows amounts in OPEN and gOPEN", async function () {
        await runJson("stake", { amount: "1000", from: String(STAKER) });

        const result = await runTask("stake:status", { account: String(STAKER) });

        expect(result.stdout).to.match(/^openBalance: +9,000 OPEN$/m);
        expect(result.stdout).to.match(/^staked: +1,000 gOPEN$/m);
        expect(result.stdout).to.match(/^pendingWithdrawal: +none$/m);
        expect(result.stdout).to.match(/^cooldown: +3600 s \(1h\)$/m);
        expect(result.stdout).to.match(/^rewardRate: +0 OPEN\/s$/m);
        expect(result.stdout).to.match(/^streamEnds: +no stream running$/m);
        expect(result.stdout).to.match(/^rewardsDuration: +3600 s \(1h\)$/m);
      });
    });

    describe("when a stream of rewards is running", function () {
      it("shows the stream's rate, the account's share of it, and when it ends", async function () {
        await runJson("stake", { amount: "1000", from: String(STAKER) });
        await runJson("stake", { amount: "3000", from: String(OTHER) });
        await suite.open.approve(await suite.gopen.getAddress(), parseEther("108"));
        // 36 OPEN over one hour streams 0.01 OPEN a second (with what little was queued); the 72 OPEN pushed next
        // wait behind it.
        await suite.gopen.addRewards(parseEther("36"));
        await suite.gopen.addRewards(parseEther("72"));
        const [rate, finish, queued, total] = await Promise.all([
          suite.gopen.rewardRate(),
          suite.gopen.periodFinish(),
          suite.gopen.queuedRewards(),
          suite.gopen.totalSupply(),
        ]);

        const result = await runJson("stake:status", { account: staker() });

        expect(rate >= parseEther("0.01") && queued >= parseEther("72")).to.equal(true);
        expect(result).to.include({
          earning: ((rate * parseEther("1000")) / total).toString(),
          rewardRate: rate.toString(),
          streamEnds: finish.toString(),
          queuedRewards: queued.toString(),
          rewardsDuration: "3600",
        });
        const people = await runTask("stake:status", { account: staker() });
        expect(people.stdout).to.match(/^earning: +[0-9.,]+ OPEN\/s$/m);
      });
    });
  });
});
