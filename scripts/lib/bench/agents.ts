/// Agents: registering an agent with a 60-byte URI (by an operator who already runs one, and its very first), and
/// settling an inference under a principal's spending budget (`settleFor`), steady state: the budget was charged
/// before in the same period, and the model's pools were credited by an earlier settlement.
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
}
