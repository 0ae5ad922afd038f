import { expect } from "chai";
import { AbiCoder, FunctionFragment, ZeroAddress, ZeroHash, concat, id } from "ethers";
import type { BaseContract, ParamType } from "ethers";
import { network } from "hardhat";
import {
  ADMIN_ROLE,
  GUARDIAN_FUNCTIONS,
  GUARDIAN_ROLE,
  SETTLEMENT_FUNCTIONS,
} from "../../deploy/modules/OpenLedger.js";
import { CONTRACTS, MANAGED_KEYS } from "../../package/src/contracts.js";
import { PARAMS, loadSuite } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";

const connection = await network.create();
const abi = AbiCoder.defaultAbiCoder();

const DEFAULT_ADMIN_ROLE = ZeroHash;
const PROPOSER_ROLE = id("PROPOSER_ROLE");
const CANCELLER_ROLE = id("CANCELLER_ROLE");
const EXECUTOR_ROLE = id("EXECUTOR_ROLE");

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

/// Calldata for `fragment` with neutral arguments.
function neutralCall(fragment: FunctionFragment): string {
  return concat([fragment.selector, abi.encode(fragment.inputs, fragment.inputs.map(neutral))]);
}

/// The state-changing functions of `contract`.
function mutators(contract: BaseContract): FunctionFragment[] {
  const out: FunctionFragment[] = [];
  contract.interface.forEachFunction((f) => {
    if (!f.constant) out.push(f);
  });
  return out;
}

/// The AccessManaged contracts of the suite, by name.
async function managed(s: Suite): Promise<[string, BaseContract, string][]> {
  const list: [string, BaseContract][] = MANAGED_KEYS.map((key) => [CONTRACTS[key].name, s[key]]);
  return Promise.all(
    list.map(async ([name, c]): Promise<[string, BaseContract, string]> => [name, c, await c.getAddress()]),
  );
}

/// Who holds each Timelock role, replayed from its RoleGranted / RoleRevoked history.
async function timelockHolders(s: Suite): Promise<Map<string, Set<string>>> {
  const holders = new Map<string, Set<string>>();
  const events = [
    ...(await s.timelock.queryFilter(s.timelock.filters.RoleGranted())),
    ...(await s.timelock.queryFilter(s.timelock.filters.RoleRevoked())),
  ].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  for (const e of events) {
    const set = holders.get(e.args.role) ?? new Set<string>();
    if (e.eventName === "RoleGranted") set.add(e.args.account);
    else set.delete(e.args.account);
    holders.set(e.args.role, set);
  }
  return holders;
}

/// Who holds each AccessManager role, replayed from its RoleGranted / RoleRevoked history.
async function managerHolders(s: Suite): Promise<Map<bigint, Set<string>>> {
  const holders = new Map<bigint, Set<string>>();
  const granted = await s.accessManager.queryFilter(s.accessManager.filters.RoleGranted());
  const revoked = await s.accessManager.queryFilter(s.accessManager.filters.RoleRevoked());
  const events = [...granted, ...revoked].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  for (const e of events) {
    const set = holders.get(e.args.roleId) ?? new Set<string>();
    if (e.eventName === "RoleGranted") set.add(e.args.account);
    else set.delete(e.args.account);
    holders.set(e.args.roleId, set);
  }
  return holders;
}

describe("Governance permissions", function () {
  describe("OpenTimelock", function () {
    describe("after deployment", function () {
      it("is its own admin only: the deployer renounced DEFAULT_ADMIN_ROLE", async function () {
        const s = await loadSuite(connection);
        const timelock = await s.timelock.getAddress();

        expect(await s.timelock.hasRole(DEFAULT_ADMIN_ROLE, s.deployer.address)).to.equal(false);
        // OpenZeppelin's TimelockController always administers itself, so roles change only through a proposal.
        expect(await s.timelock.hasRole(DEFAULT_ADMIN_ROLE, timelock)).to.equal(true);
        expect([...((await timelockHolders(s)).get(DEFAULT_ADMIN_ROLE) ?? [])]).to.deep.equal([timelock]);
      });

      it("has the Governor as its only proposer and canceller, and lets anyone execute", async function () {
        const s = await loadSuite(connection);
        const governor = await s.governor.getAddress();
        const holders = await timelockHolders(s);

        expect([...(holders.get(PROPOSER_ROLE) ?? [])]).to.deep.equal([governor]);
        expect([...(holders.get(CANCELLER_ROLE) ?? [])]).to.deep.equal([governor]);
        expect([...(holders.get(EXECUTOR_ROLE) ?? [])]).to.deep.equal([ZeroAddress]);
        expect(await s.timelock.hasRole(EXECUTOR_ROLE, ZeroAddress)).to.equal(true);
        expect(await s.timelock.hasRole(PROPOSER_ROLE, s.deployer.address)).to.equal(false);
        expect(await s.timelock.getMinDelay()).to.equal(BigInt(PARAMS.timelockDelay));
      });
    });
  });

  describe("OpenAccessManager", function () {
    describe("after deployment", function () {
      it("has the Timelock as its only ADMIN: the deployer renounced it", async function () {
        const s = await loadSuite(connection);
        const timelock = await s.timelock.getAddress();

        expect(await s.accessManager.hasRole(ADMIN_ROLE, s.deployer.address)).to.deep.equal([false, 0n]);
        expect(await s.accessManager.hasRole(ADMIN_ROLE, timelock)).to.deep.equal([true, 0n]);
        const holders = await managerHolders(s);
        expect([...(holders.get(ADMIN_ROLE) ?? [])]).to.deep.equal([timelock]);
      });

      it("gives the GUARDIAN role to the guardian (the deployer here) and the Timelock", async function () {
        const s = await loadSuite(connection);
        const timelock = await s.timelock.getAddress();

        const holders = await managerHolders(s);
        expect([...(holders.get(GUARDIAN_ROLE) ?? [])]).to.have.members([s.deployer.address, timelock]);
        expect(await s.accessManager.getRoleAdmin(GUARDIAN_ROLE)).to.equal(ADMIN_ROLE);
      });

      it("lets the Timelock call every managed function but the registry's floor (Settlement's), and the guardian only its emergency functions", async function () {
        const s = await loadSuite(connection);
        const timelock = await s.timelock.getAddress();
        const settlement = await s.settlement.getAddress();
        const guardianSelectors = new Set(
          GUARDIAN_FUNCTIONS.map((sig) => FunctionFragment.from(`function ${sig}`).selector),
        );
        const settlementSelectors = new Set(
          SETTLEMENT_FUNCTIONS.map((sig) => FunctionFragment.from(`function ${sig}`).selector),
        );

        for (const [name, contract, target] of await managed(s)) {
          expect(await contract.getFunction("authority")()).to.equal(await s.accessManager.getAddress());
          for (const f of mutators(contract)) {
            const label = `${name}.${f.format()}`;
            const forGuardian = name === "Settlement" && guardianSelectors.has(f.selector);
            // The registry's floor is set by Settlement alone, in the call that sets its own copy.
            const forSettlement = name === "ModelRegistry" && settlementSelectors.has(f.selector);
            expect(await s.accessManager.canCall(timelock, target, f.selector), label).to.deep.equal([
              !forSettlement,
              0n,
            ]);
            expect(await s.accessManager.canCall(settlement, target, f.selector), label).to.deep.equal([
              forSettlement,
              0n,
            ]);
            expect(await s.accessManager.canCall(s.deployer.address, target, f.selector), label).to.deep.equal([
              forGuardian,
              0n,
            ]);
            expect(await s.accessManager.canCall(s.stranger.address, target, f.selector), label).to.deep.equal([
              false,
              0n,
            ]);
          }
        }
      });
    });
  });

  describe("OpenGovernor", function () {
    describe("after deployment", function () {
      it("votes with gOPEN on the timestamp clock, through the Timelock, with the configured settings", async function () {
        const s = await loadSuite(connection);

        expect(await s.governor.name()).to.equal("OpenLedger Governor");
        expect(await s.governor.token()).to.equal(await s.gopen.getAddress());
        expect(await s.governor.timelock()).to.equal(await s.timelock.getAddress());
        expect(await s.governor.CLOCK_MODE()).to.equal("mode=timestamp");
        expect(await s.governor.votingDelay()).to.equal(BigInt(PARAMS.votingDelay));
        expect(await s.governor.votingPeriod()).to.equal(BigInt(PARAMS.votingPeriod));
        expect(await s.governor.proposalThreshold()).to.equal(0n);
        expect(await s.governor["quorumNumerator()"]()).to.equal(BigInt(PARAMS.quorumPercent));
        expect(await s.governor.lateQuorumVoteExtension()).to.equal(BigInt(PARAMS.voteExtension));
        expect(await s.governor.proposalGuardian()).to.equal(s.deployer.address);
      });
    });
  });

  describe("direct calls by the deployer", function () {
    describe("when it calls a gOPEN, Governor, Timelock or AccessManager setter", function () {
      it("is refused by each of them", async function () {
        const s = await loadSuite(connection);
        const d = s.deployer;
        const gopen = await s.gopen.getAddress();

        await expect(s.gopen.connect(d).setCooldown(1n))
          .to.be.revertedWithCustomError(s.gopen, "AccessManagedUnauthorized")
          .withArgs(d.address);
        await expect(s.gopen.connect(d).setAuthority(d.address))
          .to.be.revertedWithCustomError(s.gopen, "AccessManagedUnauthorized")
          .withArgs(d.address);

        await expect(s.accessManager.connect(d).grantRole(ADMIN_ROLE, d.address, 0))
          .to.be.revertedWithCustomError(s.accessManager, "AccessManagerUnauthorizedAccount")
          .withArgs(d.address, ADMIN_ROLE);
        await expect(s.accessManager.connect(d).setTargetFunctionRole(gopen, ["0x00000000"], GUARDIAN_ROLE))
          .to.be.revertedWithCustomError(s.accessManager, "AccessManagerUnauthorizedAccount")
          .withArgs(d.address, ADMIN_ROLE);
        await expect(s.accessManager.connect(d).updateAuthority(gopen, d.address))
          .to.be.revertedWithCustomError(s.accessManager, "AccessManagerUnauthorizedAccount")
          .withArgs(d.address, ADMIN_ROLE);

        await expect(s.timelock.connect(d).updateDelay(0n))
          .to.be.revertedWithCustomError(s.timelock, "TimelockUnauthorizedCaller")
          .withArgs(d.address);
        await expect(s.timelock.connect(d).grantRole(PROPOSER_ROLE, d.address))
          .to.be.revertedWithCustomError(s.timelock, "AccessControlUnauthorizedAccount")
          .withArgs(d.address, DEFAULT_ADMIN_ROLE);
        await expect(s.timelock.connect(d).schedule(gopen, 0n, "0x", ZeroHash, ZeroHash, 60n))
          .to.be.revertedWithCustomError(s.timelock, "AccessControlUnauthorizedAccount")
          .withArgs(d.address, PROPOSER_ROLE);

        const governorSetters = [
          s.governor.connect(d).setVotingDelay(0n),
          s.governor.connect(d).setVotingPeriod(1n),
          s.governor.connect(d).setProposalThreshold(0n),
          s.governor.connect(d).updateQuorumNumerator(1n),
          s.governor.connect(d).setLateQuorumVoteExtension(0n),
          s.governor.connect(d).setProposalGuardian(d.address),
          s.governor.connect(d).updateTimelock(d.address),
          s.governor.connect(d).relay(gopen, 0n, "0x"),
        ];
        for (const call of governorSetters) {
          await expect(call).to.be.revertedWithCustomError(s.governor, "GovernorOnlyExecutor").withArgs(d.address);
        }
      });
    });

    describe("when it calls any restricted function of the suite", function () {
      it("is refused with AccessManagedUnauthorized, except the guardian's emergency functions", async function () {
        const s = await loadSuite(connection);
        const guardianSelectors = new Set(
          GUARDIAN_FUNCTIONS.map((sig) => FunctionFragment.from(`function ${sig}`).selector),
        );
        const refused: string[] = [];

        for (const [name, contract, target] of await managed(s)) {
          for (const f of mutators(contract)) {
            // A function is restricted if the AccessManager's refusal is what stops a stranger.
            const data = neutralCall(f);
            const strangerError = await s.stranger
              .call({ to: target, data })
              .then(() => null)
              .catch((e: { data?: string }) => e.data ?? null);
            const isRestricted =
              strangerError !== null &&
              strangerError.startsWith(contract.interface.getError("AccessManagedUnauthorized")!.selector);
            if (!isRestricted) continue;
            if (name === "Settlement" && guardianSelectors.has(f.selector)) continue;
            await expect(s.deployer.sendTransaction({ to: target, data }), `${name}.${f.format()}`)
              .to.be.revertedWithCustomError(contract, "AccessManagedUnauthorized")
              .withArgs(s.deployer.address);
            refused.push(`${name}.${f.name}`);
          }
        }

        expect(refused).to.include.members([
          "StakedOpen.setCooldown",
          "StakedOpen.setRewardsDuration",
          "StakedOpen.setAuthority",
        ]);
        expect(refused.length).to.be.greaterThan(10);
      });
    });
  });
});
