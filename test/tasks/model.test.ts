import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { id, keccak256, parseEther } from "ethers";
import hre from "hardhat";
import { formatOpen, getSuite } from "../../tasks/lib/index.js";
import { FIXTURES, runJson, runTask } from "../fixtures/tasks.js";
import { publishDatanetVersion as publishVersionOf } from "../helpers/fixtures.js";
import type { Suite as FixtureSuite } from "../helpers/fixtures.js";

const suite = await getSuite(hre);
/// Publishes the next version of `datanetId` as its owner: the fixtures' helper, which reads only the datanet
/// registry and the connection, on the tasks' suite (the same contracts on the same connection).
const publishDatanetVersion = (s: typeof suite, datanetId: bigint): Promise<bigint> =>
  publishVersionOf(s as unknown as FixtureSuite, datanetId);
const [owner, builder, payer, stranger] = await suite.connection.ethers.getSigners();
const work = mkdtempSync(path.join(tmpdir(), "model-tasks-"));
const MODELS = path.join(FIXTURES, "models");
const WEIGHTS = path.join(MODELS, "weights");

interface Registered {
  model: string;
  name: string;
  owner: string;
  parent: string | null;
  datanets: Array<{ datanetId: string; version: string; weightBps: string }>;
  price: string;
  ownerBps: string;
  cardURI: string;
  weightsHash: string;
  weightsURI: string;
}

interface Listed {
  model: string;
  owner: string;
  cardURI: string;
  status: string;
  suspended: boolean;
  price: string;
  ownerBps: string;
  version: string;
  weightsHash: string;
  lineage: string[];
  parent: string | null;
  datanets: Array<{ datanetId: string; version: string; weightBps: string }>;
}

interface Shown {
  model: string;
  owner: string;
  status: string;
  cardURI: string;
  price: string;
  ownerBps: string;
  parent: string | null;
  depth: string;
  lineage: string[];
  datanets: Array<{ datanetId: string; version: string; weightBps: string }>;
  versions: Array<{ version: string; weightsHash: string; datanetVersions: string[]; uri: string | null }>;
  revenue: string;
}

/// A copy of a sample card in the work folder, with its weights file made absolute and `changes` applied.
function card(sample: string, changes: Record<string, unknown>): string {
  const parsed = JSON.parse(readFileSync(path.join(MODELS, sample), "utf8")) as Record<string, unknown>;
  if (typeof parsed.weightsFile === "string") parsed.weightsFile = path.join(MODELS, parsed.weightsFile);
  const file = path.join(work, `${path.basename(sample, ".json")}-${Object.keys(changes).join("-") || "copy"}.json`);
  writeFileSync(file, JSON.stringify({ ...parsed, ...changes }, null, 2));
  return file;
}

async function createDatanet(uri: string): Promise<bigint> {
  return BigInt((await runJson<{ datanet: string }>("datanet:create", { uri })).datanet);
}

describe("model tasks", function () {
  let medical: bigint;
  let triage: bigint;
  let base: bigint;
  let child: bigint;

  before(async function () {
    medical = await createDatanet("ipfs://datanet/medical-corpus");
    triage = await createDatanet("ipfs://datanet/triage-qa");
    await publishDatanetVersion(suite, medical);
    await publishDatanetVersion(suite, triage);
    await suite.open.transfer(payer.address, parseEther("1000"));
  });

  describe("model:register", function () {
    describe("when the card is the sample base model", function () {
      it("registers it with the hash of its weights file and prints the id", async function () {
        const file = card("base-model.json", { datanets: [{ id: Number(medical), version: 1, weightBps: 10_000 }] });

        const result = await runJson<Registered>("model:register", { card: file, from: 1 });

        base = BigInt(result.model);
        const hash = keccak256(readFileSync(path.join(WEIGHTS, "base-v1.weights")));
        expect(result.name).to.equal("open-med-base-7b");
        expect(result.weightsHash).to.equal(hash);
        expect(result.parent).to.equal(null);
        const m = await suite.models.model(base);
        expect(m.owner).to.equal(builder.address);
        expect(m.price).to.equal(parseEther("0.01"));
        expect(m.ownerBps).to.equal(7000n);
        expect(m.parentId).to.equal(0n);
        expect(m.cardURI).to.match(/^ipfs:\/\/.+\/base-model\.json$/);
        expect((await suite.models.version(base, 0n)).weightsHash).to.equal(hash);
      });
    });

    describe("when the card names a parent and two datanets", function () {
      it("registers the child with its lineage and training weights", async function () {
        const file = card("triage-model.json", {
          parent: Number(base),
          datanets: [
            { id: Number(medical), version: 1, weightBps: 6000 },
            { id: Number(triage), version: 1, weightBps: 4000 },
          ],
        });

        const result = await runJson<Registered>("model:register", { card: file, from: 1 });

        child = BigInt(result.model);
        expect(result.parent).to.equal(base.toString());
        expect(result.datanets).to.deep.equal([
          { datanetId: medical.toString(), version: "1", weightBps: "6000" },
          { datanetId: triage.toString(), version: "1", weightBps: "4000" },
        ]);
        expect(await suite.models.lineage(child)).to.deep.equal([base]);
        const m = await suite.models.model(child);
        expect(m.depth).to.equal(1n);
        expect(m.datanets.map((d) => [d.datanetId, d.version, d.weightBps])).to.deep.equal([
          [medical, 1n, 6000n],
          [triage, 1n, 4000n],
        ]);
      });
    });

    describe("when the card has no cardURI and a weights file without weightsURI", function () {
      it("uses the file:// URLs of the card and of the weights", async function () {
        const file = card("base-model.json", {
          cardURI: undefined,
          weightsURI: undefined,
          datanets: [{ id: Number(medical), version: 1, weightBps: 10_000 }],
        });

        const result = await runJson<Registered>("model:register", { card: file });

        expect(result.cardURI).to.equal(pathToFileURL(file).href);
        expect(result.weightsURI).to.equal(pathToFileURL(path.join(WEIGHTS, "base-v1.weights")).href);
      });
    });

    describe("when the training weights do not sum to 10,000", function () {
      it("prints one line naming the sum and sends nothing", async function () {
        const file = card("triage-model.json", {
          parent: null,
          datanets: [
            { id: Number(medical), version: 1, weightBps: 6000 },
            { id: Number(triage), version: 1, weightBps: 3000 },
          ],
        });
        const count = await suite.models.modelCount();

        const out = await runTask("model:register", { card: file });

        expect(out.exitCode).to.equal(1);
        expect(out.stdout).to.equal("");
        expect(out.stderr).to.equal(
          `error: ${path.basename(file)}: training datanet weights sum to 9,000 basis points, not 10,000\n`,
        );
        expect(await suite.models.modelCount()).to.equal(count);
      });
    });

    describe("when the owner share leaves the data less than the floor", function () {
      it("prints one line naming both shares", async function () {
        const file = card("base-model.json", {
          ownerBps: 8000,
          datanets: [{ id: Number(medical), version: 1, weightBps: 10_000 }],
        });

        const out = await runTask("model:register", { card: file });

        expect(out.stderr).to.equal(
          `error: ${path.basename(file)}: ownerBps 8,000 leaves the data 2,000 basis points, below the floor of 3,000\n`,
        );
      });
    });

    describe("when the card passes the local checks but the contract refuses it", function () {
      it("prints the contract's decoded error", async function () {
        const file = card("base-model.json", { datanets: [{ id: 999, version: 1, weightBps: 10_000 }] });

        const out = await runTask("model:register", { card: file });

        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.equal("error: UnknownDatanet(datanetId=999)\n");
      });
    });

    describe("when a training datanet's version is missing, 0 or not published", function () {
      it("prints one line naming the datanet's latest published version and sends nothing", async function () {
        const count = await suite.models.modelCount();
        const block = await suite.connection.ethers.provider.getBlockNumber();
        const refused = async (entry: Record<string, unknown>): Promise<string> => {
          const file = card("base-model.json", { datanets: [entry] });
          const out = await runTask("model:register", { card: file, from: 1 });
          expect(out.exitCode).to.equal(1);
          expect(out.stdout).to.equal("");
          return out.stderr.replace(`${path.basename(file)}: `, "");
        };
        const at = `datanets[0] (datanet ${medical})`;

        expect(await refused({ id: Number(medical), weightBps: 10_000 })).to.equal(
          `error: ${at} names no version: its latest published version is 1\n`,
        );
        expect(await refused({ id: Number(medical), version: 0, weightBps: 10_000 })).to.equal(
          `error: ${at} names version 0: versions start at 1; its latest published version is 1\n`,
        );
        expect(await refused({ id: Number(medical), version: 2, weightBps: 10_000 })).to.equal(
          `error: ${at} names version 2, not published yet: its latest published version is 1\n`,
        );
        expect(await suite.models.modelCount()).to.equal(count);
        expect(await suite.connection.ethers.provider.getBlockNumber()).to.equal(block);
      });

      it("says to publish one when the datanet has published none", async function () {
        const fresh = await createDatanet("ipfs://datanet/unpublished");
        const file = card("base-model.json", { datanets: [{ id: Number(fresh), weightBps: 10_000 }] });

        const out = await runTask("model:register", { card: file, from: 1 });

        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.equal(
          `error: ${path.basename(file)}: datanets[0] (datanet ${fresh}) names no version: it has published no ` +
            "version yet (publish one with datanet:version)\n",
        );
      });
    });

    describe("when the card file does not exist", function () {
      it("prints one line", async function () {
        const out = await runTask("model:register", { card: path.join(work, "nope.json") });

        expect(out.stderr).to.match(/^error: cannot read the model card .*nope\.json: ENOENT[^\n]*\n$/);
      });
    });
  });

  describe("model:version", function () {
    describe("when the owner publishes a weights file", function () {
      it("appends a version with the file's hash and URL", async function () {
        const weights = path.join(WEIGHTS, "base-v2.weights");

        const result = await runJson<{ version: string; weightsHash: string; datanetVersions: string[]; uri: string }>(
          "model:version",
          { model: base.toString(), weightsFile: weights, from: 1 },
        );

        expect(result.version).to.equal("1");
        expect(result.datanetVersions).to.deep.equal(["1"], "the versions in force, without --datanet-versions");
        expect(result.weightsHash).to.equal(keccak256(readFileSync(weights)));
        expect(result.uri).to.equal(pathToFileURL(weights).href);
        expect((await suite.models.model(base)).versionCount).to.equal(2n);
      });
    });

    describe("when the signer does not own the model", function () {
      it("prints the decoded NotModelOwner line", async function () {
        const out = await runTask("model:version", {
          model: base.toString(),
          weightsHash: id("v3"),
          uri: "ipfs://v3",
          from: 3,
        });

        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.equal(`error: NotModelOwner(modelId=${base}, caller=${stranger.address})\n`);
      });
    });

    describe("when neither a hash nor a file is given", function () {
      it("says what to give", async function () {
        const out = await runTask("model:version", { model: base.toString(), uri: "ipfs://v3" });

        expect(out.stderr).to.equal("error: give either --weights-hash or --weights-file\n");
      });
    });
  });

  describe("model:version with newer datanet versions", function () {
    let retrained: bigint;
    /// What `model:version` sent: the number of versions of the retrained model.
    const versionCount = async (): Promise<bigint> => (await suite.models.model(retrained)).versionCount;
    const publish = (changes: Record<string, unknown>) =>
      runTask("model:version", {
        model: retrained.toString(),
        weightsHash: id(`retrained ${JSON.stringify(changes)}`),
        uri: "ipfs://retrained",
        from: 1,
        ...changes,
      });
    /// Runs `model:version` with `changes`, expects one error line and nothing sent, and returns the line.
    async function refused(changes: Record<string, unknown>): Promise<string> {
      const before = await versionCount();
      const out = await publish(changes);
      expect(out.exitCode).to.equal(1);
      expect(out.stdout).to.equal("");
      expect(await versionCount()).to.equal(before);
      return out.stderr;
    }
    /// A card in the work folder whose datanets are `datanets`.
    function versionsCard(name: string, datanets: unknown[]): string {
      const file = path.join(work, `${name}.json`);
      writeFileSync(file, JSON.stringify({ name, datanets }, null, 2));
      return file;
    }

    before(async function () {
      const file = card("triage-model.json", {
        parent: null,
        name: "retrained",
        datanets: [
          { id: Number(medical), version: 1, weightBps: 6000 },
          { id: Number(triage), version: 1, weightBps: 4000 },
        ],
      });
      retrained = BigInt((await runJson<Registered>("model:register", { card: file, from: 1 })).model);
      expect(await publishDatanetVersion(suite, medical)).to.equal(2n);
      expect(await publishDatanetVersion(suite, triage)).to.equal(2n);
      expect(await publishDatanetVersion(suite, triage)).to.equal(3n);
    });

    describe("when --datanet-versions names one per training datanet", function () {
      it("publishes the version on them and prints them", async function () {
        const result = await runJson<{ version: string; datanetVersions: string[] }>("model:version", {
          model: retrained.toString(),
          weightsHash: id("retrained v1"),
          uri: "ipfs://retrained/v1",
          datanetVersions: "2,2",
          from: 1,
        });

        expect(result).to.deep.include({ version: "1", datanetVersions: ["2", "2"] });
        expect((await suite.models.trainingSet(retrained)).map((d) => d.version)).to.deep.equal([2n, 2n]);
      });

      it("prints each version beside its datanet for people", async function () {
        const out = await publish({ datanetVersions: "2 2" });

        expect(out.stdout).to.match(new RegExp(`^datanetVersions: +${medical} v2, ${triage} v2$`, "m"));
      });
    });

    describe("when a card gives the versions", function () {
      it("matches its datanets by id and publishes the version on them", async function () {
        const file = versionsCard("retrained-v3", [
          { id: Number(triage), version: 3, weightBps: 4000 },
          { id: Number(medical), version: 2, weightBps: 6000 },
        ]);

        const result = await runJson<{ datanetVersions: string[] }>("model:version", {
          model: retrained.toString(),
          weightsHash: id("retrained v3"),
          uri: "ipfs://retrained/v3",
          card: file,
          from: 1,
        });

        expect(result.datanetVersions).to.deep.equal(["2", "3"]);
        expect((await suite.models.trainingSet(retrained)).map((d) => d.version)).to.deep.equal([2n, 3n]);
      });

      it("refuses a card whose datanets or weights are not the model's, with one line", async function () {
        const other = await createDatanet("ipfs://datanet/other");
        await publishDatanetVersion(suite, other);
        const weighed = versionsCard("reweighed", [
          { id: Number(medical), version: 2, weightBps: 5000 },
          { id: Number(triage), version: 3, weightBps: 5000 },
        ]);
        const missing = versionsCard("missing", [{ id: Number(medical), version: 2, weightBps: 10_000 }]);
        const foreign = versionsCard("foreign", [
          { id: Number(medical), version: 2, weightBps: 6000 },
          { id: Number(other), version: 1, weightBps: 4000 },
        ]);
        const unversioned = versionsCard("unversioned", [
          { id: Number(medical), version: 2, weightBps: 6000 },
          { id: Number(triage), weightBps: 4000 },
        ]);

        expect(await refused({ card: weighed })).to.equal(
          `error: reweighed.json: datanet ${medical} weighs 5,000 bps, but 6,000 in model ${retrained} ` +
            "(a model's training weights never change)\n",
        );
        expect(await refused({ card: missing })).to.equal(
          `error: missing.json: names no version of datanet ${triage}, a training datanet of model ${retrained}\n`,
        );
        expect(await refused({ card: foreign })).to.equal(
          `error: foreign.json: datanet ${other} is not a training datanet of model ${retrained} ` +
            `(its datanets: ${medical}, ${triage})\n`,
        );
        expect(await refused({ card: unversioned })).to.equal(
          `error: unversioned.json: datanets[1] (datanet ${triage}) names no version: its latest published version is 3\n`,
        );
      });
    });

    describe("when the registry refuses the versions", function () {
      it("prints the decoded DatanetVersionRegressed, TrainingVersionsMismatch or UnknownDatanetVersion line", async function () {
        expect(await refused({ datanetVersions: "1,3" })).to.equal(
          `error: DatanetVersionRegressed(datanetId=${medical}, version=1, current=2)\n`,
        );
        expect(await refused({ datanetVersions: "2" })).to.equal(
          "error: TrainingVersionsMismatch(count=1, expected=2)\n",
        );
        expect(await refused({ datanetVersions: "2,4" })).to.equal(
          `error: UnknownDatanetVersion(datanetId=${triage}, version=4, latest=3)\n`,
        );
      });
    });

    describe("when the options are malformed", function () {
      it("says what is wrong in one line and sends nothing", async function () {
        expect(await refused({ datanetVersions: "2,x" })).to.equal(
          'error: --datanet-versions: "x" is not a version number (give them as 2,3)\n',
        );
        expect(await refused({ datanetVersions: "2,3", card: path.join(work, "any.json") })).to.equal(
          "error: give the datanet versions with --datanet-versions or --card, not both\n",
        );
      });
    });
  });

  describe("model:show", function () {
    describe("when the model is a child with versions", function () {
      it("prints its terms, lineage, datanets and versions with their URIs", async function () {
        await runJson("model:version", {
          model: child.toString(),
          weightsHash: id("triage v2"),
          uri: "ipfs://triage/v2",
          from: 1,
        });

        const shown = await runJson<Shown>("model:show", { model: child.toString() });

        expect(shown).to.deep.include({
          model: child.toString(),
          owner: builder.address,
          status: "Active",
          price: parseEther("0.02").toString(),
          ownerBps: "6000",
          parent: base.toString(),
          depth: "1",
          lineage: [base.toString()],
          revenue: "0",
        });
        expect(shown.versions.map((v) => [v.version, v.uri, v.datanetVersions])).to.deep.equal([
          ["0", "ipfs://bafybeihkoviema7g3gxyt6la7vd5ho32ictqbilu3wnlo3rs7ewhnp7lly/triage-v1.weights", ["1", "1"]],
          ["1", "ipfs://triage/v2", ["1", "1"]],
        ]);
        expect(shown.datanets).to.deep.equal([
          { datanetId: medical.toString(), version: "1", weightBps: "6000" },
          { datanetId: triage.toString(), version: "1", weightBps: "4000" },
        ]);
      });

      it("prints readable lines for people", async function () {
        const out = await runTask("model:show", { model: child.toString() });

        expect(out.stdout).to.match(/^price: +0\.02 OPEN per inference$/m);
        expect(out.stdout).to.match(new RegExp(`^lineage: +${base} \\(parent first\\)$`, "m"));
        expect(out.stdout).to.match(
          new RegExp(`^datanets: +${medical} v1 \\(6,000 bps\\), ${triage} v1 \\(4,000 bps\\)$`, "m"),
        );
        const trained = `datanets ${medical} v1, ${triage} v1`;
        expect(out.stdout).to.match(
          new RegExp(
            `^versions \\(2\\):\n {2}v0 {2}0x[0-9a-f]{64} {2}.+ {2}${trained}\n` +
              ` {2}v1 {2}0x[0-9a-f]{64} {2}.+ {2}ipfs://triage/v2 {2}${trained}\n$`,
            "m",
          ),
        );
      });
    });

    describe("when the model does not exist", function () {
      it("prints the decoded UnknownModel line", async function () {
        const out = await runTask("model:show", { model: "424242" });

        expect(out.stderr).to.equal("error: UnknownModel(modelId=424242)\n");
      });
    });
  });

  describe("model:price", function () {
    describe("when the owner sets a price", function () {
      it("changes it and prints the previous one", async function () {
        const result = await runJson<{ previous: string; price: string }>("model:price", {
          model: child.toString(),
          price: "0.05",
          from: 1,
        });

        expect(result).to.deep.include({
          previous: parseEther("0.02").toString(),
          price: parseEther("0.05").toString(),
        });
        expect((await suite.models.model(child)).price).to.equal(parseEther("0.05"));
      });
    });

    describe("when the price is zero", function () {
      it("prints the decoded ZeroPrice line", async function () {
        const out = await runTask("model:price", { model: child.toString(), price: "0", from: 1 });

        expect(out.stderr).to.equal("error: ZeroPrice()\n");
      });
    });
  });

  describe("model:split", function () {
    describe("when the owner sets a share within the floor", function () {
      it("changes it", async function () {
        await runJson("model:split", { model: child.toString(), ownerBps: "5000", from: 1 });

        expect((await suite.models.model(child)).ownerBps).to.equal(5000n);
      });
    });

    describe("when the share leaves the data less than the floor", function () {
      it("prints the decoded DataShareBelowFloor line", async function () {
        const out = await runTask("model:split", { model: child.toString(), ownerBps: "9000", from: 1 });

        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.equal("error: DataShareBelowFloor(dataBps=1000 bps (10%), minDataBps=3000 bps (30%))\n");
      });
    });
  });

  describe("model:withdraw", function () {
    describe("when the model has earned revenue", function () {
      it("pays it to --to and prints the amount", async function () {
        const settlement = await suite.settlement.getAddress();
        const fee = await suite.models.quote(base, 10n);
        await suite.open.connect(payer).approve(settlement, fee);
        await suite.settlement.connect(payer).settle(base, 10n, fee, id("inference-1"), id("attribution-1"));
        const revenue = await suite.settlement.modelRevenue(base);
        expect(revenue).to.be.greaterThan(0n);

        const result = await runJson<{ amount: string; to: string }>("model:withdraw", {
          model: base.toString(),
          to: stranger.address,
          from: 1,
        });

        expect(result.amount).to.equal(revenue.toString());
        expect(result.to).to.equal(stranger.address);
        expect(await suite.settlement.modelRevenue(base)).to.equal(0n);
      });
    });

    describe("when there is nothing to withdraw", function () {
      it("prints the decoded NothingToWithdraw line", async function () {
        const out = await runTask("model:withdraw", { model: base.toString(), from: 1 });

        expect(out.stderr).to.equal("error: NothingToWithdraw()\n");
      });
    });

    describe("when the signer does not own the model", function () {
      it("prints the decoded NotModelOwner line", async function () {
        const out = await runTask("model:withdraw", { model: base.toString() });

        expect(out.stderr).to.equal(`error: NotModelOwner(modelId=${base}, caller=${owner.address})\n`);
      });
    });
  });
  describe("model:list", function () {
    describe("when models were registered, one a child with two versions", function () {
      it("lists every model with its owner, current version, price, status and lineage", async function () {
        const listed = await runJson<{ count: number; models: Listed[] }>("model:list", {});

        const count = await suite.models.modelCount();
        expect(listed.count).to.equal(Number(count));
        expect(listed.models.map((m) => m.model)).to.deep.equal(
          Array.from({ length: Number(count) }, (_, i) => String(i + 1)),
        );
        const m = await suite.models.model(child);
        const latest = await suite.models.version(child, m.versionCount - 1n);
        expect(listed.models[Number(child) - 1]).to.deep.equal({
          model: child.toString(),
          owner: builder.address,
          cardURI: m.cardURI,
          status: "Active",
          suspended: false,
          price: m.price.toString(),
          ownerBps: m.ownerBps.toString(),
          version: (m.versionCount - 1n).toString(),
          weightsHash: latest.weightsHash,
          lineage: [base.toString()],
          parent: base.toString(),
          datanets: [
            { datanetId: medical.toString(), version: "1", weightBps: "6000" },
            { datanetId: triage.toString(), version: "1", weightBps: "4000" },
          ],
        });
        expect(listed.models[Number(base) - 1]).to.include({ parent: null, status: "Active" });
        expect(listed.models[Number(base) - 1].lineage).to.deep.equal([]);
      });

      it("prints one line a model for people, price in OPEN", async function () {
        const out = await runTask("model:list", {});

        expect(out.exitCode).to.equal(undefined);
        const price = (await suite.models.model(child)).price;
        expect(out.stdout).to.match(new RegExp(`^models: +${await suite.models.modelCount()}$`, "m"));
        expect(out.stdout).to.match(
          new RegExp(
            `^model ${child}: +${formatOpen(price).replace(".", "\\.")} per inference, v1, Active, ` +
              `owner 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}, lineage ${base}, ipfs://\\S+$`,
            "m",
          ),
        );
        expect(out.stdout).to.match(new RegExp(`^model ${base}: .*, no parent, `, "m"));
      });
    });
  });
});
