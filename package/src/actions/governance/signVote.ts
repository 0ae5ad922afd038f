/// signVote: signs an EIP-712 ballot that anyone can submit with `relayVote` (Governor.castVoteBySig). Nothing is
/// sent.
import type { Client } from "../../client.js";
import { BALLOT_TYPES } from "../../governance/ballots.js";
import type { SignedBallot } from "../../governance/ballots.js";
import { parseSupport } from "../../governance/proposals.js";
import { signerOf } from "../internal/signer.js";
import { eip712DomainOf } from "../settlement/signPermit.js";
import { checkCanVote } from "./internal.js";

export interface SignVoteParameters {
  proposalId: bigint;
  /// 0 against, 1 for, 2 abstain, or their names.
  support: number | string;
}

export interface SignVoteReturnType {
  ballot: SignedBallot;
  /// The voter's votes at the proposal's snapshot: the weight the ballot will cast.
  weight: bigint;
}

/// Signs a ballot with the client's account, after checking that it can vote on the proposal now (see castVote).
export async function signVote(client: Client, params: SignVoteParameters): Promise<SignVoteReturnType> {
  const { signer, address: voter } = await signerOf(client, "signVote");
  const id = params.proposalId;
  const support = typeof params.support === "number" ? params.support : parseSupport(params.support);
  const governor = client.governor;
  const weight = await checkCanVote(governor, id, voter);
  const nonce = await governor.nonces(voter);
  const domain = await eip712DomainOf(governor);
  const signature = await signer.signTypedData(domain, BALLOT_TYPES, { proposalId: id, support, voter, nonce });
  const ballot: SignedBallot = {
    chainId: String(domain.chainId),
    governor: client.addresses.governor,
    proposalId: id.toString(),
    support,
    voter,
    nonce: nonce.toString(),
    signature,
  };
  return { ballot, weight };
}
