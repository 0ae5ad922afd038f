/// What the datanet actions share: the registry's own errors as one line before anything is sent, a commit found on
/// chain, and what a contribution's event says.
import type { ContractTransactionReceipt } from "ethers";
import type {
  BatchClaimedEvent,
  BatchSubmittedEvent,
  ContributionClaimedEvent,
  ContributionSubmittedEvent,
} from "../../../../typechain-types/registry/DatanetRegistry.js";
import type { Client } from "../../client.js";
import { suiteErrors } from "../../client.js";
import { decodeRevertData, OpenLedgerError } from "../../errors/index.js";
import { commitmentOf, contributionStatus, saltFor } from "../../datanets/records.js";
import { eventIn, eventsIn } from "../internal/send.js";

/// The registry's custom error `name(args)` as the one line the chain would give, thrown before anything is sent.
export function registryError(client: Client, name: string, args: readonly unknown[]): OpenLedgerError {
  const data = client.datanets.interface.encodeErrorResult(name, args);
  return new OpenLedgerError(decodeRevertData(data, suiteErrors));
}

/// Whether `account` holds a commit to `key` made with `runSalt`, strictly before `submittedAt`: the only way its
/// reveal can take over a record or batch that someone else holds.
export async function canTakeOver(
  client: Client,
  account: string,
  datanetId: bigint,
  key: string,
  holder: string,
  submittedAt: bigint,
  runSalt: string | undefined,
): Promise<boolean> {
  if (runSalt === undefined || holder === account) return false;
  const commitment = commitmentOf(account, datanetId, key, saltFor(runSalt, key));
  const [block, committedAt] = await client.datanets.commitOf(account, commitment);
  return block !== 0n && committedAt < submittedAt;
}

/// A record or batch as the registry recorded it: new (…Submitted) or taken over by a reveal (…Claimed).
export interface Recorded {
  /// Its position; for a batch taken over, undefined (it keeps the index its …Submitted event of the copy told).
  index: bigint | undefined;
  status: string;
  /// The contributor whose later copy the reveal took over, or null.
  claimedFrom: string | null;
  event:
    | ContributionSubmittedEvent.OutputObject
    | ContributionClaimedEvent.OutputObject
    | BatchSubmittedEvent.OutputObject
    | BatchClaimedEvent.OutputObject;
}

/// The status a submission's acceptance number tells: accepted at once (open datanet), else pending.
const submittedStatus = (acceptance: bigint): string => (acceptance > 0n ? "Accepted" : "Pending");

/// What the receipt of a contribution (or reveal) of one record says.
export async function recordedContribution(
  client: Client,
  receipt: ContractTransactionReceipt,
  datanetId: bigint,
  contentHash: string,
): Promise<Recorded> {
  const [claimed] = eventsIn<ContributionClaimedEvent.OutputObject>(receipt, client.datanets, "ContributionClaimed");
  if (claimed !== undefined) {
    const record = await client.datanets.contribution(datanetId, contentHash);
    const status = contributionStatus(claimed.status);
    return { index: record.index, status, claimedFrom: claimed.previousContributor, event: claimed };
  }
  const event = eventIn<ContributionSubmittedEvent.OutputObject>(receipt, client.datanets, "ContributionSubmitted");
  return { index: event.index, status: submittedStatus(event.acceptance), claimedFrom: null, event };
}

/// What the receipt of a batch submission (or reveal) says.
export function recordedBatch(client: Client, receipt: ContractTransactionReceipt): Recorded {
  const [claimed] = eventsIn<BatchClaimedEvent.OutputObject>(receipt, client.datanets, "BatchClaimed");
  if (claimed !== undefined) {
    const status = contributionStatus(claimed.status);
    return { index: undefined, status, claimedFrom: claimed.previousSubmitter, event: claimed };
  }
  const event = eventIn<BatchSubmittedEvent.OutputObject>(receipt, client.datanets, "BatchSubmitted");
  return { index: event.index, status: submittedStatus(event.acceptance), claimedFrom: null, event };
}
