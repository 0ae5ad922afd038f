/// Datanets: the list, and one datanet's page: its figures from the chain (DatanetRegistry.datanet, Settlement's
/// accrued and root state), every contribution with its status, the contributors with their accepted weight and
/// what they earned and claimed, and every attribution epoch with its root's state, with the time left before a
/// pending root can be activated (the chain's clock against the root's readyAt, posted + the challenge window).
import type { Chain_ } from "../chain.js";
import { gqlAll } from "../indexer.js";
import { amountCell, countdown, h, link, section, short, table } from "../ui.js";

interface DatanetRow {
  id: string;
  owner: string;
  curated: boolean;
  closed: boolean;
  uri: string;
  /// The relation, of which only the count is asked.
  contributions: { totalCount: number };
  accepted: number;
  versions: number;
  accrued: string;
  claimed: string;
  activeEpoch: string;
  pendingEpoch: string | null;
}

interface Contribution {
  hash: string;
  kind: string;
  contributor: string;
  index: string;
  weight: string;
  count: string;
  status: string;
  acceptance: string;
  submittedAt: string;
}

interface Root {
  epoch: string;
  root: string;
  cumulativeTotal: string;
  readyAt: string;
  status: string;
  accounts: number;
  allocation: string;
  postedAt: string;
  activatedAt: string | null;
}

interface Pool {
  account: string;
  activeCumulative: string;
  claimed: string;
  claimableNow: string;
}

export async function datanetsPage(c: Chain_): Promise<HTMLElement> {
  const datanets = await gqlAll<DatanetRow>(
    c.config.indexerUrl,
    "datanets",
    "id owner curated closed uri contributions { totalCount } accepted versions accrued claimed activeEpoch pendingEpoch",
    `orderBy: "id"`,
  );
  const rows = datanets.map((d) =>
    h(
      "tr",
      { "data-datanet": d.id },
      h("td", {}, link(`datanet/${d.id}`, `datanet ${d.id}`)),
      h("td", {}, d.uri),
      h("td", { title: d.owner }, short(d.owner)),
      h("td", {}, d.curated ? "curated" : "open"),
      h("td", { class: "num" }, `${d.accepted} / ${d.contributions.totalCount}`),
      h("td", { class: "num" }, d.versions),
      amountCell(d.accrued, "accrued"),
      amountCell(d.claimed, "claimed"),
      h("td", { class: "num" }, d.activeEpoch === "0" ? "–" : d.activeEpoch),
      h("td", {}, d.pendingEpoch === null ? "–" : `epoch ${d.pendingEpoch}`),
    ),
  );
  return section(
    "Datanets",
    rows.length === 0
      ? h("p", {}, "No datanets yet.")
      : table(
          [
            "Datanet",
            "URI",
            "Owner",
            "Review",
            "Accepted / all",
            "Versions",
            "Accrued",
            "Claimed",
            "Active epoch",
            "Pending root",
          ],
          rows,
          { id: "datanet-table" },
        ),
  );
}

export async function datanetPage(c: Chain_, idText: string): Promise<HTMLElement> {
  if (!/^\d+$/.test(idText)) throw new Error(`not a datanet id: ${JSON.stringify(idText)}`);
  const id = BigInt(idText);
  const url = c.config.indexerUrl;
  const registry = c.contracts.datanets.read;
  const count = await registry.datanetCount();
  if (id === 0n || id > count) throw new Error(`no datanet ${id}: the registry holds datanets 1 to ${count}`);
  const settlement = c.contracts.settlement.read;
  const [view, accrued, state, window, block] = await Promise.all([
    registry.datanet([id]),
    settlement.accrued([id]),
    settlement.rootState([id]),
    settlement.challengeWindow(),
    c.client.getBlock(),
  ]);
  const where = `where: { datanetId: "${idText}" }`;
  const [contributions, roots, pools] = await Promise.all([
    gqlAll<Contribution>(
      url,
      "contributions",
      "hash kind contributor index weight count status acceptance submittedAt",
      `${where}, orderBy: "index"`,
    ),
    gqlAll<Root>(
      url,
      "attributionRoots",
      "epoch root cumulativeTotal readyAt status accounts allocation postedAt activatedAt",
      `${where}, orderBy: "epoch"`,
    ),
    gqlAll<Pool>(url, "contributorPools", "account activeCumulative claimed claimableNow", where),
  ]);
  const now = block.timestamp;

  const facts = h(
    "dl",
    { class: "facts", id: "datanet-facts" },
    h("dt", {}, "URI"),
    h("dd", {}, view.uri),
    h("dt", {}, "Owner"),
    h("dd", { title: view.owner }, short(view.owner)),
    h("dt", {}, "Attestor"),
    h("dd", { title: view.attestor }, short(view.attestor), view.attestorAppointed ? " (appointed by governance)" : ""),
    h("dt", {}, "Review"),
    h("dd", {}, view.curated ? "curated" : "open", view.closed ? ", closed" : ""),
    h("dt", {}, "Contributions"),
    h(
      "dd",
      { "data-name": "contributions", "data-value": view.contributionCount.toString() },
      `${view.contributionCount} records and ${view.batchCount} batches; ${view.acceptedCount} accepted, ` +
        `of total record weight ${view.acceptedWeight}`,
    ),
  );

  const money = table(
    ["", "Amount"],
    [
      h("tr", {}, h("td", {}, "Data share credited to the pool"), amountCell(accrued, "accrued")),
      h(
        "tr",
        {},
        h("td", {}, `Allocated by the active root (epoch ${state.activeEpoch})`),
        amountCell(state.activeTotal, "activeTotal"),
      ),
      h("tr", {}, h("td", {}, "Claimed by contributors"), amountCell(state.claimed, "claimed")),
      h("tr", {}, h("td", {}, "Not allocated yet"), amountCell(accrued - state.activeTotal, "unallocated")),
    ],
    { id: "datanet-money" },
  );

  // Contributions, and the contributors they add up to.
  const statusCell = (s: string) => h("td", { class: `status-${s}`, "data-name": "status" }, s);
  const contributionRows = contributions.map((x) =>
    h(
      "tr",
      { "data-hash": x.hash, "data-kind": x.kind },
      h("td", { class: "num" }, x.index),
      h("td", {}, x.kind === "batch" ? `batch of ${x.count}` : "record"),
      h("td", { title: x.hash }, short(x.hash)),
      h("td", { title: x.contributor }, short(x.contributor)),
      statusCell(x.status),
      h("td", { class: "num", "data-name": "weight", "data-value": x.weight }, x.weight),
      h("td", { class: "num" }, x.acceptance === "0" ? "–" : x.acceptance),
    ),
  );
  const contributors = new Map<string, { records: number; weight: bigint; pending: number }>();
  for (const x of contributions) {
    const k = x.contributor.toLowerCase();
    const entry = contributors.get(k) ?? { records: 0, weight: 0n, pending: 0 };
    if (x.status === "accepted") {
      entry.records += x.kind === "batch" ? Number(x.count) : 1;
      if (x.kind === "record") entry.weight += BigInt(x.weight);
    }
    if (x.status === "pending") entry.pending += 1;
    contributors.set(k, entry);
  }
  const poolOf = new Map(pools.map((p) => [p.account.toLowerCase(), p]));
  for (const account of poolOf.keys())
    if (!contributors.has(account)) contributors.set(account, { records: 0, weight: 0n, pending: 0 });
  const contributorRows = [...contributors.entries()]
    .sort(([, a], [, b]) => (b.weight > a.weight ? 1 : b.weight < a.weight ? -1 : 0))
    .map(([account, s]) => {
      const pool = poolOf.get(account);
      const share =
        view.acceptedWeight === 0n ? "–" : `${(Number((s.weight * 10_000n) / view.acceptedWeight) / 100).toFixed(2)}%`;
      return h(
        "tr",
        { "data-account": account },
        h("td", { title: account }, short(account)),
        h("td", { class: "num" }, s.records),
        h("td", { class: "num", "data-name": "weight", "data-value": s.weight.toString() }, s.weight.toString()),
        h("td", { class: "num" }, share),
        h("td", { class: "num" }, s.pending),
        amountCell(pool?.activeCumulative ?? "0", "earned"),
        amountCell(pool?.claimed ?? "0", "claimed"),
        amountCell(pool?.claimableNow ?? "0", "claimable"),
      );
    });

  // Epochs: the pending one counts down to its readyAt on the chain's clock.
  const rootRows = roots.map((r) => {
    const pending = r.status === "pending";
    const superseded = r.status === "active" && r.epoch !== state.activeEpoch.toString();
    return h(
      "tr",
      { "data-epoch": r.epoch, "data-status": superseded ? "superseded" : r.status },
      h("td", { class: "num" }, r.epoch),
      h("td", { title: r.root }, short(r.root)),
      h("td", { class: `status-${r.status}`, "data-name": "status" }, superseded ? "superseded" : r.status),
      amountCell(r.cumulativeTotal, "cumulative"),
      h("td", { class: "num" }, r.accounts),
      h("td", {}, r.allocation),
      h(
        "td",
        {},
        pending
          ? h("span", {}, "activates ", countdown(BigInt(r.readyAt), now, "countdown"))
          : r.activatedAt === null
            ? "–"
            : new Date(Number(r.activatedAt) * 1000).toISOString().replace("T", " ").slice(0, 19),
      ),
    );
  });

  return h(
    "div",
    { id: "datanet", "data-datanet": idText },
    section(`Datanet ${idText}`, facts),
    section("Pool", money),
    section(
      "Attribution epochs",
      h(
        "p",
        { class: "muted" },
        `A posted root can be activated ${window.toString()} s after it was posted (the challenge window), unless vetoed.`,
      ),
      rootRows.length === 0
        ? h("p", {}, "No roots posted yet.")
        : table(["Epoch", "Root", "State", "Allocated in all", "Accounts", "Allocation file", "Activation"], rootRows, {
            id: "roots",
          }),
    ),
    section(
      "Contributors",
      contributorRows.length === 0
        ? h("p", {}, "No contributors yet.")
        : table(
            [
              "Contributor",
              "Accepted records",
              "Record weight",
              "Share",
              "Pending",
              "Earned (active root)",
              "Claimed",
              "Claimable now",
            ],
            contributorRows,
            { id: "contributors" },
          ),
    ),
    section(
      "Contributions",
      contributionRows.length === 0
        ? h("p", {}, "No contributions yet.")
        : table(["#", "Kind", "Hash", "Contributor", "Status", "Weight", "Acceptance"], contributionRows, {
            id: "contributions",
          }),
    ),
  );
}
