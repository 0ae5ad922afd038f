/// delegate: gives the gOPEN votes of the client's account to a delegatee (itself to vote in person), in a
/// transaction of its own or as an EIP-712 delegation signed by the account and submitted by a relayer.
import { Signature } from "ethers";
import type { DelegateChangedEvent } from "../../../../typechain-types/staking/StakedOpen.js";
import type { Client } from "../../client.js";
import { DELEGATION_TYPES } from "../../governance/ballots.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { chainNow, signerOf } from "../internal/signer.js";
import { eip712DomainOf } from "../settlement/signPermit.js";
import type { ActionOptions, WriteResult } from "../types.js";

/// How long a signed delegation stays valid, in seconds of chain time.
export const DELEGATION_LIFETIME = 3_600n;

export interface DelegateParameters extends ActionOptions {
  /// Who gets the votes: an address (the account's own to vote in person).
  delegatee: string;
  /// Sign a delegation with the client's account and have `relayer` (default: the client itself) submit it.
  bySig?: boolean;
  /// The client whose signer submits a signed delegation and pays for it.
  relayer?: Client;
}

export interface DelegateReturnType extends WriteResult<DelegateChangedEvent.OutputObject> {
  account: string;
  /// The account's gOPEN.
  balance: bigint;
  previousDelegate: string;
  delegate: string;
  /// The delegatee's votes before and after.
  votesBefore: bigint;
  votesAfter: bigint;
  /// The account's own votes before and after (the same as the delegatee's when it delegates to itself).
  accountVotesBefore: bigint;
  accountVotesAfter: bigint;
  /// The account that submitted a signed delegation.
  relayer?: string;
}

/// Delegates the client's votes. The transaction's static call runs first, so nothing is sent when it would revert.
export async function delegate(client: Client, params: DelegateParameters): Promise<DelegateReturnType> {
  const { signer, address: account } = await signerOf(client, "delegate");
  const { delegatee } = params;
  const gopen = client.gopen;
  const [previousDelegate, balance, votesBefore, accountVotesBefore] = await Promise.all([
    gopen.delegates(account),
    gopen.balanceOf(account),
    gopen.getVotes(delegatee),
    gopen.getVotes(account),
  ]);

  let relayer: string | undefined;
  let receipt;
  if (params.bySig === true) {
    const submitter = params.relayer ?? client;
    relayer = (await signerOf(submitter, "delegate by signature")).address;
    const nonce = await gopen.nonces(account);
    const expiry = (await chainNow(client)) + DELEGATION_LIFETIME;
    const sig = Signature.from(
      await signer.signTypedData(await eip712DomainOf(gopen), DELEGATION_TYPES, { delegatee, nonce, expiry }),
    );
    const call = [delegatee, nonce, expiry, sig.v, sig.r, sig.s] as const;
    await preflight(client, () => submitter.gopen.delegateBySig.staticCall(...call));
    receipt = await sendAndWait(
      submitter.gopen.delegateBySig(...call),
      `delegating ${account}'s votes to ${delegatee} by signature`,
      params,
    );
  } else {
    await preflight(client, () => gopen.delegate.staticCall(delegatee));
    receipt = await sendAndWait(gopen.delegate(delegatee), `delegating ${account}'s votes to ${delegatee}`, params);
  }
  const event = eventIn<DelegateChangedEvent.OutputObject>(receipt, gopen, "DelegateChanged");
  const [votesAfter, accountVotesAfter] = await Promise.all([gopen.getVotes(delegatee), gopen.getVotes(account)]);
  return {
    receipt,
    event,
    account,
    balance,
    previousDelegate,
    delegate: delegatee,
    votesBefore,
    votesAfter,
    accountVotesBefore,
    accountVotesAfter,
    relayer,
  };
}
