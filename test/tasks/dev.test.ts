import { expect } from "chai";
import { parseEther } from "ethers";
import hre from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { requireLocal } from "../../tasks/actions/dev-common.js";
import { getSuite } from "../../tasks/lib/index.js";
import { runJson, runTask } from "../fixtures/tasks.js";

// The tasks use `hre.network.getOrCreate()`; the suite they deploy on it is cached per connection, so the test
// reads the same contracts. Deployed now, before any snapshot, so that no snapshot can revert it away.
const connection = await hre.network.getOrCreate();
const suite = await getSuite(hre, { connection });
const { networkHelpers } = connection;
const signers = await connection.ethers.getSigners();

/// The account funded here (by index, as the task's --to takes it).
const RECIPIENT = 12;

async function start(): Promise<void> {}

async function latest(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest());
}

describe("dev tasks", function () {
  const recipient = (): string => signers[RECIPIENT].address;

  beforeEach(async function () {
    await networkHelpers.loadFixture(start);
  });

  describe("requireLocal", function () {
    const fake = (networkName: string, type: string): NetworkConnection =>
      ({ networkName, networkConfig: { type } }) as unknown as NetworkConnection;

    it("accepts the in-process network, localhost and anvil", function () {
      expect(() => requireLocal(fake("default", "edr-simulated"), "dev:fund")).not.to.throw();
      expect(() => requireLocal(fake("localhost", "http"), "dev:fund")).not.to.throw();
      expect(() => requireLocal(fake("anvil", "http"), "dev:fund")).not.to.throw();
    });

    it("refuses any other network with one line", function () {
      expect(() => requireLocal(fake("opSepolia", "http"), "dev:time")).to.throw(
        'dev:time runs only on local chains (the in-process network, localhost, anvil), not on "opSepolia"',
      );
    });
  });

  describe("dev:fund", function () {
    describe("when the deployer holds enough", function () {
      it("sends the OPEN to an account index and prints the new balance", async function () {
        const before = await suite.open.balanceOf(recipient());

        const result = await runJson("dev:fund", { to: String(RECIPIENT), amount: "1000.5" });

        expect(result.from).to.equal(signers[0].address);
        expect(result.to).to.equal(recipient());
        expect(result.sent).to.equal(parseEther("1000.5").toString());
        expect(result.balance).to.equal((before + parseEther("1000.5")).toString());
        expect(await suite.open.balanceOf(recipient())).to.equal(before + parseEther("1000.5"));
      });

      it("sends to any address and prints amounts in OPEN without --json", async function () {
        const address = "0x000000000000000000000000000000000000dEaD";
        const before = await suite.open.balanceOf(address);

        const result = await runTask("dev:fund", { to: address, amount: "0.5" });

        expect(result.exitCode).to.equal(undefined);
        expect(result.stdout).to.match(/^sent: +0\.5 OPEN$/m);
        expect(await suite.open.balanceOf(address)).to.equal(before + parseEther("0.5"));
      });
    });

    describe("when the deployer holds less than the amount", function () {
      it("refuses before sending, with the values in OPEN", async function () {
        const deployer = signers[0].address;
        const balance = await suite.open.balanceOf(deployer);
        const recipientBefore = await suite.open.balanceOf(recipient());
        const tooMuch = balance + parseEther("1");

        const result = await runTask("dev:fund", { to: String(RECIPIENT), amount: (tooMuch / 10n ** 18n).toString() });

        expect(result.exitCode).to.equal(1);
        expect(result.stderr).to.match(
          new RegExp(`^error: the deployer ${deployer} holds [0-9,.]+ OPEN, less than the [0-9,.]+ OPEN to send\\n$`),
        );
        expect(await suite.open.balanceOf(deployer)).to.equal(balance);
        expect(await suite.open.balanceOf(recipient())).to.equal(recipientBefore);
      });
    });

    describe("when an option is missing or malformed", function () {
      it("refuses a missing --to, a missing --amount and a bad amount with one line each", async function () {
        const balance = await suite.open.balanceOf(signers[0].address);

        expect((await runTask("dev:fund", { amount: "1" })).stderr).to.equal("error: --to is required\n");
        expect((await runTask("dev:fund", { to: "1" })).stderr).to.equal("error: --amount <OPEN> is required\n");
        expect((await runTask("dev:fund", { to: "1", amount: "1e18" })).stderr).to.equal(
          'error: --amount "1e18" must be an amount of OPEN such as 1000 or 0.5 (at most 18 decimals)\n',
        );
        expect(await suite.open.balanceOf(signers[0].address)).to.equal(balance);
      });
    });
  });

  describe("dev:time", function () {
    describe("with --advance", function () {
      it("moves the clock by the duration and prints the new timestamp", async function () {
        const before = await latest();

        const result = await runJson<{ timestamp: string; advanced: string }>("dev:time", { advance: "2h" });

        expect(BigInt(result.timestamp)).to.equal(await latest());
        expect(BigInt(result.timestamp) - before).to.be.within(7_200n, 7_201n);
      });

      it("prints the new timestamp as a date without --json", async function () {
        const result = await runTask("dev:time", { advance: "90s" });

        expect(result.exitCode).to.equal(undefined);
        expect(result.stdout).to.match(/^timestamp: +\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC \(now\)$/m);
      });

      it("refuses a duration it cannot read", async function () {
        const before = await latest();

        const result = await runTask("dev:time", { advance: "2 weeks" });

        expect(result.stderr).to.equal(
          'error: --advance "2 weeks" must be a duration such as 90s, 10m, 2h or 1d (more than 0)\n',
        );
        expect(await latest()).to.equal(before);
      });
    });

    describe("with --to", function () {
      it("moves the clock to the timestamp", async function () {
        const target = (await latest()) + 86_400n;

        const result = await runJson<{ timestamp: string }>("dev:time", { to: target.toString() });

        expect(result.timestamp).to.equal(target.toString());
        expect(await latest()).to.equal(target);
      });

      it("refuses a timestamp in the past", async function () {
        const before = await latest();
        const blockBefore = await connection.ethers.provider.getBlockNumber();

        const result = await runTask("dev:time", { to: (before - 60n).toString() });

        expect(result.exitCode).to.equal(1);
        expect(result.stderr).to.match(/^error: --to \d+ is not after the latest block \(.*\)\n$/);
        expect(await latest()).to.equal(before);
        expect(await connection.ethers.provider.getBlockNumber()).to.equal(blockBefore);
      });
    });

    describe("with both options or neither", function () {
      it("refuses with one line each", async function () {
        const blockBefore = await connection.ethers.provider.getBlockNumber();

        expect((await runTask("dev:time", { advance: "1m", to: "9999999999" })).stderr).to.equal(
          "error: give either --advance <duration> or --to <unix time>, not both\n",
        );
        expect((await runTask("dev:time", {})).stderr).to.equal(
          "error: --advance <duration> or --to <unix time> is required\n",
        );
        expect(await connection.ethers.provider.getBlockNumber()).to.equal(blockBefore);
      });
    });
  });
});
