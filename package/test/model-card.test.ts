/// The model card checks (parseModelCard), the datanet versions of a new model version (cardDatanetVersions,
/// parseDatanetVersions), and the one line the client decodes each new revert of a versioned training set to.
import { expect } from "chai";
import { id, parseEther } from "ethers";
import { cardDatanetVersions, hashWeights, parseDatanetVersions, parseModelCard } from "../src/actions/index.js";
import { decodeError, suiteErrors } from "../src/client.js";
import { OpenLedgerError } from "../src/errors/index.js";
import { callException, rejection } from "./helpers.js";

const OPTIONS = { label: "card.json", minDataBps: 3_000n, defaultCardURI: "file:///card.json" };
const BASE = { weightsHash: id("w"), weightsURI: "ipfs://w", price: "1", ownerBps: 5000 };

/// Datanet 1 has published 3 versions, datanet 2 none.
const latestVersion = async (datanetId: bigint): Promise<bigint> => (datanetId === 1n ? 3n : 0n);

/// The one-line message `fn` was refused with, checked to be an OpenLedgerError.
async function reason(fn: () => Promise<unknown>): Promise<string> {
  const err = await rejection(fn);
  expect(err).to.be.instanceOf(OpenLedgerError);
  return (err as Error).message;
}

describe("parseModelCard", function () {
  describe("when the card is complete", function () {
    it("checks it, hashes the weights file through the caller and keeps each datanet's version", async function () {
      const bytes = new TextEncoder().encode("weights v1");
      const card = await parseModelCard(
        {
          name: "m",
          weightsFile: "w.bin",
          parent: 1,
          datanets: [
            { id: 1, version: 3, weightBps: 6000 },
            { id: 3, version: "2", weightBps: 4000 },
          ],
          price: "0.5",
          ownerBps: 6000,
        },
        { ...OPTIONS, weights: async (file) => ({ weightsHash: hashWeights(bytes), weightsURI: `file:///${file}` }) },
      );

      expect(card).to.deep.include({
        name: "m",
        cardURI: "file:///card.json",
        weightsHash: hashWeights(bytes),
        weightsURI: "file:///w.bin",
        weightsFile: "w.bin",
        parentId: 1n,
        price: parseEther("0.5"),
        ownerBps: 6_000n,
      });
      expect(card.datanets).to.deep.equal([
        { datanetId: 1n, version: 3n, weightBps: 6_000n },
        { datanetId: 3n, version: 2n, weightBps: 4_000n },
      ]);
    });

    it("asks latestVersion about each datanet and accepts any published version", async function () {
      const asked: bigint[] = [];
      const card = await parseModelCard(
        { ...BASE, datanets: [{ id: 1, version: 1, weightBps: 10_000 }] },
        { ...OPTIONS, latestVersion: async (d) => (asked.push(d), 3n) },
      );

      expect(card.datanets).to.deep.equal([{ datanetId: 1n, version: 1n, weightBps: 10_000n }]);
      expect(asked).to.deep.equal([1n]);
    });
  });

  describe("when a datanet names no version, version 0 or one not published", function () {
    it("refuses with one line naming the latest published version", async function () {
      const parse = (entry: Record<string, unknown>) => () =>
        parseModelCard({ ...BASE, datanets: [entry] }, { ...OPTIONS, latestVersion });

      expect(await reason(parse({ id: 1, weightBps: 10_000 }))).to.equal(
        "card.json: datanets[0] (datanet 1) names no version: its latest published version is 3",
      );
      expect(await reason(parse({ id: 1, version: 0, weightBps: 10_000 }))).to.equal(
        "card.json: datanets[0] (datanet 1) names version 0: versions start at 1; its latest published version is 3",
      );
      expect(await reason(parse({ id: 1, version: 4, weightBps: 10_000 }))).to.equal(
        "card.json: datanets[0] (datanet 1) names version 4, not published yet: its latest published version is 3",
      );
      expect(await reason(parse({ id: 2, weightBps: 10_000 }))).to.equal(
        "card.json: datanets[0] (datanet 2) names no version: it has published no version yet " +
          "(publish one with datanet:version)",
      );
      expect(await reason(parse({ id: 1, version: "v1", weightBps: 10_000 }))).to.equal(
        'card.json: datanets[0].version must be a non-negative integer, not "v1"',
      );
    });

    it("refuses a missing version or version 0 without latestVersion too", async function () {
      const parse = (entry: Record<string, unknown>) => () => parseModelCard({ ...BASE, datanets: [entry] }, OPTIONS);

      expect(await reason(parse({ id: 2, weightBps: 10_000 }))).to.equal(
        'card.json: datanets[0] (datanet 2) names no version: give "version": N, a published version of the datanet ' +
          "(from 1)",
      );
      expect(await reason(parse({ id: 2, version: 0, weightBps: 10_000 }))).to.equal(
        'card.json: datanets[0] (datanet 2) names version 0: give "version": N, a published version of the datanet ' +
          "(from 1)",
      );
      const card = await parseModelCard({ ...BASE, datanets: [{ id: 2, version: 9, weightBps: 10_000 }] }, OPTIONS);
      expect(card.datanets[0].version).to.equal(9n, "the registry is left to refuse a version it has not published");
    });

    it("gives a failure of latestVersion (an unknown datanet) as it is", async function () {
      const failing = async (): Promise<bigint> => {
        throw new Error("UnknownDatanet(datanetId=9)");
      };

      const err = await rejection(() =>
        parseModelCard(
          { ...BASE, datanets: [{ id: 9, version: 1, weightBps: 10_000 }] },
          { ...OPTIONS, latestVersion: failing },
        ),
      );

      expect((err as Error).message).to.equal("UnknownDatanet(datanetId=9)");
    });
  });

  describe("when the rest of the card is wrong", function () {
    it("refuses with one line naming the card and the field", async function () {
      const one = [{ id: 1, version: 1, weightBps: 10_000 }];
      const parse = (card: Record<string, unknown>) => () => parseModelCard(card, OPTIONS);

      expect(await reason(parse({ ...BASE, datanets: [{ id: 1, version: 1, weightBps: 9_000 }] }))).to.equal(
        "card.json: training datanet weights sum to 9,000 basis points, not 10,000",
      );
      expect(await reason(parse({ ...BASE, datanets: one, ownerBps: 8000 }))).to.equal(
        "card.json: ownerBps 8,000 leaves the data 2,000 basis points, below the floor of 3,000",
      );
      expect(await reason(parse({ ...BASE, datanets: one, weightsHash: undefined }))).to.equal(
        "card.json: give weightsHash, or weightsFile to hash",
      );
      expect(await reason(parse({ ...BASE, datanets: [] }))).to.equal(
        'card.json: datanets must list at least one training datanet { "id": N, "version": N, "weightBps": N }',
      );
    });
  });
});

describe("cardDatanetVersions", function () {
  const model = {
    label: "v2.json",
    modelId: 7n,
    datanets: [
      { datanetId: 1n, weightBps: 6_000n },
      { datanetId: 2n, weightBps: 4_000n },
    ],
  };

  describe("when the card names the model's datanets and weights", function () {
    it("gives their versions in the model's order, whatever the card's", async function () {
      const versions = await cardDatanetVersions(
        {
          datanets: [
            { id: 2, version: 5, weightBps: 4000 },
            { id: 1, version: 3, weightBps: 6000 },
          ],
        },
        model,
      );

      expect(versions).to.deep.equal([3n, 5n]);
    });
  });

  describe("when the card's datanets or weights are not the model's", function () {
    it("refuses with one line", async function () {
      // Every datanet has published 3 versions.
      const threeEach = async (): Promise<bigint> => 3n;
      const versions = (datanets: unknown[]) => () =>
        cardDatanetVersions({ datanets }, { ...model, latestVersion: threeEach });

      expect(
        await reason(
          versions([
            { id: 1, version: 3, weightBps: 6000 },
            { id: 3, version: 1, weightBps: 4000 },
          ]),
        ),
      ).to.equal("v2.json: datanet 3 is not a training datanet of model 7 (its datanets: 1, 2)");
      expect(await reason(versions([{ id: 1, version: 3, weightBps: 10_000 }]))).to.equal(
        "v2.json: names no version of datanet 2, a training datanet of model 7",
      );
      expect(
        await reason(
          versions([
            { id: 1, version: 3, weightBps: 5000 },
            { id: 2, version: 1, weightBps: 5000 },
          ]),
        ),
      ).to.equal("v2.json: datanet 1 weighs 5,000 bps, but 6,000 in model 7 (a model's training weights never change)");
      expect(
        await reason(
          versions([
            { id: 1, weightBps: 6000 },
            { id: 2, version: 1, weightBps: 4000 },
          ]),
        ),
      ).to.equal("v2.json: datanets[0] (datanet 1) names no version: its latest published version is 3");
      expect(await reason(() => cardDatanetVersions([], model))).to.equal("v2.json: a model card is a JSON object");
    });
  });
});

describe("parseDatanetVersions", function () {
  it("reads a list separated by commas or spaces, and an empty text as the versions in force", function () {
    expect(parseDatanetVersions("2,3")).to.deep.equal([2n, 3n]);
    expect(parseDatanetVersions(" 2, 3  4 ")).to.deep.equal([2n, 3n, 4n]);
    expect(parseDatanetVersions("")).to.deep.equal([]);
  });

  it("refuses anything but version numbers with one line", function () {
    expect(() => parseDatanetVersions("2,v3", "--datanet-versions")).to.throw(
      OpenLedgerError,
      '--datanet-versions: "v3" is not a version number (give them as 2,3)',
    );
    expect(() => parseDatanetVersions("-1")).to.throw('datanet versions: "-1" is not a version number');
  });
});

describe("decodeError for a versioned training set", function () {
  const encode = (name: string, args: bigint[]) => suiteErrors().encodeErrorResult(name, args);

  it("gives each new revert as one line with its values", function () {
    const cases: Array<[string, bigint[], string]> = [
      ["UnknownDatanetVersion", [2n, 4n, 3n], "UnknownDatanetVersion(datanetId=2, version=4, latest=3)"],
      ["DatanetVersionRegressed", [2n, 1n, 3n], "DatanetVersionRegressed(datanetId=2, version=1, current=3)"],
      ["TrainingVersionsMismatch", [1n, 2n], "TrainingVersionsMismatch(count=1, expected=2)"],
      [
        "NothingAcceptedSinceVersion",
        [2n, 3n, 40n],
        "NothingAcceptedSinceVersion(datanetId=2, latest=3, acceptedCount=40)",
      ],
      ["TooManyVersions", [2n, 4_194_303n], "TooManyVersions(datanetId=2, max=4194303)"],
    ];
    for (const [name, args, line] of cases) {
      expect(decodeError(callException(encode(name, args)))).to.equal(line);
    }
  });
});
