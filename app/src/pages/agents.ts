/// Agents: each agent's owner, the models it serves, its stake, earnings and reputation (the mean of its
/// unrevoked feedback), and every job as a tree (a job and the sub-jobs it hired), with escrow and payouts.
import { formatUnits } from "viem";
import type { Chain_ } from "../chain.js";
import { gqlAll } from "../indexer.js";
import { amountCell, h, section, short, table } from "../ui.js";

interface Agent {
  id: string;
  owner: string;
  staked: string;
  unlocking: string;
  earned: string;
  earnings: string;
  jobs: number;
  completedJobs: number;
  rejectedJobs: number;
  models: { items: Array<{ modelId: string; confirmed: boolean }> };
  feedbackList: { items: Array<{ value: string; valueDecimals: number; revoked: boolean }> };
}

interface Job {
  id: string;
  parentId: string;
  providerAgentId: string | null;
  status: string;
  escrow: string;
  payout: string;
  fee: string;
  returned: string;
  inferenceFees: string;
}

/// The mean of the unrevoked feedback values, or undefined when there is none.
export function reputation(feedback: Agent["feedbackList"]["items"]): number | undefined {
  const live = feedback.filter((f) => !f.revoked);
  if (live.length === 0) return undefined;
  return live.reduce((sum, f) => sum + Number(formatUnits(BigInt(f.value), f.valueDecimals)), 0) / live.length;
}

export async function agentsPage(c: Chain_): Promise<HTMLElement> {
  const url = c.config.indexerUrl;
  const [agents, jobs] = await Promise.all([
    gqlAll<Agent>(
      url,
      "agents",
      `id owner staked unlocking earned earnings jobs completedJobs rejectedJobs
       models { items { modelId confirmed } } feedbackList { items { value valueDecimals revoked } }`,
      `orderBy: "id"`,
    ),
    gqlAll<Job>(
      url,
      "jobs",
      "id parentId providerAgentId status escrow payout fee returned inferenceFees",
      `orderBy: "id"`,
    ),
  ]);
  const agentRows = agents.map((a) => {
    const score = reputation(a.feedbackList.items);
    return h(
      "tr",
      { "data-agent": a.id },
      h("td", {}, `agent ${a.id}`),
      h("td", { title: a.owner }, short(a.owner)),
      h("td", {}, a.models.items.map((m) => `model ${m.modelId}${m.confirmed ? "" : " (declared)"}`).join(", ") || "–"),
      amountCell(a.staked, "staked"),
      amountCell(a.earned, "earned"),
      amountCell(a.earnings, "earnings"),
      h("td", { class: "num" }, `${a.completedJobs} / ${a.rejectedJobs} / ${a.jobs}`),
      h(
        "td",
        { class: "num", "data-name": "reputation" },
        score === undefined ? "–" : `${score.toFixed(2)} (${a.feedbackList.items.length})`,
      ),
    );
  });

  // The job tree, depth first from each root job.
  const byParent = new Map<string, Job[]>();
  for (const j of jobs) byParent.set(j.parentId, [...(byParent.get(j.parentId) ?? []), j]);
  const jobRows: HTMLTableRowElement[] = [];
  const walk = (parent: string, depth: number): void => {
    for (const j of byParent.get(parent) ?? []) {
      jobRows.push(
        h(
          "tr",
          { "data-job": j.id, "data-depth": String(depth) },
          h("td", { style: `padding-left: ${0.5 + depth * 1.5}rem` }, `${depth > 0 ? "└ " : ""}job ${j.id}`),
          h("td", {}, j.providerAgentId === null ? "–" : `agent ${j.providerAgentId}`),
          h("td", { "data-name": "status" }, j.status),
          amountCell(j.escrow, "escrow"),
          amountCell(j.payout, "payout"),
          amountCell(j.fee, "fee"),
          amountCell(j.returned, "returned"),
          amountCell(j.inferenceFees, "inferenceFees"),
        ),
      );
      walk(j.id, depth + 1);
    }
  };
  walk("0", 0);

  return h(
    "div",
    { id: "agents" },
    section(
      "Agents",
      agentRows.length === 0
        ? h("p", {}, "No agents registered yet.")
        : table(
            ["Agent", "Owner", "Serves", "Stake", "Earned", "Held", "Jobs done / rejected / all", "Reputation"],
            agentRows,
            { id: "agent-table" },
          ),
    ),
    section(
      "Jobs",
      jobRows.length === 0
        ? h("p", {}, "No jobs yet.")
        : table(["Job", "Provider", "Status", "Escrow", "Payout", "Fee", "Returned", "Inference fees"], jobRows, {
            id: "job-tree",
          }),
    ),
  );
}
