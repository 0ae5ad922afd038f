/// The mission: agents hiring agents, who pay for models, which pay their data. A client asks a coordinator agent
/// for a market-entry analysis and funds the job; the coordinator subcontracts a market-research agent, a legal
/// agent and a financial-risk agent out of the escrow. Each of them pays, under the budget its owner gave its wallet,
/// for inferences of its own specialised model (trained on the datanets, two of them fine-tuned from the economy's
/// models), each inference naming its job. The coordinator completes the research, rejects the legal work and lets
/// the risk analysis complete on its own once the evaluation window is over; the client completes the coordinator's
/// job and rates it, and the coordinator rates the two agents it paid. Steps: castMission, registerSpecialists,
/// registerAgents, grantBudgets, then runJobs (scripts/lib/economy/mission-jobs.ts) and the trace
/// (scripts/lib/economy/mission-report.ts).
import { parseEther } from "ethers";
import {
  buildRegistration,
  confirmModel,
  declareModels,
  grantBudget,
  registerAgent,
  setAgentWallet,
  stakeAgent,
} from "../../../package/src/index.js";
import { clientFor, formatOpen, mined } from "../../../tasks/lib/index.js";
import type { Sender } from "../../../tasks/lib/index.js";
import type { Datanets } from "./datanets.js";
import { trainModel } from "./engine.js";
import { describe } from "./models.js";
import type { Models } from "./models.js";
import type { DatanetName } from "./settle.js";
import { section } from "./world.js";
import type { World } from "./world.js";

/// One agent of the mission: its owner (an organisation with a plain wallet, the principal of its budget) and the
/// hot wallet it works with (the owner's own for the coordinator).
export interface MissionAgent {
  key: "coordinator" | "research" | "legal" | "risk";
  label: string;
  owner: Sender;
  wallet: Sender;
  agentId: bigint;
  /// The specialised model the agent pays for (0 for the coordinator).
  modelId: bigint;
}

/// A specialised model of the mission: its builder, its parent in the economy (0 for none), its training set.
interface Specialist {
  key: MissionAgent["key"];
  name: string;
  builder: Sender;
  parentId: bigint;
  price: string;
  ownerBps: number;
  on: readonly DatanetName[];
  weights: readonly number[];
}

export interface MissionCast {
  client: Sender;
  agents: Record<MissionAgent["key"], MissionAgent>;
  /// The accounts of the mission, for the report.
  accounts: Sender[];
}

/// OPEN each account of the mission receives from the deployer.
const FUNDING = { client: "1000", owner: "500" };
/// What each agent's owner gives its wallet to spend per day, in OPEN.
export const DAILY_BUDGET = { research: "10", legal: "5", risk: "20" } as const;
const DAY = 86_400n;

/// The accounts of the mission (16–23): the client, the coordinator's owner, and the owner and the wallet of each
/// specialist agent.
export function castMission(w: World): MissionCast {
  const [client, coordinator, researchOwner, researchWallet, legalOwner, legalWallet, riskOwner, riskWallet] =
    w.signers.slice(16, 24);
  const agent = (key: MissionAgent["key"], label: string, owner: Sender, wallet: Sender): MissionAgent => ({
    key,
    label,
    owner,
    wallet,
    agentId: 0n,
    modelId: 0n,
  });
  const agents = {
    coordinator: agent("coordinator", "coordinator agent", coordinator, coordinator),
    research: agent("research", "market-research agent", researchOwner, researchWallet),
    legal: agent("legal", "legal agent", legalOwner, legalWallet),
    risk: agent("risk", "financial-risk agent", riskOwner, riskWallet),
  };
  w.names.set(client.address, "client");
  for (const a of Object.values(agents)) {
    w.names.set(a.owner.address, `${a.label} (owner)`);
    if (a.wallet !== a.owner) w.names.set(a.wallet.address, `${a.label} (wallet)`);
  }
  const accounts = [client, coordinator, researchOwner, researchWallet, legalOwner, legalWallet, riskOwner, riskWallet];
  return { client, agents, accounts };
}

/// The client and the agents' owners get their OPEN.
export async function fundMission(w: World, c: MissionCast): Promise<void> {
  await mined(w.suite.open.transfer(c.client.address, parseEther(FUNDING.client)));
  for (const a of Object.values(c.agents)) {
    await mined(w.suite.open.transfer(a.owner.address, parseEther(FUNDING.owner)));
  }
}

/// The three specialised models: market research fine-tuned from the base model on medical-qa version 2, the legal
/// model on code-review version 2, the risk model fine-tuned from the child (so two levels of lineage) on both.
export async function registerSpecialists(w: World, d: Datanets, m: Models, c: MissionCast): Promise<void> {
  const { models } = w.suite;
  section(w, "Specialised models for the agents, trained on the datanets");
  const specialists: Specialist[] = [
    {
      key: "research",
      name: "market-research",
      builder: w.baseBuilder,
      parentId: m.base,
      price: "1.5",
      ownerBps: 4000,
      on: ["medical"],
      weights: [10_000],
    },
    {
      key: "legal",
      name: "legal-check",
      builder: w.tuneBuilder,
      parentId: 0n,
      price: "2",
      ownerBps: 5000,
      on: ["code"],
      weights: [10_000],
    },
    {
      key: "risk",
      name: "risk-analysis",
      builder: w.tuneBuilder,
      parentId: m.child,
      price: "4",
      ownerBps: 4500,
      on: ["medical", "code"],
      weights: [5000, 5000],
    },
  ];
  for (const s of specialists) {
    const datanets = s.on.map((name, i) => ({
      datanetId: name === "medical" ? d.medical : d.code,
      version: 2,
      weightBps: s.weights[i],
    }));
    const parent = s.parentId === 0n ? undefined : w.engine.byModel.get(s.parentId);
    const weights = await trainModel(w, `${s.name}-v1`, datanets, { parent });
    await mined(
      models.connect(s.builder).registerModel({
        cardURI: `ipfs://models/${s.name}/card.json`,
        weightsHash: weights.weightsHash,
        weightsURI: `ipfs://models/${s.name}/v1`,
        parentId: s.parentId,
        datanets,
        price: parseEther(s.price),
        ownerBps: s.ownerBps,
      }),
    );
    const modelId = await models.modelCount();
    c.agents[s.key].modelId = modelId;
    w.engine.byModel.set(modelId, weights);
    const data = s.on.map(
      (name, i) => `${name === "medical" ? "medical-qa" : "code-review"} v2 ${s.weights[i] / 100}%`,
    );
    const lineage = s.parentId === 0n ? "" : `, parent #${s.parentId}`;
    w.line(
      `  #${modelId} ${s.name.padEnd(16)} ${s.price} OPEN/inference, owner ${s.ownerBps / 100}%, data: ${data.join(" / ")}${lineage}`,
    );
    w.line(`    ${describe(weights)}`);
  }
}

/// Each agent registers with an ERC-8004 registration file (its services, the model it serves, its trust models),
/// sets its wallet (signed by the wallet, EIP-712), stakes the minimum to take jobs and declares its model, which
/// the model's owner confirms.
export async function registerAgents(w: World, c: MissionCast): Promise<void> {
  const { agents, models } = w.suite;
  section(w, "Agents register (ERC-8004), set their wallets, stake, and declare the models they serve");
  const chainId = BigInt(w.suite.deployment.chainId);
  const minStake = await agents.minStake();
  for (const a of Object.values(c.agents)) {
    const owner = clientFor(w.suite, a.owner);
    const file = buildRegistration({
      name: a.label,
      description: `The ${a.label} of the market-entry mission.`,
      services: [{ name: "A2A", endpoint: `https://agents.example/${a.key}/.well-known/agent-card.json` }],
      supportedTrust: ["reputation", "crypto-economic"],
      chainId,
      ...(a.modelId === 0n ? {} : { models: [a.modelId], modelRegistry: w.suite.deployment.addresses.models }),
    });
    const { agentId } = await registerAgent(owner, { file });
    a.agentId = agentId;
    if (a.wallet !== a.owner) await setAgentWallet(owner, { agentId, wallet: a.wallet });
    await stakeAgent(owner, { agentId, amount: minStake });
    let served = "";
    if (a.modelId !== 0n) {
      await declareModels(owner, { agentId, modelIds: [a.modelId] });
      const modelOwner = await models.ownerOf(a.modelId);
      const signer = [w.baseBuilder, w.tuneBuilder].find((s) => s.address === modelOwner)!;
      await confirmModel(clientFor(w.suite, signer), { agentId, modelId: a.modelId });
      served = `, serves model #${a.modelId} (confirmed by its owner)`;
    }
    const wallet = a.wallet === a.owner ? "its owner's wallet" : `wallet ${w.names.get(a.wallet.address)}`;
    w.line(`  agent #${agentId} ${a.label.padEnd(22)} staked ${formatOpen(minStake)}, ${wallet}${served}`);
  }
}

/// Each specialist's owner gives its wallet a daily budget for its model only, for 30 days.
export async function grantBudgets(w: World, c: MissionCast): Promise<void> {
  section(w, "Each specialist's owner gives its wallet a spending budget");
  const now = BigInt((await w.suite.connection.ethers.provider.getBlock("latest"))!.timestamp);
  for (const key of ["research", "legal", "risk"] as const) {
    const a = c.agents[key];
    await grantBudget(clientFor(w.suite, a.owner), {
      agent: a.wallet.address,
      amountPerPeriod: parseEther(DAILY_BUDGET[key]),
      period: DAY,
      expiry: now + 30n * DAY,
      modelIds: [a.modelId],
    });
    w.line(
      `  ${a.label.padEnd(22)} ${formatOpen(parseEther(DAILY_BUDGET[key]))} a day, model #${a.modelId} only, for 30 days`,
    );
  }
}
