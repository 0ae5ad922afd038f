/// Datanets of the economy: one curated with a bond, one open; their contributions (one by commit–reveal, 50 as one
/// Merkle root) and the curator's review; version 1 of each, then a late contributor and version 2.
import { join } from "node:path";
import { parseEther } from "ethers";
import { publishDatanetVersion } from "../../../package/src/actions/index.js";
import { writeRecordTreeFile } from "../../../package/src/node/index.js";
import { clientFor, formatOpen, mined } from "../../../tasks/lib/index.js";
import { commitmentOf, randomSalt, recordTreeFileOf } from "../../../package/src/datanets/index.js";
import { recordText, writeRecordText } from "./corpus.js";
import type { Sender, Suite } from "../../../tasks/lib/index.js";
import { section } from "./world.js";
import type { World } from "./world.js";

export interface Datanets {
  medical: bigint;
  code: bigint;
  /// The curation bond of the medical datanet.
  bond: bigint;
}

/// Where the records' texts go (`<contentHash>.txt`), and the tree files of the Merkle batches.
export const recordsDir = (w: World): string => join(w.out, "records");
export const treesDir = (w: World): string => join(w.out, "trees");

/// The content hash of record `n` of contributor `who` in `datanet` (medical-qa or code-review): the hash of its text
/// (./corpus.ts), which is written to the records folder.
function content(w: World, d: Datanets, datanet: bigint, who: number, n: number): string {
  return writeRecordText(recordsDir(w), recordText(datanet === d.medical ? "medical" : "code", who, n));
}

/// medical-qa (curated, 10 OPEN bond) and code-review (open), both with the attestor.
export async function createDatanets(w: World): Promise<Datanets> {
  const { datanets } = w.suite;
  section(w, "Datanets: one curated (bonded), one open");
  const bond = parseEther("10");
  const attestor = w.attestor.address;
  await mined(datanets.connect(w.medicalOwner).createDatanet("ipfs://datanet/medical-qa", true, bond, attestor));
  const medical = await datanets.datanetCount();
  await mined(datanets.connect(w.codeOwner).createDatanet("ipfs://datanet/code-review", false, 0, attestor));
  const code = await datanets.datanetCount();
  w.line(`  #${medical} medical-qa   curated, bond ${formatOpen(bond)}, owner ${w.names.get(w.medicalOwner.address)}`);
  w.line(`  #${code} code-review  open, owner ${w.names.get(w.codeOwner.address)}`);
  return { medical, code, bond };
}

/// Contributors 1–4 submit two bonded records each to medical-qa, which its curator reviews (seven accepted with
/// weights, one rejected); contributors 3–5 submit to code-review (contributor 3 by commit–reveal), and contributor
/// 5 adds 50 records as one Merkle root.
export async function contribute(w: World, d: Datanets): Promise<void> {
  const { datanets, open } = w.suite;
  const { medical: MEDICAL, code: CODE, bond } = d;
  section(w, "Contributions and curation");
  for (const [i, c] of w.contributors.slice(0, 4).entries()) {
    await mined(open.connect(c).approve(await datanets.getAddress(), bond * 2n));
    for (let n = 0; n < 2; n++) {
      await mined(
        datanets.connect(c).contribute(MEDICAL, content(w, d, MEDICAL, i, n), `ipfs://medical/${i}/${n}.json`),
      );
    }
  }
  // The curator accepts seven records with weights from its quality review, and rejects one (its bond is forfeited).
  const decisions = w.contributors.slice(0, 4).flatMap((_, i) =>
    [0, 1].map((n) => ({
      contentHash: content(w, d, MEDICAL, i, n),
      weight: i === 3 && n === 1 ? 0n : BigInt(1 + i + n),
    })),
  );
  await mined(datanets.connect(w.medicalOwner).review(MEDICAL, decisions));
  w.line(`  medical-qa: 8 records submitted with a ${formatOpen(bond)} bond each; 7 accepted with weights, 1 rejected`);
  for (const [i, c] of w.contributors.slice(2).entries()) {
    if (i === 0) {
      await commitAndReveal(w, d, c, CODE, i);
      continue;
    }
    for (let n = 0; n < 2; n++) {
      await mined(datanets.connect(c).contribute(CODE, content(w, d, CODE, i, n), `ipfs://code/${i}/${n}.json`));
    }
  }
  // A bulk submission: 50 records as one Merkle root, with its tree file (as datanet:contribute writes it).
  const bulker = w.contributors[4];
  const { content: bulkTree } = recordTreeFileOf({
    chainId: w.suite.deployment.chainId,
    datanetId: CODE,
    contributor: bulker.address,
    uri: "ipfs://code/bulk.json",
    files: Array.from({ length: 50 }, (_, n) => ({ name: `bulk/${n}.txt`, contentHash: content(w, d, CODE, 9, n) })),
  });
  writeRecordTreeFile(join(treesDir(w), "bulk.json"), bulkTree);
  await mined(datanets.connect(bulker).contributeRoot(CODE, bulkTree.root, bulkTree.count, bulkTree.uri));
  w.line(
    `  code-review: 6 records accepted as they came (2 of them by commit–reveal), plus 50 records in one Merkle ` +
      `root ${bulkTree.root.slice(0, 10)}…`,
  );
  for (const c of w.contributors) {
    const st = await datanets.contributorStats(c.address);
    w.line(`  ${w.names.get(c.address)!.padEnd(14)} accepted ${st.accepted}, weight ${st.acceptedWeight}`);
  }
}

/// Two records by commit–reveal, as `datanet:contribute` does by default: both commits, then both reveals in a later
/// block, so that nobody who copies a pending transaction can take the credit.
async function commitAndReveal(w: World, d: Datanets, c: Sender, datanet: bigint, i: number): Promise<void> {
  const { suite } = w;
  const { datanets } = suite;
  const salts = [0, 1].map(() => randomSalt());
  let committed = { block: 0n, at: 0n };
  for (let n = 0; n < 2; n++) {
    const commitment = commitmentOf(c.address, datanet, content(w, d, datanet, i, n), salts[n]);
    const receipt = await mined(datanets.connect(c).commitContribution(commitment));
    committed = { block: BigInt(receipt.blockNumber), at: BigInt((await receipt.getBlock()).timestamp) };
  }
  // A reveal needs a later block with a later timestamp than its commit's: on a chain whose blocks may share a
  // second, wait for the clock to pass the last commit's.
  await afterCommit(suite, committed.block, committed.at);
  for (let n = 0; n < 2; n++) {
    const uri = `ipfs://code/${i}/${n}.json`;
    await mined(datanets.connect(c).revealContribution(datanet, content(w, d, datanet, i, n), uri, salts[n]));
  }
}

/// Returns once a reveal of a commit made in block `block` at `at` can be mined: the latest block is later in both,
/// or a second of wall time has passed (a chain that mines on demand then stamps its next block after `at`).
async function afterCommit(suite: Suite, block: bigint, at: bigint): Promise<void> {
  const latest = await suite.connection.ethers.provider.getBlock("latest");
  if (latest !== null && BigInt(latest.number) > block && BigInt(latest.timestamp) > at) return;
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

/// Each datanet's owner publishes its next version (the prefix of what it accepted so far), and the report shows it.
export async function publishVersions(w: World, d: Datanets, label: string): Promise<void> {
  for (const [name, id, owner] of [
    ["medical-qa", d.medical, w.medicalOwner],
    ["code-review", d.code, w.codeOwner],
  ] as const) {
    const { version } = await publishDatanetVersion(clientFor(w.suite, owner), {
      datanetId: id,
      uri: `ipfs://datanet/${name}/v${label}.json`,
    });
    const v = await w.suite.datanets.datanetVersion(id, version);
    w.line(
      `  ${name.padEnd(12)} version ${version}: the first ${v.acceptedCount} accepted contributions, weight ${v.totalWeight}`,
    );
  }
}

/// Contributor 6 joins after version 1: two bonded records to medical-qa (accepted by the curator) and two to
/// code-review; then both datanets publish version 2.
export async function growDatanets(w: World, d: Datanets): Promise<void> {
  const { datanets, open } = w.suite;
  section(w, "Datanet versions 2: contributor 6 joins after version 1");
  const LATE = 6;
  await mined(open.connect(w.late).approve(await datanets.getAddress(), d.bond * 2n));
  for (let n = 0; n < 2; n++) {
    await mined(
      datanets.connect(w.late).contribute(d.medical, content(w, d, d.medical, LATE, n), `ipfs://medical/6/${n}.json`),
    );
    await mined(datanets.connect(w.late).contribute(d.code, content(w, d, d.code, LATE, n), `ipfs://code/6/${n}.json`));
  }
  const decisions = [0, 1].map((n) => ({ contentHash: content(w, d, d.medical, LATE, n), weight: 4n }));
  await mined(datanets.connect(w.medicalOwner).review(d.medical, decisions));
  w.line("  contributor 6: 2 records accepted by medical-qa's curator (weight 4 each), 2 by code-review");
  await publishVersions(w, d, "2");
}
