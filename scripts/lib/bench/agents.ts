/// Agents: registering an agent with a 60-byte URI (by an operator who already runs one, and its very first);
/// settling an inference under a principal's spending budget (`settleFor`), steady state: the budget was charged
/// before in the same period, and the model's pools were credited by an earlier settlement; and a job tree: a
/// client's job for a coordinator that already worked for another client, a child job for a research agent, the
/// child's and the root's completion with payout, and the client's feedback on an agent that already has feedback
/// under the same tags.
import { parseEther } from "ethers";
import type { Bench } from "./context.js";
import { hashOf } from "./inputs.js";
import type { BenchModels } from "./models.js";
import { PRICE } from "./models.js";
import { measure, run } from "./record.js";

/// A 60-byte agent URI, as an operator would host its registration file.
export const AGENT_URI = "ipfs://bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa"; // 60 bytes

export async function benchAgents(b: Bench, m: BenchModels): Promise<void> {
  const { agents, budgets, settlement } = b.suite;
  console.log("Agents");
  if (AGENT_URI.length !== 60) throw new Error(`the bench's agent URI has ${AGENT_URI.length} bytes, not 60`);
  const operator = await b.account("agent operator");
  await measure("agent.register.first", agents.connect(operator)["register(string)"](AGENT_URI));
  await measure("agent.register", agents.connect(operator)["register(string)"](AGENT_URI));

  // A principal gives the agent's wallet a budget; the agent settles under it, naming a job as the context.
  const principal = await b.account("budget principal");
  const wallet = await b.account("agent wallet");
  await b.fund(principal, parseEther("1000"));
  await b.approve(principal, await budgets.getAddress(), parseEther("1000"));
  const expiry = (await b.time.latest()) + 30 * 86_400;
  await run(budgets.connect(principal).grant(wallet.address, parseEther("100"), 86_400, expiry, []));
  let n = 0;
  const inference = () => {
    const i = n++;
    return {
      modelId: m.baseModel,
      units: 1n,
      maxFee: PRICE,
      inferenceId: hashOf(`budget inference ${i}`),
      attributionHash: hashOf(`budget attribution ${i}`),
    };
  };
  await run(settlement.connect(wallet).settleFor(principal.address, inference(), 1n));
  await measure("budget.settleFor", settlement.connect(wallet).settleFor(principal.address, inference(), 1n));

  await benchJobs(b);
}

/// Registers an agent for `owner` and stakes the minimum, so that it can take jobs: its id.
async function stakedAgent(b: Bench, owner: Awaited<ReturnType<Bench["account"]>>): Promise<bigint> {
  const { agents } = b.suite;
  const id = (await agents.agentCount()) + 1n;
  await run(agents.connect(owner)["register(string)"](AGENT_URI));
  const stake = await agents.minStake();
  await b.fund(owner, stake);
  await b.approve(owner, await agents.getAddress(), stake);
  await run(agents.connect(owner).stake(id, stake));
  return id;
}

async function benchJobs(b: Bench): Promise<void> {
  const { jobs, reputation } = b.suite;
  const jobsAddress = await jobs.getAddress();
  const coordinatorOwner = await b.account("coordinator operator");
  const researchOwner = await b.account("research operator");
  const evaluator = await b.account("job evaluator");
  const coordinator = await stakedAgent(b, coordinatorOwner);
  const research = await stakedAgent(b, researchOwner);
  const clients = [await b.account("job client 1"), await b.account("job client 2")];
  for (const c of clients) {
    await b.fund(c, parseEther("1000"));
    await b.approve(c, jobsAddress, parseEther("1000"));
  }
  // One expiry for every job: a child's may not be later than its parent's.
  const jobExpiry = BigInt((await b.time.latest()) + 7 * 86_400);
  const expiry = async () => jobExpiry;
  const feedback = (client: (typeof clients)[number]) =>
    reputation.connect(client).giveFeedback(coordinator, 90n, 0, "accuracy", "response", "", "", hashOf("feedback"));
  const createAndFund = async (client: (typeof clients)[number]) =>
    jobs.connect(client).createAndFund(coordinator, evaluator.address, await expiry(), "ipfs://job", parseEther("100"));
  const finish = async (jobId: bigint, name?: string) => {
    await run(jobs.connect(coordinatorOwner).submit(jobId, hashOf(`deliverable ${jobId}`), "ipfs://deliverable"));
    const completed = jobs.connect(evaluator).complete(jobId, hashOf("ok"));
    if (name === undefined) await run(completed);
    else await measure(name, completed);
  };
  // A first client's job, finished and rated: the coordinator is known, and has feedback under the tags.
  let jobId = (await jobs.jobCount()) + 1n;
  await run(createAndFund(clients[0]));
  await finish(jobId);
  await run(feedback(clients[0]));
  // The second client's job, measured, with a child job for the research agent.
  jobId = (await jobs.jobCount()) + 1n;
  await measure("job.createAndFund", createAndFund(clients[1]));
  const childId = jobId + 1n;
  await measure(
    "job.subcontract",
    jobs
      .connect(coordinatorOwner)
      .subcontract(jobId, research, evaluator.address, parseEther("30"), await expiry(), "ipfs://research"),
  );
  await run(jobs.connect(researchOwner).submit(childId, hashOf("research"), "ipfs://research-deliverable"));
  await measure("job.complete.child", jobs.connect(evaluator).complete(childId, hashOf("ok")));
  await finish(jobId, "job.complete");
  await measure("feedback.give", feedback(clients[1]));
  await measure(
    "job.withdrawAgentEarnings",
    jobs.connect(coordinatorOwner).withdrawAgentEarnings(coordinator, coordinatorOwner.address),
  );
}
