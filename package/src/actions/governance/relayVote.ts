/// relayVote: submits a ballot signed with `signVote` (Governor.castVoteBySig); the client's account pays for it.
import { getAddress, verifyTypedData } from "ethers";
import type { VoteCastEvent } from "../../../../typechain-types/governance/OpenGovernor.js";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { BALLOT_TYPES } from "../../governance/ballots.js";
import type { SignedBallot } from "../../governance/ballots.js";
import { stateName } from "../../governance/proposals.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import { eip712DomainOf } from "../settlement/signPermit.js";
import type { ActionOptions } from "../types.js";
import type { CastVoteReturnType } from "./castVote.js";
import { checkCanVote, tallyOf } from "./internal.js";

export interface RelayVoteParameters extends ActionOptions {
  ballot: SignedBallot;
}

export interface RelayVoteReturnType extends CastVoteReturnType {
  /// The account that submitted the ballot.
  relayer: string;
}

/// Submits a signed ballot. Before anything is sent it checks that the ballot is for this Governor and chain, that
/// the voter signed it, that its nonce is the voter's current one, and that the voter can vote now.
export async function relayVote(client: Client, params: RelayVoteParameters): Promise<RelayVoteReturnType> {
  const { address: relayer } = await signerOf(client, "relayVote");
  const { ballot } = params;
  const governor = client.governor;
  const domain = await eip712DomainOf(governor);
  const governorAddress = client.addresses.governor;
  if (ballot.chainId !== String(domain.chainId) || getAddress(ballot.governor) !== governorAddress) {
    throw new OpenLedgerError(
      `the ballot is for Governor ${ballot.governor} on chain ${ballot.chainId}, ` +
        `but this deployment's Governor is ${governorAddress} on chain ${String(domain.chainId)}`,
    );
  }
  const id = BigInt(ballot.proposalId);
  const voter = getAddress(ballot.voter);
  const nonce = BigInt(ballot.nonce);
  const message = { proposalId: id, support: ballot.support, voter, nonce };
  const signer = verifyTypedData(domain, BALLOT_TYPES, message, ballot.signature);
  if (signer !== voter) throw new OpenLedgerError(`the signature was made by ${signer}, not by the voter ${voter}`);
  const current = await governor.nonces(voter);
  if (current !== nonce) {
    throw new OpenLedgerError(
      `the ballot was signed with nonce ${nonce.toString()} but ${voter} is now at nonce ${current.toString()}: sign it again`,
    );
  }
  await checkCanVote(governor, id, voter);
  const call = [id, ballot.support, voter, ballot.signature] as const;
  await preflight(client, () => governor.castVoteBySig.staticCall(...call));
  const receipt = await sendAndWait(
    governor.castVoteBySig(...call),
    `relaying ${voter}'s vote on proposal ${id.toString()}`,
    params,
  );
  const event = eventIn<VoteCastEvent.OutputObject>(receipt, governor, "VoteCast");
  const [votes, state] = await Promise.all([tallyOf(governor, id), governor.state(id)]);
  return {
    receipt,
    event,
    voter,
    support: ballot.support,
    weight: event.weight,
    votes,
    state: stateName(state),
    relayer,
  };
}
