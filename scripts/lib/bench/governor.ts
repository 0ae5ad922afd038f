/// Governor: five delegates' first votes on one proposal (castVote is their mean), a sixth's vote by signature
/// relayed, then queue and execute.
import { id, parseEther } from "ethers";
import type { Wallet } from "ethers";
import type { Bench } from "./context.js";
import { measure, mined, record, run } from "./record.js";

/// The proposal of `governor.propose`: one call, `StakedOpen.setCooldown(7200)`, with a short description. The
/// reference Governor gets the same one (scripts/lib/bench/references.ts).
export async function cooldownProposal(
  b: Bench,
  cooldown = 7200,
  description = "Set the gOPEN withdrawal cooldown to two hours",
): Promise<{ targets: string[]; values: bigint[]; calldatas: string[]; description: string }> {
  const { gopen } = b.suite;
  return {
    targets: [await gopen.getAddress()],
    values: [0n],
    calldatas: [gopen.interface.encodeFunctionData("setCooldown", [cooldown])],
    description,
  };
}

/// Measures the Governor's entries and returns the six delegates (1,000,000 gOPEN each, self-delegated), who vote on
/// the reference Governor too.
export async function benchGovernor(b: Bench): Promise<Wallet[]> {
  const { gopen, governor } = b.suite;
  const gopenAddress = await gopen.getAddress();
  console.log("Governor");
  const delegates: Wallet[] = [];
  for (let i = 1; i <= 6; i++) {
    const d = await b.account(`delegate ${i}`);
    await b.fund(d, parseEther("1100000"));
    await b.approve(d, gopenAddress, parseEther("1000000"));
    await run(gopen.connect(d).stake(parseEther("1000000")));
    await run(gopen.connect(d).delegate(d.address));
    delegates.push(d);
  }
  await b.time.increase(1);
  const { targets, values, calldatas, description } = await cooldownProposal(b);
  const descriptionHash = id(description);
  await measure("governor.propose", governor.connect(delegates[0]).propose(targets, values, calldatas, description));
  const proposalId = await governor.hashProposal(targets, values, calldatas, descriptionHash);
  await b.time.increase(Number(await governor.votingDelay()) + 1);
  const votes: number[] = [];
  const voteHashes: string[] = [];
  for (const d of delegates.slice(0, 5)) {
    const { gasUsed, hash } = await mined(governor.connect(d).castVote(proposalId, 1));
    votes.push(gasUsed);
    voteHashes.push(hash);
  }
  record("governor.castVote", Math.round(votes.reduce((a, b) => a + b, 0) / votes.length), voteHashes);
  const sixth = delegates[5];
  const ballot = await sixth.signTypedData(
    {
      name: await governor.name(),
      version: await governor.version(),
      chainId: b.chainId,
      verifyingContract: await governor.getAddress(),
    },
    {
      Ballot: [
        { name: "proposalId", type: "uint256" },
        { name: "support", type: "uint8" },
        { name: "voter", type: "address" },
        { name: "nonce", type: "uint256" },
      ],
    },
    { proposalId, support: 1, voter: sixth.address, nonce: await governor.nonces(sixth.address) },
  );
  await measure(
    "governor.castVoteBySig",
    governor.connect(b.deployer).castVoteBySig(proposalId, 1, sixth.address, ballot),
  );
  await b.time.increase(Number(await governor.proposalDeadline(proposalId)) - (await b.time.latest()) + 1);
  await measure("governor.queue", governor.connect(b.deployer).queue(targets, values, calldatas, descriptionHash));
  await b.time.increase(Number(await b.suite.timelock.getMinDelay()) + 1);
  await measure("governor.execute", governor.connect(b.deployer).execute(targets, values, calldatas, descriptionHash));
  return delegates;
}
