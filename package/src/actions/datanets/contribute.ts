/// contribute and contributeMany: contribute records (or one Merkle batch root) to a datanet, in one transaction
/// each, or by commit–reveal (commit first, reveal a block and a second later, so that nobody who copies the pending
/// transaction can take its credit).
///
/// Everything that can be checked is checked before anything is sent, the approval of the bonds included: the
/// datanet (exists, open), that the datanet does not hold the record yet (unless the account's earlier commit lets it
/// take a later copy over), the account's OPEN for the bonds, and the static call of the first transaction of each
/// record. A contribution that would fail sends nothing.
import type { Client } from "../../client.js";
import { decodeError } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { commitmentOf, contributionStatus, randomSalt, saltFor } from "../../datanets/records.js";
import { ensureAllowance, preflight, requireOpenBalance, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import { commitContribution } from "./commitContribution.js";
import type { CommitContributionReturnType } from "./commitContribution.js";
import { canTakeOver, recordedBatch, recordedContribution, registryError } from "./internal.js";
import { revealContribution, revealContributionRoot } from "./revealContribution.js";
import type { RevealOptions, RevealReturnType } from "./revealContribution.js";

/// One record: its content hash (keccak256 of its bytes) and where its content is.
export interface RecordTarget {
  contentHash: string;
  uri: string;
}

/// One Merkle batch of `count` records (see `recordTreeFileOf`), its tree file at `uri`.
export interface BatchTarget {
  root: string;
  count: bigint;
  uri: string;
}

export interface ContributeOptions extends RevealOptions {
  datanetId: bigint;
  /// Commit first, then reveal. `true`: with a fresh random run salt. `{ salt }`: the run salt of an earlier run
  /// whose reveal failed, so that its commits (found on chain) are revealed, and may take over later copies.
  /// Default: one transaction per record, which anyone can copy from the mempool first.
  commitReveal?: boolean | { salt: string };
}

export type ContributeParameters = ContributeOptions & (RecordTarget | BatchTarget);

export interface ContributeReturnType extends RevealReturnType {
  /// The content hash, or the batch root.
  key: string;
  uri: string;
  /// The bond taken per record (or batch), in OPEN wei.
  bond: bigint;
  /// With commit–reveal: the run salt (each record's salt is `saltFor(runSalt, key)`) and the commit.
  runSalt?: string;
  commit?: CommitContributionReturnType;
}

export interface ContributeManyParameters extends ContributeOptions {
  records: RecordTarget[];
}

export interface ContributeManyReturnType {
  bond: bigint;
  approval?: string;
  runSalt?: string;
  /// One per record contributed, in order.
  contributed: ContributeReturnType[];
  /// The records the datanet already holds (and that no commit of the account can take over): skipped.
  existing: Array<{ contentHash: string; contributor: string; status: string }>;
}

/// Where a reveal failed after its commit: what a caller needs to finish it (`commitReveal: { salt: runSalt }`).
export interface RevealFailure {
  runSalt: string;
  /// How many of the records were revealed before the failure, of how many.
  revealed: number;
  total: number;
  /// The failure, in one line.
  reason: string;
}

/// The RevealFailure an error of contribute or contributeMany carries, if the failure came after a commit.
export function revealFailureOf(err: unknown): RevealFailure | undefined {
  return err instanceof OpenLedgerError
    ? (err as OpenLedgerError & { revealFailure?: RevealFailure }).revealFailure
    : undefined;
}

function revealFailed(err: unknown, failure: Omit<RevealFailure, "reason">): OpenLedgerError {
  const reason = decodeError(err);
  const note = failure.total > 1 ? ` (${failure.revealed} of ${failure.total} revealed)` : "";
  const next = reason.startsWith("CommitmentExpired")
    ? "commit afresh"
    : `reveal again with run salt ${failure.runSalt} within 24 h, or commit afresh`;
  const e = new OpenLedgerError(`the reveal failed after the commit${note}: ${reason}; ${next}`);
  return Object.assign(e, { revealFailure: { ...failure, reason } });
}

type Target = RecordTarget | BatchTarget;
const keyOf = (t: Target): string => ("root" in t ? t.root : t.contentHash);

/// The run: checks, then approval, then commits and reveals (or direct contributions).
async function run(
  client: Client,
  params: ContributeOptions,
  targets: Target[],
  skipExisting: boolean,
): Promise<ContributeManyReturnType> {
  const { address } = await signerOf(client, "contribute");
  const { datanetId } = params;
  const registry = client.datanets;
  const datanet = await registry.datanet(datanetId); // reverts UnknownDatanet(id)
  const cr = params.commitReveal;
  const runSalt = cr === undefined || cr === false ? undefined : cr === true ? randomSalt() : cr.salt;
  if (runSalt !== undefined) saltFor(runSalt, `0x${"00".repeat(32)}`); // checks the salt's format
  // A commit names no datanet: check here that the reveal will not meet a closed one.
  if (datanet.closed) throw registryError(client, "DatanetIsClosed", [datanetId]);

  // Records the datanet holds already: an error (one target), or skipped (many).
  const todo: Target[] = [];
  const existing: ContributeManyReturnType["existing"] = [];
  for (const t of targets) {
    const key = keyOf(t);
    const held =
      "root" in t
        ? await registry
            .batch(datanetId, key)
            .then((b) => ({ status: b.status, holder: b.submitter, at: b.submittedAt }))
        : await registry
            .contribution(datanetId, key)
            .then((c) => ({ status: c.status, holder: c.contributor, at: c.submittedAt }));
    const free =
      held.status === 0n || (await canTakeOver(client, address, datanetId, key, held.holder, held.at, runSalt));
    if (free) todo.push(t);
    else if (skipExisting && !("root" in t)) {
      existing.push({ contentHash: key, contributor: held.holder, status: contributionStatus(held.status) });
    } else if (runSalt !== undefined || skipExisting) {
      throw registryError(client, "root" in t ? "DuplicateBatch" : "DuplicateContribution", [datanetId, key]);
    } else todo.push(t); // the static call below reports it as the contract does
  }

  const bonds = datanet.bond * BigInt(todo.length);
  const what =
    todo.length === 1
      ? `bond of datanet ${datanetId}`
      : `bonds of ${todo.length} contributions to datanet ${datanetId}`;
  await requireOpenBalance(client, address, bonds, what);
  for (const t of todo) {
    if (runSalt !== undefined) {
      const commitment = commitmentOf(address, datanetId, keyOf(t), saltFor(runSalt, keyOf(t)));
      const [block] = await registry.commitOf(address, commitment);
      if (block === 0n) await preflight(client, () => registry.commitContribution.staticCall(commitment));
    } else if ("root" in t) {
      await preflight(client, () => registry.contributeRoot.staticCall(datanetId, t.root, t.count, t.uri), true);
    } else {
      await preflight(client, () => registry.contribute.staticCall(datanetId, t.contentHash, t.uri), true);
    }
  }

  // Everything checked: the approval, then the transactions.
  const approval = await ensureAllowance(client, address, client.addresses.datanets, bonds, params);
  const contributed: ContributeReturnType[] = [];
  const base = (t: Target) => ({ key: keyOf(t), uri: t.uri, bond: datanet.bond, runSalt });
  if (runSalt === undefined) {
    for (const t of todo) {
      const label = "root" in t ? `batch ${t.root}` : t.contentHash;
      const receipt = await sendAndWait(
        "root" in t
          ? registry.contributeRoot(datanetId, t.root, t.count, t.uri)
          : registry.contribute(datanetId, t.contentHash, t.uri),
        `contributing ${label} to datanet ${datanetId}`,
        params,
      );
      const recorded =
        "root" in t
          ? recordedBatch(client, receipt)
          : await recordedContribution(client, receipt, datanetId, t.contentHash);
      contributed.push({ receipt, ...recorded, ...base(t) });
      if (todo.length > 1)
        params.onProgress?.({ message: "contributed", step: contributed.length, total: todo.length });
    }
    return { bond: datanet.bond, approval, contributed, existing };
  }

  // Every commit first, then every reveal: one wait for a later block (and second) in all.
  const commits: CommitContributionReturnType[] = [];
  for (const t of todo) {
    const salt = saltFor(runSalt, keyOf(t));
    commits.push(await commitContribution(client, { datanetId, key: keyOf(t), salt }));
    if (todo.length > 1) params.onProgress?.({ message: "committed", step: commits.length, total: todo.length });
  }
  if (commits.length > 0) {
    const last = commits.reduce((m, c) => (c.block > m ? c.block : m), 0n);
    const shown = commits.length === 1 ? commits[0].commitment : `${commits.length} commitments`;
    const reused = commits.every((c) => c.tx === null) ? " (found on chain)" : "";
    params.onProgress?.({
      message: `committed ${shown} in block ${last.toString(10)}${reused}, revealing in a later block with a later timestamp…`,
    });
  }
  for (const [i, t] of todo.entries()) {
    const salt = saltFor(runSalt, keyOf(t));
    let revealed: RevealReturnType;
    try {
      revealed =
        "root" in t
          ? await revealContributionRoot(client, { ...params, datanetId, ...t, salt })
          : await revealContribution(client, { ...params, datanetId, ...t, salt });
    } catch (err: unknown) {
      throw revealFailed(err, { runSalt, revealed: i, total: todo.length });
    }
    contributed.push({ ...revealed, approval: undefined, ...base(t), commit: commits[i] });
    if (todo.length > 1) params.onProgress?.({ message: "revealed", step: contributed.length, total: todo.length });
  }
  return { bond: datanet.bond, approval, runSalt, contributed, existing };
}

/// Contributes one record, or one Merkle batch root (`{ root, count, uri }`). A record or batch that the datanet
/// holds already fails before anything is sent (DuplicateContribution, DuplicateBatch), unless the account's commit
/// found with `commitReveal: { salt }` was made before it.
export async function contribute(client: Client, params: ContributeParameters): Promise<ContributeReturnType> {
  const target: Target = "root" in params ? { root: params.root, count: params.count, uri: params.uri } : params;
  const done = await run(client, params, [target], false);
  const [only] = done.contributed;
  if (only === undefined) throw new OpenLedgerError(`nothing was contributed to datanet ${params.datanetId}`);
  return { ...only, approval: done.approval };
}

/// Contributes several records, one contribution each, skipping those the datanet already holds. Their bonds are
/// approved at once (`bond × records`), and with commit–reveal, every commit goes first.
export async function contributeMany(
  client: Client,
  params: ContributeManyParameters,
): Promise<ContributeManyReturnType> {
  return run(client, params, params.records, true);
}
