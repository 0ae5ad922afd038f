/// The rule of datanet versions, stated and checked on random runs of the whole suite:
///
///   No account is allocated credit from an inference of a model whose training set, at that block, did not include a
///   version containing that account's contribution.
///
/// A handler drives random contributions (open and curated), reviews, datanet versions, model registrations (with
/// lineage), model versions that move their training sets forward, and settlements. An oracle tracks, on its own,
/// each datanet's acceptance order, its versions and each model's training set in force, and records the credit of
/// every settlement per lineage level with the version that level's model named. After each run the SDK allocates
/// every datanet (`allocateEpoch`, both policies) and the oracle checks the rule: each account is paid at most what
/// the versions containing it were credited, and, for pro rata, exactly what splitting each version's credit over
/// its own contributors gives.
import { expect } from "chai";
import { id, parseEther } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { network } from "hardhat";
import {
  allocateEpoch,
  attach,
  attributionHash,
  buildTree,
  largestRemainder,
  postRoot,
  readChainState,
  settle,
  treeFileOf,
  verifyPosted,
} from "../../package/src/index.js";
import type { Addresses, Client, InferenceRecord } from "../../package/src/index.js";
import { CONTRACT_KEYS } from "../../package/src/contracts.js";
import { loadSuite, PARAMS } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

const RUNS = 6;
const STEPS = 45;
const PRICE = parseEther("1");

/// xorshift32: reproducible runs.
function rng(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n: number) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}

interface OracleDatanet {
  id: bigint;
  curated: boolean;
  owner: HardhatEthersSigner;
  /// Accepted records in acceptance order.
  accepted: Array<{ contributor: string; weight: bigint }>;
  /// versions[v - 1]: how many accepted contributions version v holds.
  versions: number[];
}

interface OracleModel {
  id: bigint;
  datanets: bigint[];
  versions: number[];
  depth: number;
}

/// One lineage level's credit to a datanet: the settled model, the level's model, the version it named, the amount.
interface OracleCredit {
  settledModel: bigint;
  inferenceId: string;
  datanetId: bigint;
  version: number;
  amount: bigint;
}

/// The weights of version `v` of `d`: each contributor's accepted weight among its first `versions[v - 1]`.
function weightsOf(d: OracleDatanet, v: number): Map<string, bigint> {
  const w = new Map<string, bigint>();
  for (const r of d.accepted.slice(0, d.versions[v - 1])) w.set(r.contributor, (w.get(r.contributor) ?? 0n) + r.weight);
  return w;
}

/// Registers a model of `owner` trained on version 1 of datanet `d` alone; returns its id.
async function registerOnVersion1(s: Suite, owner: HardhatEthersSigner, d: bigint): Promise<bigint> {
  await (
    await s.models.connect(owner).registerModel({
      cardURI: "ipfs://card",
      weightsHash: id("w"),
      weightsURI: "ipfs://w",
      parentId: 0n,
      datanets: [{ datanetId: d, version: 1n, weightBps: 10_000n }],
      price: PRICE,
      ownerBps: 5000n,
    })
  ).wait();
  return s.models.modelCount();
}

async function clientOf(s: Suite): Promise<Client> {
  const addresses = Object.fromEntries(await Promise.all(CONTRACT_KEYS.map(async (k) => [k, await s[k].getAddress()])));
  return attach(ethers.provider, addresses as Addresses);
}

/// One random run: the handler's steps, with the oracle kept alongside.
async function run(seed: number): Promise<{
  s: Suite;
  datanets: OracleDatanet[];
  credits: OracleCredit[];
  log: InferenceRecord[];
}> {
  const s = await loadSuite(connection);
  const pick = rng(seed);
  const [owner, ...people] = s.users;
  const datanets: OracleDatanet[] = [];
  for (const curated of [false, true]) {
    await (await s.datanets.connect(owner).createDatanet(`ipfs://d/${curated}`, curated, 0n, owner.address)).wait();
    datanets.push({ id: await s.datanets.datanetCount(), curated, owner, accepted: [], versions: [] });
  }
  const models: OracleModel[] = [];
  const credits: OracleCredit[] = [];
  const log: InferenceRecord[] = [];
  let records = 0;
  const settlementAddress = await s.settlement.getAddress();
  for (const p of people) await (await s.open.connect(p).approve(settlementAddress, parseEther("100000"))).wait();

  for (let step = 0; step < STEPS; step++) {
    const action = pick(6);
    const d = datanets[pick(2)];
    if (action <= 1) {
      // A contribution, accepted at once (open) or reviewed (curated: accepted with a weight, or rejected).
      const who = people[pick(people.length)];
      const contentHash = id(`run ${seed} record ${records++}`);
      await (await s.datanets.connect(who).contribute(d.id, contentHash, "ipfs://r")).wait();
      if (!d.curated) d.accepted.push({ contributor: who.address, weight: 1n });
      else {
        const weight = BigInt(pick(4));
        await (await s.datanets.connect(d.owner).review(d.id, [{ contentHash, weight }])).wait();
        if (weight > 0n) d.accepted.push({ contributor: who.address, weight });
      }
    } else if (action === 2) {
      if (d.accepted.length === (d.versions.at(-1) ?? 0)) continue;
      await (await s.datanets.connect(d.owner).publishVersion(d.id, "ipfs://v")).wait();
      d.versions.push(d.accepted.length);
    } else if (action === 3) {
      // A model on the published datanets, each at a random published version, maybe fine-tuned from another.
      const trainable = datanets.filter((x) => x.versions.length > 0);
      if (trainable.length === 0) continue;
      const set = trainable.filter((_, i) => i === 0 || pick(2) === 0);
      const versions = set.map((x) => 1 + pick(x.versions.length));
      const parent = models.length > 0 && pick(2) === 0 ? models[pick(models.length)] : undefined;
      if (parent !== undefined && parent.depth + 1 > PARAMS.maxLineageDepth) continue;
      const bps = set.length === 1 ? [10_000n] : [6000n, 4000n];
      await (
        await s.models.connect(people[pick(people.length)]).registerModel({
          cardURI: "ipfs://card",
          weightsHash: id(`weights ${seed} ${step}`),
          weightsURI: "ipfs://w",
          parentId: parent?.id ?? 0n,
          datanets: set.map((x, i) => ({ datanetId: x.id, version: versions[i], weightBps: bps[i] })),
          price: PRICE,
          ownerBps: 5000n,
        })
      ).wait();
      models.push({
        id: await s.models.modelCount(),
        datanets: set.map((x) => x.id),
        versions,
        depth: parent === undefined ? 0 : parent.depth + 1,
      });
    } else if (action === 4) {
      // A new model version, retrained on the same or newer datanet versions.
      if (models.length === 0) continue;
      const m = models[pick(models.length)];
      const next = m.versions.map((v, i) => {
        const latest = datanets.find((x) => x.id === m.datanets[i])!.versions.length;
        return v + pick(latest - v + 1);
      });
      const owner = await ethers.getSigner(await s.models.ownerOf(m.id));
      await (await s.models.connect(owner).publishVersion(m.id, id(`v ${seed} ${step}`), "ipfs://w", next)).wait();
      m.versions = next;
    } else {
      // A settlement: the oracle records each level's credit with the version the oracle says that model names.
      if (models.length === 0) continue;
      const m = models[pick(models.length)];
      const inferenceId = id(`run ${seed} inference ${step}`);
      const preview = await s.settlement.previewSplit(m.id, PRICE);
      const record: InferenceRecord = { inferenceId, modelId: m.id, datanets: [] };
      for (const c of preview.datanets) {
        const level = models.find((x) => x.id === c.modelId)!;
        const version = level.versions[level.datanets.indexOf(c.id)];
        expect(Number(c.version), "previewSplit's version").to.equal(version);
        credits.push({ settledModel: m.id, inferenceId, datanetId: c.id, version, amount: c.amount });
      }
      // The engine's log names, per datanet, the contributors of the newest version the inference pays.
      for (const datanetId of [...new Set(preview.datanets.map((c) => c.id))].sort((a, b) => (a < b ? -1 : 1))) {
        const d = datanets.find((x) => x.id === datanetId)!;
        const newest = Math.max(
          ...credits.filter((c) => c.inferenceId === inferenceId && c.datanetId === datanetId).map((c) => c.version),
        );
        const contributors = [...weightsOf(d, newest)]
          .map(([account, weight]) => ({ account, weight }))
          .sort((a, b) => (a.account.toLowerCase() < b.account.toLowerCase() ? -1 : 1));
        record.datanets.push({ datanetId, contributors });
      }
      log.push(record);
      const payer = people[pick(people.length)];
      await (await s.settlement.connect(payer).settle(m.id, 1n, PRICE, inferenceId, attributionHash(record))).wait();
    }
  }
  return { s, datanets, credits, log };
}

/// The rule, for one datanet's allocation: an account is paid at most the credits of the versions containing it.
function expectWithinItsVersions(
  d: OracleDatanet,
  credits: OracleCredit[],
  allocations: ReadonlyArray<{ account: string; cumulativeAmount: string }>,
): void {
  const own = credits.filter((c) => c.datanetId === d.id);
  for (const { account, cumulativeAmount } of allocations) {
    const bound = own
      .filter((c) => d.accepted.slice(0, d.versions[c.version - 1]).some((r) => r.contributor === account))
      .reduce((sum, c) => sum + c.amount, 0n);
    expect(
      BigInt(cumulativeAmount) <= bound,
      `datanet ${d.id}: ${account} is paid ${cumulativeAmount}, its versions credited ${bound}`,
    ).to.equal(true);
  }
}

describe("Datanet versions: the attribution rule on random runs", function () {
  for (let seed = 1; seed <= RUNS; seed++) {
    describe(`run ${seed}`, function () {
      it("pays every account only from the versions containing its contributions, under both policies", async function () {
        const { s, datanets, credits, log } = await run(seed);
        const client = await clientOf(s);
        let checked = 0;
        for (const d of datanets) {
          const own = credits.filter((c) => c.datanetId === d.id && c.amount > 0n);
          if (own.length === 0) continue;
          checked++;
          // Pro rata: exactly each version's credits split over its own contributors.
          const proRata = await allocateEpoch(client, { datanetId: d.id, policy: "pro-rata" });
          const expected = new Map<string, bigint>();
          for (const version of [...new Set(own.map((c) => c.version))]) {
            const total = own.filter((c) => c.version === version).reduce((sum, c) => sum + c.amount, 0n);
            for (const [account, part] of largestRemainder(total, weightsOf(d, version))) {
              expected.set(account, (expected.get(account) ?? 0n) + part);
            }
          }
          const sorted = (entries: Array<[string, bigint]>): Array<[string, string]> =>
            entries
              .filter(([, x]) => x > 0n)
              .map(([a, x]): [string, string] => [a.toLowerCase(), x.toString()])
              .sort(([a], [b]) => (a < b ? -1 : 1));
          expect(
            sorted(proRata.allocation.allocations.map((a) => [a.account, BigInt(a.cumulativeAmount)])),
          ).to.deep.equal(sorted([...expected]));
          expectWithinItsVersions(d, credits, proRata.allocation.allocations);

          // The inference log: each level pays only the named contributors in its version.
          const fromLog = await allocateEpoch(client, { datanetId: d.id, policy: "inference-log", log });
          expectWithinItsVersions(d, credits, fromLog.allocation.allocations);
          expect(BigInt(fromLog.allocation.cumulativeTotal) <= BigInt(proRata.allocation.cumulativeTotal)).to.equal(
            true,
          );
        }
        expect(checked, "a run that credits no datanet checks nothing").to.be.greaterThan(0);
      });
    });
  }

  describe("when the log names a contributor who joined after the version an inference pays", function () {
    it("refuses the allocation, naming the inference and the contributor", async function () {
      const s = await loadSuite(connection);
      const [owner, early, late, payer] = s.users;
      await (await s.datanets.connect(owner).createDatanet("ipfs://d", false, 0n, owner.address)).wait();
      const d = await s.datanets.datanetCount();
      await (await s.datanets.connect(early).contribute(d, id("early"), "ipfs://r")).wait();
      await (await s.datanets.connect(owner).publishVersion(d, "ipfs://v1")).wait();
      await (await s.datanets.connect(late).contribute(d, id("late"), "ipfs://r")).wait();
      await (await s.datanets.connect(owner).publishVersion(d, "ipfs://v2")).wait();
      const modelId = await registerOnVersion1(s, owner, d);
      const inferenceId = id("inference");
      const record: InferenceRecord = {
        inferenceId,
        modelId,
        datanets: [{ datanetId: d, contributors: [{ account: late.address, weight: 1n }] }],
      };
      await (await s.open.connect(payer).approve(await s.settlement.getAddress(), PRICE)).wait();
      await (await s.settlement.connect(payer).settle(modelId, 1n, PRICE, inferenceId, attributionHash(record))).wait();
      const client = await clientOf(s);
      let message = "";
      try {
        await allocateEpoch(client, { datanetId: d, policy: "inference-log", log: [record] });
      } catch (err: unknown) {
        message = err instanceof Error ? err.message : String(err);
      }
      expect(message).to.contain(`inference ${inferenceId.toLowerCase()} (model ${modelId}`);
      expect(message).to.contain(`contributor ${late.address} is not in version 1 of the datanet`);
      // Pro rata pays the early contributor everything, the late one nothing.
      const proRata = await allocateEpoch(client, { datanetId: d, policy: "pro-rata" });
      expect(proRata.allocation.allocations.map((a) => a.account)).to.deep.equal([early.address]);
    });
  });

  describe("when a reveal takes over a record after an epoch paid its copier", function () {
    it("verifies the honest next epoch: the copier keeps what it was paid, from the version its record was in", async function () {
      const s = await loadSuite(connection);
      const [attestor, modelOwner, payer, alice, bob, mallory] = s.users;
      const addresses = Object.fromEntries(
        await Promise.all(CONTRACT_KEYS.map(async (k) => [k, await s[k].getAddress()])),
      ) as Addresses;
      const as = (signer: HardhatEthersSigner): Client => attach(signer, addresses, 31337n);
      await (await s.datanets.connect(attestor).createDatanet("ipfs://d", false, 0n, attestor.address)).wait();
      const d = await s.datanets.datanetCount();
      const salt = id("salt");
      const commitment = await s.datanets.commitmentOf(alice.address, d, id("record"), salt);
      await (await s.datanets.connect(alice).commitContribution(commitment)).wait();
      await (await s.datanets.connect(mallory).contribute(d, id("record"), "ipfs://copy")).wait();
      await (await s.datanets.connect(bob).contribute(d, id("bob"), "ipfs://bob")).wait();
      await (await s.datanets.connect(attestor).publishVersion(d, "ipfs://v1")).wait();
      const modelId = await registerOnVersion1(s, modelOwner, d);
      await settle(as(payer), { modelId, units: 10n, inferenceId: id("i1"), attributionHash: id("a1") });
      const epoch1 = await allocateEpoch(as(attestor), { datanetId: d, policy: "pro-rata" });
      expect(epoch1.allocation.allocations.map((a) => a.account).sort()).to.deep.equal(
        [bob.address, mallory.address].sort(),
      );
      await postRoot(as(attestor), { allocation: epoch1.allocation, uri: "ipfs://e1", depositBond: true });
      await networkHelpers.time.increase(PARAMS.challengeWindow + 1);

      // Alice's earlier commit takes the record over; the next epoch pays her from then on.
      await (await s.datanets.connect(alice).revealContribution(d, id("record"), "ipfs://original", salt)).wait();
      await settle(as(payer), { modelId, units: 10n, inferenceId: id("i2"), attributionHash: id("a2") });
      const epoch2 = await allocateEpoch(as(attestor), {
        datanetId: d,
        policy: "pro-rata",
        previous: epoch1.allocation,
      });
      const paid = new Map(epoch2.allocation.allocations.map((a) => [a.account, BigInt(a.cumulativeAmount)]));
      const first = new Map(epoch1.allocation.allocations.map((a) => [a.account, BigInt(a.cumulativeAmount)]));
      expect(paid.get(mallory.address)).to.equal(first.get(mallory.address));
      expect(paid.get(alice.address)).to.equal(first.get(mallory.address));
      const tree = buildTree(epoch2.allocation);
      await postRoot(as(attestor), { allocation: epoch2.allocation, tree, uri: "ipfs://e2" });
      const file = treeFileOf(epoch2.allocation, tree);
      expect(verifyPosted(file, await readChainState(as(attestor), file))).to.deep.equal([]);
    });
  });
});
