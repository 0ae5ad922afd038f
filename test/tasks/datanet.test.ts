import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { keccak256, parseEther, toUtf8Bytes, ZeroHash } from "ethers";
import hre from "hardhat";
import { getSuite } from "../../tasks/lib/index.js";
import { formatTime } from "../../package/src/format/index.js";
import { datanetVersionManifest } from "../../package/src/actions/index.js";
import { commitmentOf, manifestJson, saltFor } from "../../package/src/datanets/index.js";
import { readRecordTreeFile, readVersionManifest } from "../../package/src/node/index.js";
import { FIXTURES, runJson, runTask } from "../fixtures/tasks.js";

const suite = await getSuite(hre);
const [owner, contributor, curator, stranger] = await suite.connection.ethers.getSigners();
const work = mkdtempSync(path.join(tmpdir(), "datanet-tasks-"));
const RECORDS = path.join(FIXTURES, "records");

interface Created {
  datanet: string;
  owner: string;
  curated: boolean;
  bond: string;
  attestor: string;
  uri: string;
}

interface Batch {
  root: string;
  count: string;
  status: string;
  uri: string;
  treeFile: string;
  files: number;
}

interface OneByOne {
  contributed: Array<{ name: string; contentHash: string; index: string; status: string; uri: string }>;
  alreadyContributed: Array<{ name: string; contentHash: string; status: string }>;
  sameContent: string[];
}

/// A folder of `n` distinct small files (nested one level), named so that their sorted order is known.
function makeFolder(name: string, n: number, salt: string): string {
  const dir = path.join(work, name);
  for (let i = 0; i < n; i++) {
    const sub = path.join(dir, i % 2 === 0 ? "even" : "odd");
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, `record-${String(i).padStart(3, "0")}.jsonl`), `{"salt":"${salt}","i":${i}}\n`);
  }
  return dir;
}

async function createDatanet(args: Record<string, unknown>): Promise<bigint> {
  const created = await runJson<Created>("datanet:create", args);
  return BigInt(created.datanet);
}

describe("datanet tasks", function () {
  before(async function () {
    // The contributor pays bonds: give it OPEN.
    await suite.open.transfer(contributor.address, parseEther("10000"));
  });

  describe("datanet:create", function () {
    describe("when given a URI, --curated and a bond", function () {
      it("prints the new id from DatanetCreated, and the registry holds that datanet", async function () {
        const before = await suite.datanets.datanetCount();

        const created = await runJson<Created>("datanet:create", {
          uri: "ipfs://datanet/triage",
          curated: true,
          bond: "2.5",
        });

        expect(BigInt(created.datanet)).to.equal(before + 1n);
        const d = await suite.datanets.datanet(BigInt(created.datanet));
        expect(d.owner).to.equal(owner.address);
        expect(d.curated).to.equal(true);
        expect(d.bond).to.equal(parseEther("2.5"));
        expect(d.attestor).to.equal(owner.address);
        expect(d.uri).to.equal("ipfs://datanet/triage");
      });
    });

    describe("when a bond is given without --curated", function () {
      it("prints one error line and sets exit code 1", async function () {
        const out = await runTask("datanet:create", { uri: "ipfs://x", bond: "1" });

        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.equal("error: --bond needs --curated: only a curator's rejection can forfeit a bond\n");
      });
    });

    describe("when the URI is missing", function () {
      it("names the option", async function () {
        const out = await runTask("datanet:create", {});

        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.equal("error: --uri is required\n");
      });
    });
  });

  describe("datanet:contribute", function () {
    let curated: bigint;
    let open: bigint;

    before(async function () {
      curated = await createDatanet({ uri: "ipfs://datanet/curated", curated: true, bond: "1" });
      open = await createDatanet({ uri: "ipfs://datanet/open" });
    });

    describe("when the path is a file", function () {
      it("contributes keccak256 of its bytes with its file:// URL, paying the bond", async function () {
        const file = path.join(RECORDS, "triage-001.jsonl");
        const balance = await suite.open.balanceOf(contributor.address);

        const out = await runJson<{ contentHash: string; uri: string; status: string; index: string }>(
          "datanet:contribute",
          { datanet: curated.toString(), path: file, from: 1 },
        );

        const hash = keccak256(readFileSync(file));
        expect(out.contentHash).to.equal(hash);
        expect(out.uri).to.equal(pathToFileURL(file).href);
        expect(out.status).to.equal("Pending");
        const c = await suite.datanets.contribution(curated, hash);
        expect(c.contributor).to.equal(contributor.address);
        expect(c.status).to.equal(1n);
        expect(await suite.open.balanceOf(contributor.address)).to.equal(balance - parseEther("1"));
      });

      it("uses --uri-prefix and the file name as the URI", async function () {
        const out = await runJson<{ uri: string }>("datanet:contribute", {
          datanet: open.toString(),
          path: path.join(RECORDS, "triage-002.jsonl"),
          uriPrefix: "ipfs://bafyrecords/",
        });

        expect(out.uri).to.equal("ipfs://bafyrecords/triage-002.jsonl");
      });
    });

    describe("when the file was already contributed", function () {
      it("prints the decoded DuplicateContribution line and sets exit code 1", async function () {
        const file = path.join(RECORDS, "triage-001.jsonl");

        const out = await runTask("datanet:contribute", { datanet: curated.toString(), path: file, from: 1 });

        expect(out.exitCode).to.equal(1);
        expect(out.stdout).to.equal("");
        expect(out.stderr).to.equal(
          `error: DuplicateContribution(datanetId=${curated}, contentHash=${keccak256(readFileSync(file))})\n`,
        );
      });
    });

    describe("when the path is a folder of more files than the threshold", function () {
      it("posts one Merkle root and writes a tree file whose proofs verify on chain", async function () {
        const folder = makeFolder("twenty", 20, "batch");
        const out = path.join(work, "trees", "twenty.json");

        const result = await runJson<Batch>("datanet:contribute", {
          datanet: curated.toString(),
          path: folder,
          out,
          from: 1,
        });

        expect(result.files).to.equal(20);
        expect(result.count).to.equal("20");
        expect(result.status).to.equal("Pending");
        expect(result.uri).to.equal(pathToFileURL(out).href);
        const batch = await suite.datanets.batch(curated, result.root);
        expect(batch.submitter).to.equal(contributor.address);
        expect(batch.count).to.equal(20n);
        const { content } = readRecordTreeFile(out);
        expect(content.root).to.equal(result.root);
        expect(content.records).to.have.length(20);
        expect(content.records[0].name).to.equal("even/record-000.jsonl");
        const record = content.records[7];
        expect(record.contentHash).to.equal(keccak256(readFileSync(path.join(folder, record.name))));
        expect(
          await suite.datanets.verifyRecord(
            curated,
            result.root,
            contributor.address,
            record.contentHash,
            1n,
            record.proof,
          ),
        ).to.equal(true);
        expect(
          await suite.datanets.verifyRecord(
            curated,
            result.root,
            stranger.address,
            record.contentHash,
            1n,
            record.proof,
          ),
        ).to.equal(false);
      });

      it("names the tree file after the datanet and the root by default", async function () {
        const folder = makeFolder("seventeen", 17, "default-out");
        const cwd = process.cwd();
        process.chdir(work);
        let result: Batch;
        try {
          result = await runJson<Batch>("datanet:contribute", { datanet: open.toString(), path: folder });
        } finally {
          process.chdir(cwd);
        }

        const expected = path.join("contributions", `${open}-${result.root.slice(2, 10)}.json`);
        expect(result.treeFile).to.equal(expected);
        expect(readRecordTreeFile(path.join(work, expected)).content.count).to.equal(17);
      });
    });

    describe("when the folder holds no more files than the threshold", function () {
      it("contributes them one by one and skips the ones the datanet already holds", async function () {
        // triage-001 is already in the curated datanet; 002 and 003 are not.
        const result = await runJson<OneByOne>("datanet:contribute", {
          datanet: curated.toString(),
          path: RECORDS,
          uriPrefix: "ipfs://bafyrecords/",
          from: 1,
        });

        expect(result.contributed.map((c) => c.name)).to.deep.equal(["triage-002.jsonl", "triage-003.jsonl"]);
        expect(result.contributed.map((c) => c.uri)).to.deep.equal([
          "ipfs://bafyrecords/triage-002.jsonl",
          "ipfs://bafyrecords/triage-003.jsonl",
        ]);
        expect(result.alreadyContributed).to.deep.equal([
          {
            name: "triage-001.jsonl",
            contentHash: keccak256(readFileSync(path.join(RECORDS, "triage-001.jsonl"))),
            contributor: contributor.address,
            status: "Pending",
          },
        ]);
        expect((await suite.datanets.datanet(curated)).contributionCount).to.equal(3n);
      });

      it("reports files with the same content once", async function () {
        const dir = path.join(work, "same");
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, "a.txt"), "same bytes");
        writeFileSync(path.join(dir, "b.txt"), "same bytes");

        const result = await runJson<OneByOne>("datanet:contribute", { datanet: open.toString(), path: dir });

        expect(result.contributed.map((c) => c.name)).to.deep.equal(["a.txt"]);
        expect(result.sameContent).to.deep.equal(["b.txt"]);
        expect(result.contributed[0].contentHash).to.equal(keccak256(toUtf8Bytes("same bytes")));
      });
    });

    describe("by default (commit, then reveal)", function () {
      /// A file of its own content in the work folder.
      const record = (name: string): string => {
        const file = path.join(work, name);
        writeFileSync(file, `{"record":"${name}"}\n`);
        return file;
      };

      it("commits in one transaction, reveals in a later block with a later timestamp, and prints the progress line", async function () {
        const file = record("two-step.jsonl");
        const hash = keccak256(readFileSync(file));

        const out = await runTask("datanet:contribute", { datanet: open.toString(), path: file, from: 1 });

        expect(out.exitCode).to.equal(undefined);
        expect(out.stdout).to.match(
          /^committed 0x[0-9a-f]{64} in block \d+, revealing in a later block with a later timestamp…\n/,
        );
        const commitment = /^committed (0x[0-9a-f]{64}) in block (\d+)/.exec(out.stdout)!;
        const committed = await suite.datanets.queryFilter(
          suite.datanets.filters.ContributionCommitted(contributor.address, commitment[1]),
        );
        expect(committed).to.have.length(1);
        const submitted = await suite.datanets.queryFilter(suite.datanets.filters.ContributionSubmitted(open, hash));
        expect(submitted).to.have.length(1);
        expect(submitted[0].blockNumber).to.be.greaterThan(committed[0].blockNumber);
        const c = await suite.datanets.contribution(open, hash);
        expect(c.contributor).to.equal(contributor.address);
        // The record's priority is the commit's time, and the commit is used up.
        expect(c.submittedAt).to.equal(BigInt((await committed[0].getBlock()).timestamp));
        expect((await suite.datanets.commitOf(contributor.address, commitment[1]))[0]).to.equal(0n);
      });

      it("says so in its JSON result, with the commitment and both transactions", async function () {
        const file = record("two-step-json.jsonl");
        const result = await runJson<{ mode: string; commitment: string; commitTx: string; tx: string }>(
          "datanet:contribute",
          { datanet: curated.toString(), path: file, from: 1 },
        );

        expect(result.mode).to.equal("commit-reveal");
        expect(result.commitment).to.match(/^0x[0-9a-f]{64}$/);
        expect(result.commitTx).to.not.equal(result.tx);
        const receipt = await suite.connection.ethers.provider.getTransactionReceipt(result.tx);
        const commitReceipt = await suite.connection.ethers.provider.getTransactionReceipt(result.commitTx);
        expect(receipt!.blockNumber).to.be.greaterThan(commitReceipt!.blockNumber);
      });

      it("commits every file of a folder first, then reveals them all", async function () {
        const folder = makeFolder("two-step-folder", 3, "two-step-folder");
        const result = await runJson<OneByOne & { mode: string }>("datanet:contribute", {
          datanet: open.toString(),
          path: folder,
          from: 1,
        });

        expect(result.mode).to.equal("one by one, commit-reveal");
        expect(result.contributed).to.have.length(3);
        const commits = await suite.datanets.queryFilter(
          suite.datanets.filters.ContributionCommitted(contributor.address),
        );
        const lastCommit = Math.max(...commits.map((e) => e.blockNumber));
        for (const c of result.contributed) {
          const submitted = await suite.datanets.queryFilter(
            suite.datanets.filters.ContributionSubmitted(open, c.contentHash),
          );
          expect(submitted[0].blockNumber).to.be.greaterThan(lastCommit);
        }
      });

      it("refuses before anything is sent when the account cannot pay the bond, and --salt finishes an earlier commit", async function () {
        // An account without OPEN (other test files may have funded it: it gives that back first). Its bonded
        // contribution is refused before the commit: no commit, no approval, nothing sent.
        const broke = (await suite.connection.ethers.getSigners())[17];
        const held = await suite.open.balanceOf(broke.address);
        if (held > 0n) await suite.open.connect(broke).transfer(owner.address, held);
        const file = record("reveal-fails.jsonl");
        const hash = keccak256(readFileSync(file));
        const nonce = await suite.connection.ethers.provider.getTransactionCount(broke.address);
        const failed = await runTask("datanet:contribute", { datanet: curated.toString(), path: file, from: 17 });

        expect(failed.exitCode).to.equal(1);
        expect(failed.stderr).to.equal(
          `error: ${broke.address} holds 0 OPEN, less than the 1 OPEN bond of datanet ${curated.toString()}\n`,
        );
        expect(await suite.connection.ethers.provider.getTransactionCount(broke.address)).to.equal(nonce);
        expect((await suite.datanets.contribution(curated, hash)).status).to.equal(0n);

        // A commit of an earlier run (its run salt kept): once the account is funded, --salt reveals it.
        const salt = keccak256(toUtf8Bytes("an earlier run"));
        await suite.datanets
          .connect(broke)
          .commitContribution(commitmentOf(broke.address, curated, hash, saltFor(salt, hash)));
        await suite.open.transfer(broke.address, parseEther("5"));
        const result = await runJson<{ commitTx: string; status: string }>("datanet:contribute", {
          datanet: curated.toString(),
          path: file,
          from: 17,
          salt,
        });

        expect(result.commitTx).to.equal("-");
        expect(result.status).to.equal("Pending");
        expect((await suite.datanets.contribution(curated, hash)).contributor).to.equal(broke.address);
      });

      it("takes over a copy sent after its commit when re-run with the salt of that commit", async function () {
        const file = record("copied.jsonl");
        const hash = keccak256(readFileSync(file));
        const runSalt = keccak256(toUtf8Bytes("an earlier run"));
        const salt = saltFor(runSalt, hash);
        await suite.datanets
          .connect(contributor)
          .commitContribution(commitmentOf(contributor.address, open, hash, salt));
        await suite.datanets.connect(stranger).contribute(open, hash, "ipfs://copy");

        const result = await runJson<{ claimedFrom: string; index: string; status: string }>("datanet:contribute", {
          datanet: open.toString(),
          path: file,
          from: 1,
          salt: runSalt,
        });

        expect(result.claimedFrom).to.equal(stranger.address);
        expect(result.status).to.equal("Accepted");
        const c = await suite.datanets.contribution(open, hash);
        expect(c.contributor).to.equal(contributor.address);
        expect(result.index).to.equal(c.index.toString());
      });

      it("refuses --salt with --direct, and a malformed salt", async function () {
        const file = record("bad-salt.jsonl");
        const both = await runTask("datanet:contribute", {
          datanet: open.toString(),
          path: file,
          direct: true,
          salt: ZeroHash,
        });
        expect(both.stderr).to.equal("error: --salt belongs to the commit–reveal path: drop --direct\n");
        const bad = await runTask("datanet:contribute", { datanet: open.toString(), path: file, salt: "0x12" });
        expect(bad.stderr).to.equal("error: --salt must be a 32-byte hex value, not 0x12\n");
      });

      it("commits and reveals a Merkle root", async function () {
        const folder = makeFolder("two-step-root", 18, "two-step-root");
        const result = await runJson<Batch & { mode: string; commitment: string }>("datanet:contribute", {
          datanet: open.toString(),
          path: folder,
          out: path.join(work, "trees", "two-step-root.json"),
          from: 1,
        });

        expect(result.mode).to.equal("merkle root, commit-reveal");
        const batch = await suite.datanets.batch(open, result.root);
        expect(batch.submitter).to.equal(contributor.address);
        expect(batch.count).to.equal(18n);
        const committed = await suite.datanets.queryFilter(
          suite.datanets.filters.ContributionCommitted(contributor.address, result.commitment),
        );
        expect(batch.submittedAt).to.equal(BigInt((await committed[0].getBlock()).timestamp));
      });
    });

    describe("with --direct", function () {
      it("contributes in one transaction, with no commit", async function () {
        const file = path.join(work, "direct.jsonl");
        writeFileSync(file, '{"record":"direct"}\n');
        const hash = keccak256(readFileSync(file));
        const commitsBefore = await suite.datanets.queryFilter(suite.datanets.filters.ContributionCommitted());

        const result = await runJson<{ mode: string; tx: string; commitment?: string }>("datanet:contribute", {
          datanet: open.toString(),
          path: file,
          direct: true,
          from: 1,
        });

        expect(result.mode).to.equal("direct");
        expect(result.commitment).to.equal(undefined);
        const commitsAfter = await suite.datanets.queryFilter(suite.datanets.filters.ContributionCommitted());
        expect(commitsAfter).to.have.length(commitsBefore.length);
        const tx = await suite.connection.ethers.provider.getTransaction(result.tx);
        expect(suite.datanets.interface.parseTransaction(tx!)!.name).to.equal("contribute");
        expect((await suite.datanets.contribution(open, hash)).contributor).to.equal(contributor.address);
      });

      it("submits a Merkle root in one transaction", async function () {
        const folder = makeFolder("direct-root", 17, "direct-root");
        const result = await runJson<Batch & { mode: string; tx: string }>("datanet:contribute", {
          datanet: open.toString(),
          path: folder,
          out: path.join(work, "trees", "direct-root.json"),
          direct: true,
        });

        expect(result.mode).to.equal("merkle root");
        const tx = await suite.connection.ethers.provider.getTransaction(result.tx);
        expect(suite.datanets.interface.parseTransaction(tx!)!.name).to.equal("contributeRoot");
      });
    });

    describe("when the path does not exist", function () {
      it("prints one error line", async function () {
        const missing = path.join(work, "missing");

        const out = await runTask("datanet:contribute", { datanet: open.toString(), path: missing });

        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.equal(`error: no such file or folder: ${missing}\n`);
      });
    });

    describe("when the datanet does not exist", function () {
      it("prints the decoded UnknownDatanet line", async function () {
        const out = await runTask("datanet:contribute", { datanet: "999", path: RECORDS });

        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.equal("error: UnknownDatanet(datanetId=999)\n");
      });
    });
  });

  describe("datanet:review", function () {
    let datanet: bigint;
    const hashes: string[] = [];

    before(async function () {
      datanet = await createDatanet({ uri: "ipfs://datanet/review", curated: true, bond: "1" });
      await runJson("datanet:curator", { datanet: datanet.toString(), account: curator.address });
      const folder = makeFolder("review", 5, "review");
      const result = await runJson<OneByOne>("datanet:contribute", {
        datanet: datanet.toString(),
        path: folder,
        from: 1,
      });
      hashes.push(...result.contributed.map((c) => c.contentHash));
    });

    describe("when a curator accepts and rejects in one call", function () {
      it("records every decision with its weight, in one transaction", async function () {
        const result = await runJson<{ accepted: Array<{ weight: string }>; rejected: unknown[]; tx: string }>(
          "datanet:review",
          { datanet: datanet.toString(), accept: `${hashes[0]},${hashes[1]}`, weight: 5, reject: hashes[2], from: 2 },
        );

        expect(result.accepted.map((a) => a.weight)).to.deep.equal(["5", "5"]);
        expect(result.rejected).to.have.length(1);
        expect((await suite.datanets.contribution(datanet, hashes[0])).weight).to.equal(5n);
        expect((await suite.datanets.contribution(datanet, hashes[2])).status).to.equal(3n);
        const receipt = await suite.connection.ethers.provider.getTransactionReceipt(result.tx);
        expect(receipt?.from).to.equal(curator.address);
      });
    });

    describe("when the decisions come from a file", function () {
      it("applies each entry, weight 0 rejecting", async function () {
        const file = path.join(work, "decisions.json");
        writeFileSync(
          file,
          JSON.stringify([
            { contentHash: hashes[3], weight: 3 },
            { contentHash: hashes[4], weight: 0 },
          ]),
        );

        await runJson("datanet:review", { datanet: datanet.toString(), file });

        expect((await suite.datanets.contribution(datanet, hashes[3])).weight).to.equal(3n);
        expect((await suite.datanets.contribution(datanet, hashes[4])).status).to.equal(3n);
      });
    });

    describe("when a contribution is no longer pending", function () {
      it("prints the decoded NotPending line", async function () {
        const out = await runTask("datanet:review", { datanet: datanet.toString(), accept: hashes[0] });

        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.equal(`error: NotPending(datanetId=${datanet}, key=${hashes[0]}, status=Accepted)\n`);
      });
    });

    describe("when the signer is not a curator", function () {
      it("prints the decoded NotCurator line", async function () {
        const out = await runTask("datanet:review", { datanet: datanet.toString(), reject: hashes[0], from: 3 });

        expect(out.stderr).to.equal(`error: NotCurator(datanetId=${datanet}, caller=${stranger.address})\n`);
      });
    });

    describe("when no decision is given", function () {
      it("says what to give", async function () {
        const out = await runTask("datanet:review", { datanet: datanet.toString() });

        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.equal("error: nothing to review: give --accept, --reject or --file\n");
      });
    });

    describe("when --root is given", function () {
      it("accepts the pending batch and refunds its bond to the submitter", async function () {
        const folder = makeFolder("review-batch", 18, "review-batch");
        const batch = await runJson<Batch>("datanet:contribute", {
          datanet: datanet.toString(),
          path: folder,
          out: path.join(work, "trees", "review-batch.json"),
          from: 1,
        });
        const credit = await suite.datanets.bondCredit(contributor.address);

        const result = await runJson<{ batches: Array<{ root: string; status: string; tx: string }> }>(
          "datanet:review",
          {
            datanet: datanet.toString(),
            root: true,
            accept: batch.root,
          },
        );

        expect(result.batches).to.deep.equal([{ root: batch.root, status: "Accepted", tx: result.batches[0].tx }]);
        expect((await suite.datanets.batch(datanet, batch.root)).status).to.equal(2n);
        expect(await suite.datanets.bondCredit(contributor.address)).to.equal(credit + parseEther("1"));
      });
    });
  });

  describe("datanet:show", function () {
    let datanet: bigint;

    before(async function () {
      datanet = await createDatanet({ uri: "ipfs://datanet/show", curated: true });
      await runJson("datanet:curator", { datanet: datanet.toString(), account: curator.address });
      await runJson("datanet:curator", { datanet: datanet.toString(), account: stranger.address });
      await runJson("datanet:curator", { datanet: datanet.toString(), account: stranger.address, remove: true });
      await runJson("datanet:contribute", { datanet: datanet.toString(), path: RECORDS, uriPrefix: "ipfs://r/" });
      await runJson("datanet:contribute", {
        datanet: datanet.toString(),
        path: makeFolder("show-batch", 17, "show"),
        out: path.join(work, "trees", "show.json"),
      });
    });

    describe("when asked for the details", function () {
      it("prints the datanet, its current curators and what waits for review", async function () {
        const shown = await runJson<Record<string, unknown>>("datanet:show", { datanet: datanet.toString() });

        expect(shown).to.deep.include({
          datanet: datanet.toString(),
          uri: "ipfs://datanet/show",
          owner: owner.address,
          curated: true,
          contributions: "3",
          batches: "1",
          pending: { contributions: "3", batches: "1" },
          curators: [curator.address],
        });
      });
    });

    describe("when asked for a page of contributions", function () {
      it("lists them with their URIs from the events", async function () {
        const shown = await runJson<{
          contributionsPage: Array<{ index: string; status: string; uri: string }>;
          page: { next: string | null };
        }>("datanet:show", { datanet: datanet.toString(), contributions: true, offset: 1, limit: 1 });

        expect(shown.contributionsPage).to.have.length(1);
        expect(shown.contributionsPage[0].index).to.equal("1");
        expect(shown.contributionsPage[0].uri).to.equal("ipfs://r/triage-002.jsonl");
        expect(shown.page.next).to.equal("2");
      });

      it("keeps only the contributor's with --contributor", async function () {
        const shown = await runJson<{ contributionsPage: unknown[] }>("datanet:show", {
          datanet: datanet.toString(),
          contributor: stranger.address,
        });

        expect(shown.contributionsPage).to.deep.equal([]);
      });
    });

    describe("when printing for people", function () {
      it("prints aligned lines and one line per contribution", async function () {
        const out = await runTask("datanet:show", { datanet: datanet.toString(), contributions: true });

        expect(out.exitCode).to.equal(undefined);
        expect(out.stdout).to.match(/^datanet: +\d+\n/);
        expect(out.stdout).to.match(new RegExp(`^curators: +${curator.address}$`, "m"));
        expect(out.stdout).to.match(/^pending\.contributions: +3$/m);
        expect(out.stdout.match(/^ {2}#\d+ /gm)).to.have.length(3);
      });
    });
  });

  describe("datanet:version", function () {
    let datanet: bigint;
    const h = (name: string): string => keccak256(toUtf8Bytes(`version ${name}`));

    interface Published {
      datanet: string;
      version: string;
      acceptedCount: number;
      totalWeight: string;
      contributors: number;
      manifest: string;
      uri: string;
    }

    before(async function () {
      // A curated datanet: the contributor's "a" accepted with weight 3, "b" rejected, a batch accepted.
      datanet = await createDatanet({ uri: "ipfs://datanet/versions", curated: true });
      const as = suite.datanets.connect(contributor);
      await (await as.contribute(datanet, h("a"), "ipfs://a")).wait();
      await (await as.contribute(datanet, h("b"), "ipfs://b")).wait();
      await (await as.contributeRoot(datanet, h("root"), 4n, "ipfs://tree")).wait();
      await (
        await suite.datanets.review(datanet, [
          { contentHash: h("a"), weight: 3n },
          { contentHash: h("b"), weight: 0n },
        ])
      ).wait();
      await (await suite.datanets.reviewBatch(datanet, h("root"), true)).wait();
    });

    describe("when the owner publishes", function () {
      it("publishes version 1 and writes its manifest, equal to a rebuild from the events, at the URI it names", async function () {
        const out = path.join(work, "versions", "v1.json");

        const result = await runJson<Published>("datanet:version", { datanet: datanet.toString(), out });

        expect(result).to.deep.include({
          datanet: datanet.toString(),
          version: "1",
          acceptedCount: 2,
          totalWeight: "3",
          contributors: 1,
          uri: pathToFileURL(out).href,
        });
        expect(path.resolve(result.manifest)).to.equal(out);
        const rebuilt = await datanetVersionManifest(suite, { datanetId: datanet, version: 1n });
        expect(readFileSync(out, "utf8")).to.equal(manifestJson(rebuilt));
        expect(readVersionManifest(out).contributions.map((c) => c.kind)).to.deep.equal(["record", "batch"]);
        const [event] = await suite.datanets.queryFilter(suite.datanets.filters.DatanetVersionPublished(datanet, 1n));
        expect(event.args.uri).to.equal(pathToFileURL(out).href);
        expect(event.args.acceptedCount).to.equal(2n);
      });

      it("writes the manifest under ./datanet-versions/<deployment id>/ by default, and takes --uri as given", async function () {
        await (await suite.datanets.connect(contributor).contribute(datanet, h("c"), "ipfs://c")).wait();
        await (await suite.datanets.review(datanet, [{ contentHash: h("c"), weight: 2n }])).wait();
        const cwd = process.cwd();
        process.chdir(work);
        let result: Published;
        try {
          result = await runJson<Published>("datanet:version", { datanet: datanet.toString(), uri: "ipfs://v2" });
        } finally {
          process.chdir(cwd);
        }

        const expected = path.join("datanet-versions", suite.deployment.deploymentId, `${datanet}-v2.json`);
        expect(result.manifest).to.equal(expected);
        expect(result).to.deep.include({ version: "2", acceptedCount: 3, totalWeight: "5", uri: "ipfs://v2" });
        expect(readVersionManifest(path.join(work, expected)).acceptedCount).to.equal(3);
      });

      it("prints the version, its counts and the manifest's path for people", async function () {
        await (await suite.datanets.connect(contributor).contribute(datanet, h("d"), "ipfs://d")).wait();
        await (await suite.datanets.review(datanet, [{ contentHash: h("d"), weight: 1n }])).wait();
        const out = await runTask("datanet:version", {
          datanet: datanet.toString(),
          out: path.join(work, "versions", "v3.json"),
        });

        expect(out.exitCode).to.equal(undefined);
        expect(out.stdout).to.match(/^version: +3$/m);
        expect(out.stdout).to.match(/^acceptedCount: +4$/m);
        expect(out.stdout).to.match(/^totalWeight: +6$/m);
        expect(out.stdout).to.match(/^contributors: +1$/m);
        expect(out.stdout).to.match(/^manifest: +.*v3\.json$/m);
      });
    });

    describe("when nothing was accepted since the latest version", function () {
      it("prints the decoded NothingAcceptedSinceVersion line and sends nothing", async function () {
        const nonce = await suite.connection.ethers.provider.getTransactionCount(owner.address);
        const out = await runTask("datanet:version", { datanet: datanet.toString() });

        expect(out.exitCode).to.equal(1);
        expect(out.stdout).to.equal("");
        expect(out.stderr).to.equal(
          `error: NothingAcceptedSinceVersion(datanetId=${datanet}, latest=3, acceptedCount=4)\n`,
        );
        expect(await suite.connection.ethers.provider.getTransactionCount(owner.address)).to.equal(nonce);
      });
    });

    describe("when the signer does not own the datanet", function () {
      it("prints the decoded NotDatanetOwner line", async function () {
        const out = await runTask("datanet:version", { datanet: datanet.toString(), from: 3 });

        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.equal(`error: NotDatanetOwner(datanetId=${datanet}, caller=${stranger.address})\n`);
      });
    });

    describe("datanet:show --datanet-version", function () {
      it("prints the version's manifest with --json, as the rebuild from the events", async function () {
        const out = await runTask("datanet:show", { datanet: datanet.toString(), datanetVersion: "1", json: true });

        const rebuilt = await datanetVersionManifest(suite, { datanetId: datanet, version: 1n });
        expect(out.stdout).to.equal(manifestJson(rebuilt));
      });

      it("prints its contributions and contributor weights for people", async function () {
        const out = await runTask("datanet:show", { datanet: datanet.toString(), datanetVersion: "2" });

        expect(out.exitCode).to.equal(undefined);
        expect(out.stdout).to.match(/^acceptedCount: +3$/m);
        expect(out.stdout).to.match(/^uri: +ipfs:\/\/v2$/m);
        expect(out.stdout).to.include(`  #1    record ${h("a")}  ${contributor.address}  w=3\n`);
        expect(out.stdout).to.include(`  #2    batch  ${h("root")}  ${contributor.address}  4 records`);
        expect(out.stdout).to.include(`  #3    record ${h("c")}  ${contributor.address}  w=2\n`);
        expect(out.stdout).to.include(`contributors (1):\n  ${contributor.address}  weight 5  (2 records)\n`);
      });

      it("names the latest version for version 0 and for one not published", async function () {
        for (const v of ["0", "9"]) {
          const out = await runTask("datanet:show", { datanet: datanet.toString(), datanetVersion: v });

          expect(out.exitCode).to.equal(1);
          expect(out.stderr).to.equal(`error: UnknownDatanetVersion(datanetId=${datanet}, version=${v}, latest=3)\n`);
        }
      });

      it("shows versionCount and acceptedCount without --datanet-version, and datanet:list the latest version", async function () {
        const shown = await runJson<Record<string, unknown>>("datanet:show", { datanet: datanet.toString() });
        expect(shown).to.deep.include({ acceptedCount: "4", acceptedWeight: "6", versionCount: "3" });
        expect(shown.latestVersion).to.deep.include({ version: "3", acceptedCount: "4", totalWeight: "6" });

        const listed = await runJson<{ datanets: Array<Record<string, unknown>> }>("datanet:list", {});
        const row = listed.datanets.find((d) => d.datanet === datanet.toString())!;
        expect(row.versionCount).to.equal("3");
        expect(row.latestVersion).to.deep.include({ version: "3" });
        const text = await runTask("datanet:list", {});
        expect(text.stdout).to.match(/latest version v3: 4 accepted, weight 6, published \d{4}-/);
      });
    });
  });

  describe("datanet:list", function () {
    it("lists every datanet with its owner, attestor, accepted and pending contributions and accrued OPEN", async function () {
      const id = await createDatanet({ uri: "ipfs://datanet/listed", curated: true, bond: "1" });
      const file = path.join(work, "listed.jsonl");
      writeFileSync(file, '{"listed":true}\n');
      await runJson("datanet:contribute", { datanet: id.toString(), path: file, from: 1, direct: true });

      const result = await runJson<{ datanets: Array<Record<string, unknown>> }>("datanet:list", {});
      expect(result.datanets).to.have.length(Number(await suite.datanets.datanetCount()));
      const row = result.datanets.find((d) => d.datanet === id.toString())!;
      expect(row).to.deep.include({
        uri: "ipfs://datanet/listed",
        owner: owner.address,
        attestor: owner.address,
        accepted: { contributions: "0", batches: "0" },
        pending: { contributions: "1", batches: "0" },
        accrued: "0",
      });

      const text = await runTask("datanet:list", {});
      expect(text.stdout).to.match(new RegExp(`#${id.toString()} ipfs://datanet/listed  \\(curated\\)  owner 0x`));
      expect(text.stdout).to.include("accepted 0 (+0 batches), pending 1 (+0 batches), accrued 0 OPEN");
    });
  });

  describe("datanet:curator", function () {
    describe("when the signer does not own the datanet", function () {
      it("prints the decoded NotDatanetOwner line", async function () {
        const datanet = await createDatanet({ uri: "ipfs://datanet/owned" });

        const out = await runTask("datanet:curator", {
          datanet: datanet.toString(),
          account: curator.address,
          from: 3,
        });

        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.equal(`error: NotDatanetOwner(datanetId=${datanet}, caller=${stranger.address})\n`);
      });
    });
  });

  describe("datanet:withdraw-contribution", function () {
    it("refuses before the review timeout, then withdraws the pending record and credits its bond", async function () {
      const datanet = await createDatanet({ uri: "ipfs://datanet/unreviewed", curated: true, bond: "1" });
      const file = path.join(work, "unreviewed.jsonl");
      writeFileSync(file, '{"record":"unreviewed"}\n');
      const hash = keccak256(readFileSync(file));
      await runJson("datanet:contribute", { datanet: datanet.toString(), path: file, direct: true, from: 1 });
      const at =
        (await suite.datanets.contribution(datanet, hash)).submittedAt + (await suite.datanets.reviewTimeout());

      const early = await runTask("datanet:withdraw-contribution", {
        datanet: datanet.toString(),
        hash,
        from: 1,
      });
      expect(early.exitCode).to.equal(1);
      expect(early.stderr).to.equal(
        `error: ReviewTimeoutNotReached(datanetId=${datanet}, key=${hash}, withdrawableAt=${formatTime(at)})\n`,
      );

      await suite.connection.networkHelpers.time.increaseTo(at);
      const credit = await suite.datanets.bondCredit(contributor.address);
      const result = await runJson<{ status: string; bondCredited: string; credit: string }>(
        "datanet:withdraw-contribution",
        { datanet: datanet.toString(), hash, from: 1 },
      );

      expect(result.status).to.equal("Withdrawn");
      expect(result.bondCredited).to.equal(parseEther("1").toString());
      expect(result.credit).to.equal((credit + parseEther("1")).toString());
      expect((await suite.datanets.contribution(datanet, hash)).status).to.equal(4n);
    });
  });

  describe("datanet:withdraw-bond", function () {
    describe("when the signer has bond credit from accepted contributions", function () {
      it("pays all of it and prints the amount", async function () {
        const credit = await suite.datanets.bondCredit(contributor.address);
        expect(credit).to.be.greaterThan(0n);
        const balance = await suite.open.balanceOf(contributor.address);

        const result = await runJson<{ amount: string }>("datanet:withdraw-bond", { from: 1 });

        expect(result.amount).to.equal(credit.toString());
        expect(await suite.open.balanceOf(contributor.address)).to.equal(balance + credit);
        expect(await suite.datanets.bondCredit(contributor.address)).to.equal(0n);
      });
    });

    describe("when the signer has none", function () {
      it("prints the decoded NoBondCredit line", async function () {
        const out = await runTask("datanet:withdraw-bond", { from: 3 });

        expect(out.exitCode).to.equal(1);
        expect(out.stderr).to.equal(`error: NoBondCredit(account=${stranger.address})\n`);
      });
    });
  });

  describe("datanet:attestor", function () {
    describe("when the owner sets a new attestor", function () {
      it("changes it and prints the previous one", async function () {
        const datanet = await createDatanet({ uri: "ipfs://datanet/attested" });

        const result = await runJson<{ previous: string; attestor: string }>("datanet:attestor", {
          datanet: datanet.toString(),
          attestor: curator.address,
        });

        expect(result.previous).to.equal(owner.address);
        expect(result.attestor).to.equal(curator.address);
        expect(await suite.datanets.attestorOf(datanet)).to.equal(curator.address);
      });
    });

    describe("when the address is malformed", function () {
      it("names the option", async function () {
        const out = await runTask("datanet:attestor", { datanet: "1", attestor: "0x1234" });

        expect(out.stderr).to.equal('error: --attestor must be an address, not "0x1234"\n');
      });
    });
  });
});
