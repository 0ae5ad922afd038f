/// Models: the list, and one model's page: its terms and the split of one inference at its price (read from the
/// chain), its versions, its lineage (the ancestors the chain lists, the descendants the indexer knows), its training
/// datanets with their weights, its revenue per block as a chart, and the royalties it paid up its lineage and
/// received from below.
import { BarChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { formatUnits } from "viem";
import type { Chain_ } from "../chain.js";
import { gql, gqlAll } from "../indexer.js";
import { amountCell, h, link, open, section, short, table } from "../ui.js";

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

interface ModelRow {
  id: string;
  owner: string;
  parentId: string;
  depth: number;
  price: string;
  ownerBps: string;
  versions: number;
  inferences: number;
  fees: string;
  revenueCredited: string;
  revenueWithdrawn: string;
  revenue: string;
  royaltiesReceived: string;
  deprecated: boolean;
  suspended: boolean;
  cardUri: string;
}

interface Royalty {
  modelId: string;
  ancestorId: string;
  toOwner: string;
  toData: string;
}

interface RevenueCredit {
  amount: string;
  inference: { modelId: string; blockNumber: string };
}

const MODEL_FIELDS =
  "id owner parentId depth price ownerBps versions inferences fees revenueCredited revenueWithdrawn revenue royaltiesReceived deprecated suspended cardUri";

function status(m: Pick<ModelRow, "deprecated" | "suspended">): string {
  return m.suspended ? "suspended" : m.deprecated ? "deprecated" : "active";
}

export async function modelsPage(c: Chain_): Promise<HTMLElement> {
  const models = await gqlAll<ModelRow>(c.config.indexerUrl, "models", MODEL_FIELDS, `orderBy: "id"`);
  const rows = models.map((m) =>
    h(
      "tr",
      { "data-model": m.id },
      h("td", {}, link(`model/${m.id}`, `model ${m.id}`)),
      h("td", { title: m.owner }, short(m.owner)),
      h("td", {}, m.parentId === "0" ? "–" : link(`model/${m.parentId}`, `model ${m.parentId}`)),
      amountCell(m.price, "price"),
      h("td", { class: "num" }, `${Number(m.ownerBps) / 100}%`),
      h("td", { class: "num" }, m.versions),
      h("td", { class: "num" }, m.inferences),
      amountCell(m.revenueCredited, "credited"),
      amountCell(m.revenue, "revenue"),
      h("td", {}, status(m)),
    ),
  );
  return section(
    "Models",
    rows.length === 0
      ? h("p", {}, "No models registered yet.")
      : table(
          ["Model", "Owner", "Parent", "Price", "Owner share", "Versions", "Inferences", "Revenue", "Held", "Status"],
          rows,
          { id: "model-table" },
        ),
  );
}

/// The revenue credited to a model's owner per block: from its own inferences, and as royalties from descendants'.
export function revenueByBlock(modelId: string, credits: RevenueCredit[]): Array<[bigint, bigint, bigint]> {
  const byBlock = new Map<bigint, [bigint, bigint]>();
  for (const credit of credits) {
    const block = BigInt(credit.inference.blockNumber);
    const [own, royalties] = byBlock.get(block) ?? [0n, 0n];
    const amount = BigInt(credit.amount);
    byBlock.set(block, credit.inference.modelId === modelId ? [own + amount, royalties] : [own, royalties + amount]);
  }
  return [...byBlock.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([block, [own, r]]) => [block, own, r]);
}

export async function modelPage(c: Chain_, idText: string): Promise<{ element: HTMLElement; mount: () => void }> {
  if (!/^\d+$/.test(idText)) throw new Error(`not a model id: ${JSON.stringify(idText)}`);
  const id = BigInt(idText);
  const url = c.config.indexerUrl;
  const models = c.contracts.models.read;
  const count = await models.modelCount();
  if (id === 0n || id > count) throw new Error(`no model ${id}: the registry holds models 1 to ${count}`);
  const [view, ancestors, held, lineageBps] = await Promise.all([
    models.model([id]),
    models.lineage([id]),
    c.contracts.settlement.read.modelRevenue([id]),
    c.contracts.settlement.read.lineageBps(),
  ]);
  const split = view.price > 0n ? await c.contracts.settlement.read.previewSplit([id, view.price]) : undefined;
  const [data, all, versions, credits, paid, received] = await Promise.all([
    gql<{ model: ModelRow | null }>(url, `query ($id: BigInt!) { model(id: $id) { ${MODEL_FIELDS} } }`, {
      id: idText,
    }),
    gqlAll<{ id: string; parentId: string }>(url, "models", "id parentId", `orderBy: "id"`),
    gqlAll<{ version: string; weightsHash: string; datanetVersions: string[]; uri: string; publishedAt: string }>(
      url,
      "modelVersions",
      "version weightsHash datanetVersions uri publishedAt",
      `where: { modelId: "${idText}" }, orderBy: "version"`,
    ),
    gqlAll<RevenueCredit>(
      url,
      "inferenceCredits",
      "amount inference { modelId blockNumber }",
      `where: { kind: "model", targetId: "${idText}" }`,
    ),
    gqlAll<Royalty>(url, "royaltys", "modelId ancestorId toOwner toData", `where: { modelId: "${idText}" }`),
    gqlAll<Royalty>(url, "royaltys", "modelId ancestorId toOwner toData", `where: { ancestorId: "${idText}" }`),
  ]);
  const indexed = data.model;

  // Terms and the split of one inference at the price, by the contract's own rule.
  const facts = h(
    "dl",
    { class: "facts", id: "model-facts" },
    h("dt", {}, "Owner"),
    h("dd", { title: view.owner }, short(view.owner)),
    h("dt", {}, "Status"),
    h("dd", { "data-name": "status" }, view.suspended ? "suspended" : view.status === 2 ? "deprecated" : "active"),
    h("dt", {}, "Card"),
    h("dd", {}, view.cardURI),
    h("dt", {}, "Price"),
    h("dd", { "data-name": "price", "data-wei": view.price.toString() }, `${open(view.price)} per inference`),
    h("dt", {}, "Owner share"),
    h(
      "dd",
      { "data-name": "ownerBps", "data-value": view.ownerBps.toString() },
      `${Number(view.ownerBps) / 100}% of what reaches the model (its training data gets the rest); ` +
        `${Number(lineageBps) / 100}% of it goes up the lineage as royalties`,
    ),
  );
  const splitRows: HTMLTableRowElement[] = [];
  if (split !== undefined) {
    splitRows.push(
      h("tr", {}, h("td", {}, "Protocol"), amountCell(split.protocol, "split-protocol")),
      h("tr", {}, h("td", {}, "Stakers"), amountCell(split.stakers, "split-stakers")),
      ...split.models.map((m) =>
        h(
          "tr",
          { "data-split-model": m.id.toString() },
          h(
            "td",
            {},
            m.id === id
              ? "This model's owner"
              : h("span", {}, "Owner of ancestor ", link(`model/${m.id}`, `model ${m.id}`)),
          ),
          amountCell(m.amount, "split-amount"),
        ),
      ),
      ...split.datanets.map((d) =>
        h(
          "tr",
          { "data-split-datanet": d.id.toString(), "data-via": d.modelId.toString() },
          h(
            "td",
            {},
            link(`datanet/${d.id}`, `datanet ${d.id}`),
            ` v${d.version}`,
            d.modelId === id ? "" : h("span", { class: "muted" }, ` (data of model ${d.modelId})`),
          ),
          amountCell(d.amount, "split-amount"),
        ),
      ),
    );
  }

  // Lineage: the chain's ancestors, root first, then this model and its descendants as the indexer knows them.
  const byParent = new Map<string, string[]>();
  for (const m of all) byParent.set(m.parentId, [...(byParent.get(m.parentId) ?? []), m.id]);
  const descendants = (parent: string): HTMLElement | null => {
    const kids = byParent.get(parent) ?? [];
    if (kids.length === 0) return null;
    return h(
      "ul",
      {},
      ...kids.map((k) => h("li", { "data-descendant": k }, "└ ", link(`model/${k}`, `model ${k}`), descendants(k))),
    );
  };
  const chain = [...ancestors].reverse();
  let tree: HTMLElement = h(
    "li",
    { class: "self", "data-lineage-self": idText },
    `model ${idText}`,
    descendants(idText),
  );
  for (const a of [...chain].reverse()) {
    tree = h("li", { "data-ancestor": a.toString() }, link(`model/${a}`, `model ${a}`), h("ul", {}, tree));
  }
  const lineage = h("ul", { class: "tree", id: "lineage" }, tree);

  // Revenue per block.
  const buckets = revenueByBlock(idText, credits);
  const charted = buckets.reduce((sum, [, own, r]) => sum + own + r, 0n);
  const chart = h("div", {
    class: "chart",
    id: "revenue-chart",
    "data-wei": charted.toString(),
    "data-bars": String(buckets.length),
  });

  const royaltyRow = (r: Royalty, other: string) =>
    h(
      "tr",
      { "data-model": r.modelId, "data-ancestor": r.ancestorId },
      h("td", {}, link(`model/${other}`, `model ${other}`)),
      h("td", { class: "num" }, String(levelsUp(all, r.modelId, r.ancestorId))),
      amountCell(r.toOwner, "toOwner"),
      amountCell(r.toData, "toData"),
      amountCell(BigInt(r.toOwner) + BigInt(r.toData), "total"),
    );

  const element = h(
    "div",
    { id: "model", "data-model": idText },
    section(`Model ${idText}`, facts),
    section(
      "Split of one inference at the price",
      split === undefined ? h("p", {}, "No price.") : table(["To", "Amount"], splitRows, { id: "split" }),
    ),
    section(
      "Revenue",
      table(
        ["", "Amount"],
        [
          h("tr", {}, h("td", {}, "Fees of its own inferences"), amountCell(indexed?.fees ?? "0", "fees")),
          h("tr", {}, h("td", {}, "Credited to the owner"), amountCell(indexed?.revenueCredited ?? "0", "credited")),
          h(
            "tr",
            {},
            h("td", {}, "… of which royalties from descendants"),
            amountCell(indexed?.royaltiesReceived ?? "0", "royaltiesReceived"),
          ),
          h("tr", {}, h("td", {}, "Withdrawn by the owner"), amountCell(indexed?.revenueWithdrawn ?? "0", "withdrawn")),
          h("tr", {}, h("td", {}, "Held in Settlement now"), amountCell(held, "held")),
        ],
        { id: "revenue" },
      ),
      buckets.length === 0 ? h("p", {}, "No revenue yet.") : chart,
    ),
    section("Lineage", lineage),
    section(
      "Training datanets",
      table(
        ["Datanet", "Version", "Weight"],
        view.datanets.map((d) =>
          h(
            "tr",
            { "data-datanet": d.datanetId.toString() },
            h("td", {}, link(`datanet/${d.datanetId}`, `datanet ${d.datanetId}`)),
            h("td", { class: "num", "data-name": "version" }, d.version.toString()),
            h(
              "td",
              { class: "num", "data-name": "weightBps", "data-value": d.weightBps.toString() },
              `${Number(d.weightBps) / 100}%`,
            ),
          ),
        ),
        { id: "training" },
      ),
    ),
    section(
      "Versions",
      versions.length === 0
        ? h("p", {}, "No versions indexed.")
        : table(
            ["Version", "Weights hash", "Datanet versions", "URI", "Published"],
            versions.map((v) =>
              h(
                "tr",
                { "data-version": v.version },
                h("td", { class: "num" }, v.version),
                h(
                  "td",
                  { title: v.weightsHash, "data-name": "weightsHash", "data-value": v.weightsHash },
                  short(v.weightsHash),
                ),
                h(
                  "td",
                  {},
                  v.datanetVersions.length === 0 ? "as before" : v.datanetVersions.map((x) => `v${x}`).join(", "),
                ),
                h("td", {}, v.uri),
                h("td", {}, new Date(Number(v.publishedAt) * 1000).toISOString().replace("T", " ").slice(0, 19)),
              ),
            ),
            { id: "versions", "data-count": String(view.versionCount) },
          ),
    ),
    section(
      "Royalties paid up the lineage",
      paid.length === 0
        ? h("p", {}, "None: this model has no ancestors, or no inferences yet.")
        : table(
            ["Ancestor", "Levels up", "To its owner", "To its data", "In all"],
            paid.map((r) => royaltyRow(r, r.ancestorId)),
            {
              id: "royalties-paid",
            },
          ),
    ),
    section(
      "Royalties received from descendants",
      received.length === 0
        ? h("p", {}, "None yet.")
        : table(
            ["Descendant", "Levels down", "To the owner", "To its data", "In all"],
            received.map((r) => royaltyRow(r, r.modelId)),
            {
              id: "royalties-received",
            },
          ),
    ),
  );
  const mount = (): void => {
    if (buckets.length === 0) return;
    const instance = echarts.init(chart, undefined, { renderer: "canvas" });
    const tokens = (wei: bigint): number => Number(formatUnits(wei, 18));
    instance.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 30, bottom: 40 },
      xAxis: {
        type: "category",
        name: "block",
        nameLocation: "middle",
        nameGap: 28,
        data: buckets.map(([b]) => b.toString()),
      },
      yAxis: { type: "value", name: "OPEN" },
      series: [
        { name: "own inferences", type: "bar", stack: "revenue", data: buckets.map(([, own]) => tokens(own)) },
        {
          name: "royalties from descendants",
          type: "bar",
          stack: "revenue",
          data: buckets.map(([, , r]) => tokens(r)),
        },
      ],
    });
    window.addEventListener("resize", () => instance.resize());
  };
  return { element, mount };
}

/// How many levels `ancestor` is above `model` in the lineage.
function levelsUp(all: Array<{ id: string; parentId: string }>, model: string, ancestor: string): number {
  const parent = new Map(all.map((m) => [m.id, m.parentId]));
  let levels = 0;
  for (let at = model; at !== "0" && at !== ancestor; at = parent.get(at) ?? "0") levels++;
  return levels;
}
