/// An ERC-8004 client that knows only the standard's ABI (its Identity and Reputation registries, January 2026)
/// registers an agent, rates it after a paid job and reads the agent and its feedback back, unchanged: what agent
/// tooling written against the standard sees of this suite. Only the job, which the standard lacks, goes through
/// the suite's own JobEscrow.
import { expect } from "chai";
import { Contract, id, parseEther } from "ethers";
import type { EventLog } from "ethers";
import { network } from "hardhat";
import { loadSuite } from "../helpers/fixtures.js";

const connection = await network.create();
const { networkHelpers } = connection;

/// The ERC-8004 Identity Registry, as the standard writes it.
const IDENTITY_ABI = [
  "function register(string agentURI) returns (uint256 agentId)",
  "function setMetadata(uint256 agentId, string metadataKey, bytes metadataValue)",
  "function getMetadata(uint256 agentId, string metadataKey) view returns (bytes)",
  "function tokenURI(uint256 tokenId) view returns (string)",
  "function ownerOf(uint256 tokenId) view returns (address)",
  "function getAgentWallet(uint256 agentId) view returns (address)",
  "event Registered(uint256 indexed agentId, string agentURI, address indexed owner)",
  "event MetadataSet(uint256 indexed agentId, string indexed indexedMetadataKey, string metadataKey, bytes metadataValue)",
];

/// The ERC-8004 Reputation Registry, as the standard writes it.
const REPUTATION_ABI = [
  "function getIdentityRegistry() view returns (address identityRegistry)",
  "function giveFeedback(uint256 agentId, int128 value, uint8 valueDecimals, string tag1, string tag2, string endpoint, string feedbackURI, bytes32 feedbackHash)",
  "function getSummary(uint256 agentId, address[] clientAddresses, string tag1, string tag2) view returns (uint64 count, int128 summaryValue, uint8 summaryValueDecimals)",
  "function readFeedback(uint256 agentId, address clientAddress, uint64 feedbackIndex) view returns (int128 value, uint8 valueDecimals, string tag1, string tag2, bool isRevoked)",
  "function getClients(uint256 agentId) view returns (address[])",
  "function getLastIndex(uint256 agentId, address clientAddress) view returns (uint64)",
  "event NewFeedback(uint256 indexed agentId, address indexed clientAddress, uint64 feedbackIndex, int128 value, uint8 valueDecimals, string indexed indexedTag1, string tag1, string tag2, string endpoint, string feedbackURI, bytes32 feedbackHash)",
];

const AGENT_URI = "ipfs://bafkreiagentregistrationfile";

async function world() {
  const s = await loadSuite(connection);
  const [operator, client, evaluator] = s.users;
  const identity = new Contract(await s.agents.getAddress(), IDENTITY_ABI, operator);
  const reputation = new Contract(await s.reputation.getAddress(), REPUTATION_ABI, client);

  // The standard's own calls register the agent and set its metadata.
  const agentId: bigint = await identity.register.staticCall(AGENT_URI);
  await (await identity.register(AGENT_URI)).wait();
  await (await identity.setMetadata(agentId, "region", "0x6575")).wait();

  // The suite's part: the agent stakes to take jobs, and the client pays for one, which the evaluator completes.
  const stake = await s.agents.minStake();
  await (await s.open.transfer(operator.address, stake)).wait();
  await (await s.open.connect(operator).approve(await s.agents.getAddress(), stake)).wait();
  await (await s.agents.connect(operator).stake(agentId, stake)).wait();
  await (await s.open.transfer(client.address, parseEther("100"))).wait();
  await (await s.open.connect(client).approve(await s.jobs.getAddress(), parseEther("100"))).wait();
  const jobId = (await s.jobs.jobCount()) + 1n;
  const expiry = BigInt((await networkHelpers.time.latest()) + 86_400);
  await (
    await s.jobs.connect(client).createAndFund(agentId, evaluator.address, expiry, "ipfs://job", parseEther("100"))
  ).wait();
  await (await s.jobs.connect(operator).submit(jobId, id("deliverable"), "ipfs://deliverable")).wait();
  await (await s.jobs.connect(evaluator).complete(jobId, id("ok"))).wait();

  // The standard's giveFeedback, from the job's client.
  const receipt = await (
    await reputation.giveFeedback(agentId, 87n, 0, "accuracy", "research", "", "ipfs://feedback", id("feedback"))
  ).wait();
  return { s, operator, client, identity, reputation, agentId, receipt };
}

describe("an ERC-8004 client that knows only the standard's ABI", function () {
  it("reads the agent it registered: its URI, owner, wallet, metadata and Registered event", async function () {
    const { operator, identity, agentId } = await networkHelpers.loadFixture(world);

    expect(await identity.tokenURI(agentId)).to.equal(AGENT_URI);
    expect(await identity.ownerOf(agentId)).to.equal(operator.address);
    expect(await identity.getAgentWallet(agentId)).to.equal(operator.address);
    expect(await identity.getMetadata(agentId, "region")).to.equal("0x6575");
    const [registered] = (await identity.queryFilter(identity.filters.Registered(agentId))) as EventLog[];
    expect(registered.args.toObject()).to.deep.equal({ agentId, agentURI: AGENT_URI, owner: operator.address });
  });

  it("reads the feedback it gave after the paid job, its summary and its NewFeedback event", async function () {
    const { client, reputation, identity, agentId, receipt } = await networkHelpers.loadFixture(world);

    expect(await reputation.getIdentityRegistry()).to.equal(await identity.getAddress());
    expect(await reputation.getClients(agentId)).to.deep.equal([client.address]);
    const index: bigint = await reputation.getLastIndex(agentId, client.address);
    const feedback = await reputation.readFeedback(agentId, client.address, index);
    expect([...feedback]).to.deep.equal([87n, 0n, "accuracy", "research", false]);
    const [count, value] = await reputation.getSummary(agentId, [client.address], "accuracy", "research");
    expect(count).to.equal(1n);
    expect(value).to.be.greaterThan(0n);
    const event = receipt.logs
      .map((log: { topics: string[]; data: string }) => reputation.interface.parseLog(log))
      .find((parsed: { name: string } | null) => parsed?.name === "NewFeedback");
    expect(event.args.agentId).to.equal(agentId);
    expect(event.args.clientAddress).to.equal(client.address);
    expect(event.args.feedbackIndex).to.equal(index);
    expect([event.args.value, event.args.tag1, event.args.feedbackURI]).to.deep.equal([
      87n,
      "accuracy",
      "ipfs://feedback",
    ]);
  });

  it("is refused, with the suite's error, when it rates an agent it never paid", async function () {
    const { s, reputation, agentId } = await networkHelpers.loadFixture(world);
    const stranger = reputation.connect(s.stranger) as Contract;

    await expect(stranger.giveFeedback(agentId, 10n, 0, "accuracy", "", "", "", id("x"))).to.be.revertedWithCustomError(
      s.reputation,
      "NoJobToRate",
    );
  });
});
