/// Overview: the flow of fees as a Sankey (payers → models, and the ancestors they pay royalties to → datanets →
/// contributors, with the protocol's and the stakers' shares), the suite's totals and each attribution epoch.
import { SankeyChart } from "echarts/charts";
import { TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { formatUnits } from "viem";
import type { Chain_ } from "../chain.js";
import { gql, gqlAll } from "../indexer.js";
import { amountCell, h, open, section, short, table } from "../ui.js";

echarts.use([SankeyChart, TooltipComponent, CanvasRenderer]);

interface Inference {
  id: string;
  modelId: string;
  payer: string;
  fee: string;
  protocol: string;
  stakers: string;
}
interface Credit {
  /// The inference's row (GraphQL gives the relation, not the column).
  inference: { id: string };
  kind: "model" | "datanet";
  targetId: string;
  viaModelId: string | null;
  amount: string;
}
interface Pool {
  account: string;
  datanetId: string;
  activeCumulative: string;
}
interface Datanet {
  id: string;
  accrued: string;
  activeTotal: string;
}
interface Root {
  datanetId: string;
  epoch: string;
  cumulativeTotal: string;
  status: string;
  accounts: number | null;
}
interface Totals {
  inferences: string;
  fees: string;
  treasuryAccrued: string;
  stakersAccrued: string;
  treasuryCredited: string;
  stakersCredited: string;
}

/// The links of the flow, in wei, summed by (source, target).
export function feeFlow(
  inferences: Inference[],
  credits: Credit[],
  pools: Pool[],
  datanets: Datanet[],
): Map<string, bigint> {
  const links = new Map<string, bigint>();
  const add = (source: string, target: string, wei: bigint): void => {
    if (wei <= 0n || source === target) return;
    const key = `${source}\u0000${target}`;
    links.set(key, (links.get(key) ?? 0n) + wei);
  };
  const byId = new Map(inferences.map((i) => [i.id, i]));
  for (const i of inferences) {
    const model = `model ${i.modelId}`;
    add(`payer ${short(i.payer)}`, model, BigInt(i.fee));
    add(model, "protocol", BigInt(i.protocol));
    add(model, "stakers", BigInt(i.stakers));
  }
  for (const credit of credits) {
    const i = byId.get(credit.inference.id);
    if (i === undefined) continue;
    const amount = BigInt(credit.amount);
    // The lineage level the credit comes through: the model itself, or an ancestor it pays royalties to.
    const level = credit.kind === "model" ? credit.targetId : (credit.viaModelId ?? i.modelId);
    if (level !== i.modelId) add(`model ${i.modelId}`, `model ${level}`, amount);
    const target = credit.kind === "model" ? `model ${credit.targetId} owner` : `datanet ${credit.targetId}`;
    add(`model ${level}`, target, amount);
  }
  const allocated = new Map<string, bigint>();
  for (const p of pools) {
    add(`datanet ${p.datanetId}`, `contributor ${short(p.account)}`, BigInt(p.activeCumulative));
    allocated.set(p.datanetId, (allocated.get(p.datanetId) ?? 0n) + BigInt(p.activeCumulative));
  }
  for (const d of datanets)
    add(`datanet ${d.id}`, "not yet allocated", BigInt(d.accrued) - (allocated.get(d.id) ?? 0n));
  return links;
}

export async function overviewPage(c: Chain_): Promise<{ element: HTMLElement; mount: () => void }> {
  const url = c.config.indexerUrl;
  const [inferences, credits, pools, datanets, roots, { totals }] = await Promise.all([
    gqlAll<Inference>(url, "inferences", "id modelId payer fee protocol stakers"),
    gqlAll<Credit>(url, "inferenceCredits", "inference { id } kind targetId viaModelId amount"),
    gqlAll<Pool>(url, "contributorPools", "account datanetId activeCumulative"),
    gqlAll<Datanet>(url, "datanets", "id accrued activeTotal"),
    gqlAll<Root>(url, "attributionRoots", "datanetId epoch cumulativeTotal status accounts", `orderBy: "epoch"`),
    gql<{ totals: Totals | null }>(
      url,
      `{ totals(id: "suite") { inferences fees treasuryAccrued stakersAccrued treasuryCredited stakersCredited } }`,
    ),
  ]);
  const links = feeFlow(inferences, credits, pools, datanets);
  const names = new Set<string>();
  const data = [...links.entries()].map(([key, wei]) => {
    const [source, target] = key.split("\u0000");
    names.add(source);
    names.add(target);
    return { source, target, value: Number(formatUnits(wei, 18)), wei: wei.toString() };
  });
  const chart = h("div", { id: "sankey", "data-links": String(data.length) });
  // The same flows as a table, for reading exact amounts (and for the browser test).
  const flows = h(
    "details",
    {},
    h("summary", {}, `Every flow of the chart (${data.length})`),
    table(
      ["From", "To", "Amount"],
      data.map((d) =>
        h(
          "tr",
          { "data-source": d.source, "data-target": d.target },
          h("td", {}, d.source),
          h("td", {}, d.target),
          amountCell(d.wei, "flow"),
        ),
      ),
      { id: "flows" },
    ),
  );

  const t = totals ?? {
    inferences: "0",
    fees: "0",
    treasuryAccrued: "0",
    stakersAccrued: "0",
    treasuryCredited: "0",
    stakersCredited: "0",
  };
  const totalsTable = table(
    ["", "Amount"],
    [
      h("tr", {}, h("td", {}, "Inferences"), h("td", { class: "num", "data-name": "inferences" }, t.inferences)),
      h("tr", {}, h("td", {}, "Fees paid"), amountCell(t.fees, "fees")),
      h("tr", {}, h("td", {}, "Protocol share credited"), amountCell(t.treasuryCredited, "treasuryCredited")),
      h("tr", {}, h("td", {}, "Protocol share held"), amountCell(t.treasuryAccrued, "treasuryAccrued")),
      h("tr", {}, h("td", {}, "Stakers' share credited"), amountCell(t.stakersCredited, "stakersCredited")),
      h("tr", {}, h("td", {}, "Stakers' share held"), amountCell(t.stakersAccrued, "stakersAccrued")),
    ],
    { id: "totals" },
  );

  // Each epoch of each datanet: what its root allocates in all, and what it adds to the previous active root.
  const previous = new Map<string, bigint>();
  const epochRows = roots
    .slice()
    .sort((a, b) => Number(a.datanetId) - Number(b.datanetId) || Number(a.epoch) - Number(b.epoch))
    .map((r) => {
      const total = BigInt(r.cumulativeTotal);
      const before = previous.get(r.datanetId) ?? 0n;
      if (r.status === "active") previous.set(r.datanetId, total);
      return h(
        "tr",
        { "data-datanet": r.datanetId, "data-epoch": r.epoch },
        h("td", {}, `datanet ${r.datanetId}`),
        h("td", { class: "num" }, r.epoch),
        h("td", {}, r.status),
        h("td", { class: "num" }, r.accounts ?? "–"),
        amountCell(total, "cumulative"),
        amountCell(r.status === "active" && total > before ? total - before : 0n, "added"),
      );
    });

  const element = h(
    "div",
    { id: "overview" },
    section("Flow of fees", names.size === 0 ? h("p", {}, "No inferences settled yet.") : h("div", {}, chart, flows)),
    section("Totals", totalsTable),
    section(
      "Attribution epochs",
      epochRows.length === 0
        ? h("p", {}, "No roots posted yet.")
        : table(["Datanet", "Epoch", "Status", "Accounts", "Allocated in all", "Added"], epochRows, {
            id: "epochs",
          }),
    ),
  );
  const mount = (): void => {
    if (names.size === 0) return;
    const instance = echarts.init(chart, undefined, { renderer: "canvas" });
    instance.setOption({
      animation: false,
      tooltip: {
        trigger: "item",
        formatter: (p: { dataType?: string; name: string; data: { wei?: string } }) =>
          p.dataType === "edge" && p.data.wei !== undefined ? `${p.name}: ${open(p.data.wei)}` : p.name,
      },
      series: [
        {
          type: "sankey",
          emphasis: { focus: "adjacency" },
          nodeAlign: "left",
          data: [...names].map((name) => ({ name })),
          links: data,
          lineStyle: { color: "gradient", curveness: 0.5 },
        },
      ],
    });
    window.addEventListener("resize", () => instance.resize());
  };
  return { element, mount };
}
