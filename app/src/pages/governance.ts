/// Governance: every proposal (the indexer lists them; state, votes and quorum are read from the Governor), with
/// quorum progress and For / Against / Abstain buttons (Governor.castVote).
import { keccak256, toHex } from "viem";
import type { Abi, Hex } from "viem";
import { PARAMETERS, formatParamValue, parameterProposal, suiteAbis } from "../../../package/src/viem/index.js";
import { send } from "../chain.js";
import type { Chain_, Wallet } from "../chain.js";
import { gql, waitForIndexer } from "../indexer.js";
import { actionButton, amountCell, h, notify, open, section, short, table } from "../ui.js";

/// IGovernor.ProposalState, in enum order (OpenZeppelin 5); kept here so that the bundle needs no ethers.
const STATES = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"];
const CHOICES = [
  ["For", 1],
  ["Against", 0],
  ["Abstain", 2],
] as const;

interface ProposalRow {
  id: string;
  proposer: string;
  description: string;
  createdAt: string;
}

export async function governancePage(
  c: Chain_,
  wallet: Wallet | undefined,
  rerender: () => void,
): Promise<HTMLElement> {
  const { proposals } = await gql<{ proposals: { items: ProposalRow[] } }>(
    c.config.indexerUrl,
    `{ proposals(orderBy: "createdAt", orderDirection: "desc", limit: 100) { items { id proposer description createdAt } } }`,
  );
  const governor = c.contracts.governor.read;
  const now = await c.client.getBlock();
  const rows: HTMLTableRowElement[] = [];
  for (const p of proposals.items) {
    const id = BigInt(p.id);
    const [state, [against, forVotes, abstain], snapshot, voted] = await Promise.all([
      governor.state([id]),
      governor.proposalVotes([id]),
      governor.proposalSnapshot([id]),
      wallet === undefined ? Promise.resolve(false) : governor.hasVoted([id, wallet.account]),
    ]);
    // The quorum is known once the snapshot is in the past.
    const quorum = snapshot < now.timestamp ? await governor.quorum([snapshot]) : undefined;
    const counted = forVotes + abstain;
    const percent = quorum === undefined || quorum === 0n ? 0 : Number((counted * 10_000n) / quorum) / 100;
    const stateName = STATES[state] ?? `Unknown(${state})`;
    const buttons = h("td", {});
    if (wallet !== undefined && stateName === "Active" && !voted) {
      for (const [label, support] of CHOICES) {
        const button = h("button", { "data-vote": label.toLowerCase() }, label);
        button.addEventListener("click", () => {
          for (const b of buttons.querySelectorAll("button")) b.disabled = true;
          void (async () => {
            try {
              const hash = await send(c, wallet, {
                address: c.config.addresses.governor,
                abi: c.contracts.governor.abi,
                functionName: "castVote",
                args: [id, support],
              });
              notify(`Voted ${label.toLowerCase()} on ${short(p.id)} in ${short(hash as Hex)}`, "ok");
              rerender();
            } catch (err) {
              notify(err instanceof Error ? err.message : String(err), "error");
              for (const b of buttons.querySelectorAll("button")) b.disabled = false;
            }
          })();
        });
        buttons.append(button, " ");
      }
    } else if (voted) {
      buttons.append("voted");
    }
    rows.push(
      h(
        "tr",
        { "data-proposal": p.id, "data-state": stateName },
        h("td", { title: p.id }, short(p.id)),
        h("td", {}, p.description.split("\n")[0]),
        h("td", { "data-name": "state" }, stateName),
        amountCell(forVotes, "for"),
        amountCell(against, "against"),
        amountCell(abstain, "abstain"),
        h(
          "td",
          { "data-name": "quorum", "data-wei": quorum?.toString() },
          quorum === undefined
            ? "after the snapshot"
            : h(
                "span",
                { title: `${open(counted)} of ${open(quorum)}` },
                h("span", { class: "bar" }, h("span", { style: `width: ${Math.min(100, percent)}%` })),
                ` ${percent.toFixed(1)}% of ${open(quorum)}`,
              ),
        ),
        buttons,
      ),
    );
  }
  return h(
    "div",
    { id: "governance" },
    proposalBuilder(c, wallet, rerender),
    section(
      "Proposals",
      rows.length === 0
        ? h("p", {}, "No proposals yet.")
        : table(["Proposal", "Description", "State", "For", "Against", "Abstain", "Quorum", "Vote"], rows, {
            id: "proposals",
          }),
    ),
  );
}

/// The form that proposes the change of one protocol parameter: the SDK's `parameterProposal` builds the call (and
/// simulates it from the Timelock), and the wallet sends Governor.propose.
function proposalBuilder(c: Chain_, wallet: Wallet | undefined, rerender: () => void): HTMLElement {
  const names = Object.keys(PARAMETERS);
  const select = h("select", { id: "param-name" }, ...names.map((n) => h("option", { value: n }, n)));
  const about = h("span", { class: "muted", id: "param-about" });
  const current = h("span", { id: "param-current" });
  const value = h("input", { id: "param-value", type: "text", placeholder: "new value" });
  const description = h("input", {
    id: "param-description",
    class: "wide",
    type: "text",
    placeholder: "description (default: Set <name> to <value> (now <current>))",
  });
  const show = (): void => {
    const definition = PARAMETERS[select.value];
    if (definition === undefined) return;
    about.textContent = definition.about;
    value.placeholder = { bps: "basis points", seconds: "e.g. 2h, 90m, 3600", count: "a count", open: "OPEN" }[
      definition.unit
    ];
    current.textContent = "…";
    const { getter } = definition;
    void (
      c.client.readContract({
        address: c.config.addresses[getter.contract],
        abi: suiteAbis[getter.contract] as Abi,
        functionName: getter.fn,
      }) as Promise<bigint>
    )
      .then((v) => {
        current.textContent = `now ${formatParamValue(definition.unit, v)}`;
        current.dataset.value = v.toString();
      })
      .catch((err: unknown) => (current.textContent = err instanceof Error ? err.message : String(err)));
  };
  select.addEventListener("change", show);
  show();
  const button = actionButton(
    "Propose",
    { id: "propose", disabled: wallet === undefined },
    async () => {
      if (wallet === undefined) throw new Error("connect a wallet to propose");
      const plan = await parameterProposal(c.client, {
        addresses: c.config.addresses,
        parameter: select.value,
        value: value.value,
        description: description.value,
      });
      const args = [plan.targets, plan.values, plan.calldatas, plan.description] as const;
      const hash = await send(c, wallet, {
        address: c.config.addresses.governor,
        abi: c.contracts.governor.abi,
        functionName: "propose",
        args,
      });
      const receipt = await c.client.getTransactionReceipt({ hash });
      await waitForIndexer(c.config.indexerUrl, receipt.blockNumber);
      const id = await c.contracts.governor.read.hashProposal([
        plan.targets,
        plan.values,
        plan.calldatas,
        keccak256(toHex(plan.description)),
      ]);
      const notice = document.getElementById("notice");
      if (notice !== null) notice.dataset.proposal = id.toString();
      return `Proposed ${short(id.toString())}: ${plan.description}`;
    },
    rerender,
  );
  return section(
    "New proposal: change a parameter",
    h("p", { class: "form" }, select, current, value, description, button),
    h("p", {}, about),
  );
}
