/// The manifest of a datanet version, built from decoded events without a chain: acceptance numbers, curated
/// rejections, batches, takeovers before and after the publication, the checks against the registry's count and total
/// weight, and the canonical JSON.
import { expect } from "chai";
import { getAddress, id } from "ethers";
import {
  buildVersionManifest,
  isVersionMember,
  manifestJson,
  OpenLedgerError,
  parseVersionManifest,
  versionWeights,
} from "../src/index.js";
import type { DatanetEventRecord, VersionInfo } from "../src/index.js";

const ALICE = getAddress("0x00000000000000000000000000000000000a11ce");
const BOB = getAddress("0x0000000000000000000000000000000000000b0b");
const CAROL = getAddress("0x00000000000000000000000000000000000ca201");
const REGISTRY = getAddress("0x00000000000000000000000000000000000000d1");

const info = (over: Partial<VersionInfo> = {}): VersionInfo => ({
  chainId: 31337n,
  registry: REGISTRY,
  datanetId: 1n,
  version: 1n,
  acceptedCount: 3n,
  totalWeight: 7n,
  publishedAt: 1_700_000_000n,
  blockNumber: 10n,
  ...over,
});

let log = 0;
const at = (blockNumber: number) => ({ blockNumber, logIndex: log++ });

/// A curated datanet: alice's "a" accepted with weight 5 (#1), bob's "b" rejected, bob's batch accepted (#2), carol's
/// "c" accepted with weight 2 (#3), then after block 10 alice's "d" accepted (#4, not in version 1).
function curatedEvents(): DatanetEventRecord[] {
  return [
    { ...at(2), type: "ContributionSubmitted", contentHash: id("a"), contributor: ALICE, weight: 0n, acceptance: 0n },
    { ...at(2), type: "ContributionSubmitted", contentHash: id("b"), contributor: BOB, weight: 0n, acceptance: 0n },
    { ...at(3), type: "BatchSubmitted", root: id("root"), submitter: BOB, count: 20n, acceptance: 0n },
    { ...at(4), type: "ContributionReviewed", contentHash: id("a"), contributor: ALICE, weight: 5n, acceptance: 1n },
    { ...at(4), type: "ContributionReviewed", contentHash: id("b"), contributor: BOB, weight: 0n, acceptance: 0n },
    { ...at(5), type: "BatchReviewed", root: id("root"), acceptance: 2n },
    { ...at(6), type: "ContributionSubmitted", contentHash: id("c"), contributor: CAROL, weight: 0n, acceptance: 0n },
    { ...at(7), type: "ContributionReviewed", contentHash: id("c"), contributor: CAROL, weight: 2n, acceptance: 3n },
    { ...at(11), type: "ContributionSubmitted", contentHash: id("d"), contributor: ALICE, weight: 0n, acceptance: 0n },
    { ...at(12), type: "ContributionReviewed", contentHash: id("d"), contributor: ALICE, weight: 9n, acceptance: 4n },
  ];
}

const failure = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err: unknown) {
    expect(err).to.be.instanceOf(OpenLedgerError);
    return (err as Error).message;
  }
  throw new Error("expected a failure");
};

describe("datanet version manifests", function () {
  describe("buildVersionManifest", function () {
    it("lists the accepted contributions by acceptance number, leaving out rejections and later acceptances", function () {
      const m = buildVersionManifest(info(), curatedEvents());

      expect(m).to.deep.include({
        kind: "openledger.datanet-version",
        format: 1,
        chainId: "31337",
        registry: REGISTRY,
        datanetId: "1",
        version: 1,
        acceptedCount: 3,
        totalWeight: "7",
        blockNumber: 10,
        publishedAt: 1_700_000_000,
      });
      expect(m.contributions).to.deep.equal([
        { acceptance: 1, kind: "record", contentHash: id("a"), contributor: ALICE, weight: "5" },
        { acceptance: 2, kind: "batch", root: id("root"), submitter: BOB, count: 20 },
        { acceptance: 3, kind: "record", contentHash: id("c"), contributor: CAROL, weight: "2" },
      ]);
      expect(m.contributors).to.deep.equal([
        { account: ALICE, weight: "5", records: 1 },
        { account: CAROL, weight: "2", records: 1 },
      ]);
    });

    it("gives the events in any order the same manifest as in chain order", function () {
      const events = curatedEvents();
      expect(manifestJson(buildVersionManifest(info(), [...events].reverse()))).to.equal(
        manifestJson(buildVersionManifest(info(), events)),
      );
    });

    it("counts an open datanet's records accepted at once with their weights, one contributor summed", function () {
      const events: DatanetEventRecord[] = [
        { ...at(1), type: "ContributionSubmitted", contentHash: id("x"), contributor: BOB, weight: 1n, acceptance: 1n },
        { ...at(1), type: "ContributionSubmitted", contentHash: id("y"), contributor: BOB, weight: 1n, acceptance: 2n },
        { ...at(2), type: "BatchSubmitted", root: id("r"), submitter: ALICE, count: 3n, acceptance: 3n },
      ];
      const m = buildVersionManifest(info({ acceptedCount: 3n, totalWeight: 2n, blockNumber: 2n }), events);

      expect(m.contributors).to.deep.equal([{ account: BOB, weight: "2", records: 2 }]);
      expect(m.contributions.map((c) => c.kind)).to.deep.equal(["record", "record", "batch"]);
    });

    it("moves a record taken over after the publication to the earlier committer, as of a later block only", function () {
      const events: DatanetEventRecord[] = [
        ...curatedEvents(),
        { ...at(13), type: "ContributionClaimed", contentHash: id("c"), contributor: BOB, weight: 2n },
      ];

      const atPublication = buildVersionManifest(info(), events);
      const later = buildVersionManifest(info(), events, 13);

      expect(atPublication.contributors.map((c) => c.account)).to.deep.equal([ALICE, CAROL]);
      expect(later.contributions[2]).to.deep.equal({
        acceptance: 3,
        kind: "record",
        contentHash: id("c"),
        contributor: BOB,
        weight: "2",
      });
      // Sorted by address: bob's (0x…0b0b) before alice's (0x…0a11ce).
      expect(later.contributors).to.deep.equal([
        { account: BOB, weight: "2", records: 1 },
        { account: ALICE, weight: "5", records: 1 },
      ]);
      expect(later.totalWeight).to.equal("7");
    });

    it("moves a batch taken over to its new submitter, with the count that was accepted", function () {
      const events: DatanetEventRecord[] = [
        ...curatedEvents(),
        { ...at(14), type: "BatchClaimed", root: id("root"), submitter: CAROL, count: 20n },
      ];

      const m = buildVersionManifest(info(), events, 14);

      expect(m.contributions[1]).to.deep.equal({
        acceptance: 2,
        kind: "batch",
        root: id("root"),
        submitter: CAROL,
        count: 20,
      });
      expect(isVersionMember(m, BOB)).to.equal(false);
      expect(isVersionMember(m, CAROL)).to.equal(true);
    });

    it("counts a rejected record revived by a takeover only once it is accepted, under its new number", function () {
      const events: DatanetEventRecord[] = [
        ...curatedEvents(),
        { ...at(8), type: "ContributionClaimed", contentHash: id("b"), contributor: CAROL, weight: 0n },
        {
          ...at(9),
          type: "ContributionReviewed",
          contentHash: id("b"),
          contributor: CAROL,
          weight: 4n,
          acceptance: 4n,
        },
      ];

      const m = buildVersionManifest(info({ acceptedCount: 4n, totalWeight: 11n }), events);

      expect(m.contributions.map((c) => c.acceptance)).to.deep.equal([1, 2, 3, 4]);
      expect(m.contributions[3]).to.include({ contentHash: id("b"), contributor: CAROL, weight: "4" });
      expect(m.contributors).to.deep.equal([
        { account: ALICE, weight: "5", records: 1 },
        { account: CAROL, weight: "6", records: 2 },
      ]);
    });

    describe("when the events do not rebuild the version", function () {
      it("names the count and weight found and the registry's", function () {
        expect(failure(() => buildVersionManifest(info({ totalWeight: 8n }), curatedEvents()))).to.equal(
          "the events do not rebuild version 1 of datanet 1: 3 contributions of total weight 7, the registry says 3 of total weight 8",
        );
      });

      it("names a missing acceptance number", function () {
        const events = curatedEvents().filter((e) => e.type !== "BatchReviewed");
        expect(failure(() => buildVersionManifest(info(), events))).to.equal(
          "the events do not rebuild version 1 of datanet 1: no acceptance #2",
        );
      });

      it("refuses a block before the publication", function () {
        expect(failure(() => buildVersionManifest(info(), curatedEvents(), 9))).to.equal(
          "version 1 of datanet 1 was published in block 10: its manifest cannot be read as of block 9",
        );
      });
    });
  });

  describe("versionWeights and isVersionMember", function () {
    it("give the record weights per contributor, and who holds a record or a batch of the version", function () {
      const m = buildVersionManifest(info(), curatedEvents());

      expect([...versionWeights(m)]).to.deep.equal([
        [ALICE, 5n],
        [CAROL, 2n],
      ]);
      expect(isVersionMember(m, ALICE.toLowerCase())).to.equal(true);
      expect(isVersionMember(m, BOB)).to.equal(true); // the batch's submitter
      expect(isVersionMember(m, getAddress("0x00000000000000000000000000000000000000ff"))).to.equal(false);
    });
  });

  describe("manifestJson and parseVersionManifest", function () {
    it("write the keys in the format's order, and read back what was written", function () {
      const m = buildVersionManifest(info(), curatedEvents());
      const shuffled = Object.fromEntries(Object.entries(m).reverse()) as typeof m;

      const json = manifestJson(shuffled);

      expect(json).to.equal(manifestJson(m));
      expect(Object.keys(JSON.parse(json) as object).slice(0, 3)).to.deep.equal(["kind", "format", "chainId"]);
      expect(json.endsWith("}\n")).to.equal(true);
      expect(parseVersionManifest(JSON.parse(json), "v1.json")).to.deep.equal(m);
      expect(failure(() => parseVersionManifest({ kind: "other" }, "x.json"))).to.equal(
        'x.json is not a datanet version manifest (expected "kind": "openledger.datanet-version")',
      );
    });
  });
});
