/// My account: what I can claim per datanet (the indexer's pools and the active epoch's leaves, from which the proof
/// is rebuilt), one Claim for all of them (Settlement.claimMany), and my stake, votes and delegation.
import { parseUnits } from "viem";
import type { Address, Hex } from "viem";
import { AttributionMerkleTree } from "../../../package/src/attribution/merkle.js";
import { send } from "../chain.js";
import type { Chain_, Wallet } from "../chain.js";
import { gql, waitForIndexer } from "../indexer.js";
import { actionButton, amountCell, countdown, h, link, notify, open, section, short, table } from "../ui.js";

interface Pool {
  datanetId: string;
  activeCumulative: string;
  claimed: string;
  claimableNow: string;
}

interface Leaf {
  account: string;
  cumulativeAmount: string;
}

export interface ClaimPlan {
  datanetId: bigint;
  cumulativeAmount: bigint;
  proof: Hex[];
}

/// The claims of `account`: for each datanet where it can claim now, its leaf in the active epoch and the proof,
/// rebuilt from every leaf of that epoch (the tree is the one the attestor posted, so the root must match).
export async function planClaims(c: Chain_, account: Address, pools: Pool[]): Promise<ClaimPlan[]> {
  const plans: ClaimPlan[] = [];
  for (const pool of pools) {
    if (BigInt(pool.claimableNow) === 0n) continue;
    const { datanet } = await gql<{ datanet: { activeEpoch: string; activeRoot: string } }>(
      c.config.indexerUrl,
      `query ($id: BigInt!) { datanet(id: $id) { activeEpoch activeRoot } }`,
      { id: pool.datanetId },
    );
    const { allocations } = await gql<{ allocations: { items: Leaf[] } }>(
      c.config.indexerUrl,
      `query ($d: BigInt!, $e: BigInt!) { allocations(where: { datanetId: $d, epoch: $e }, limit: 1000) { items { account cumulativeAmount } } }`,
      { d: pool.datanetId, e: datanet.activeEpoch },
    );
    const leaves = allocations.items;
    const tree = AttributionMerkleTree.of(leaves);
    if (tree.root.toLowerCase() !== datanet.activeRoot.toLowerCase()) {
      throw new Error(`datanet ${pool.datanetId}: the indexed leaves do not rebuild the active root`);
    }
    const index = leaves.findIndex((l) => l.account.toLowerCase() === account.toLowerCase());
    if (index < 0) throw new Error(`datanet ${pool.datanetId}: no leaf for ${account} in epoch ${datanet.activeEpoch}`);
    plans.push({
      datanetId: BigInt(pool.datanetId),
      cumulativeAmount: BigInt(leaves[index].cumulativeAmount),
      proof: tree.getProof(index) as Hex[],
    });
  }
  return plans;
}

export async function accountPage(c: Chain_, wallet: Wallet | undefined, rerender: () => void): Promise<HTMLElement> {
  const root = h("div", { id: "account" });
  if (wallet === undefined) {
    root.append(
      section("My account", h("p", {}, "Connect a wallet (an EIP-1193 window.ethereum) to see your account.")),
    );
    return root;
  }
  const me = wallet.account;
  const lower = me.toLowerCase();
  const data = await gql<{
    contributorPools: { items: Pool[] };
    staker: { staked: string; votes: string; delegate: string | null; pendingWithdrawal: string } | null;
    attributionRoots: { items: Array<{ datanetId: string; epoch: string; readyAt: string; allocation: string }> };
    allocations: { items: Array<{ datanetId: string; epoch: string; cumulativeAmount: string }> };
  }>(
    c.config.indexerUrl,
    `query ($a: String!) {
      contributorPools(where: { account: $a }, orderBy: "datanetId", limit: 1000) { items { datanetId activeCumulative claimed claimableNow } }
      staker(address: $a) { staked votes delegate pendingWithdrawal }
      attributionRoots(where: { status: "pending" }, orderBy: "datanetId", limit: 1000) { items { datanetId epoch readyAt allocation } }
      allocations(where: { account: $a }, limit: 1000) { items { datanetId epoch cumulativeAmount } }
    }`,
    { a: lower },
  );
  const pools = data.contributorPools.items;
  const claimable = pools.reduce((sum, p) => sum + BigInt(p.claimableNow), 0n);

  // Claims.
  const claimButton = h("button", { id: "claim", disabled: claimable === 0n }, `Claim ${open(claimable)}`);
  claimButton.addEventListener("click", () => {
    claimButton.disabled = true;
    void (async () => {
      try {
        const plans = await planClaims(c, me, pools);
        const hash = await send(c, wallet, {
          address: c.config.addresses.settlement,
          abi: c.contracts.settlement.abi,
          functionName: "claimMany",
          args: [me, plans],
        });
        const receipt = await c.client.getTransactionReceipt({ hash });
        await waitForIndexer(c.config.indexerUrl, receipt.blockNumber);
        notify(`Claimed ${open(claimable)} from ${plans.length} datanet(s) in ${short(hash)}`, "ok");
        rerender();
      } catch (err) {
        notify(err instanceof Error ? err.message : String(err), "error");
        claimButton.disabled = false;
      }
    })();
  });
  root.append(
    section(
      "Claimable now",
      pools.length === 0
        ? h("p", {}, "No contributions with earnings yet.")
        : table(
            ["Datanet", "Earned (active epoch)", "Claimed", "Claimable now"],
            pools.map((p) =>
              h(
                "tr",
                { "data-datanet": p.datanetId },
                h("td", {}, link(`datanet/${p.datanetId}`, `datanet ${p.datanetId}`)),
                amountCell(p.activeCumulative, "earned"),
                amountCell(p.claimed, "claimed"),
                amountCell(p.claimableNow, "claimable"),
              ),
            ),
            { id: "claims" },
          ),
      h("p", {}, claimButton, " ", h("span", { id: "claimable-total", "data-wei": claimable.toString() })),
    ),
  );

  // What each pending root will add to what the active root gives me, once it is activated.
  const block = await c.client.getBlock();
  const activeOf = new Map(pools.map((p) => [p.datanetId, BigInt(p.activeCumulative)]));
  const pendingRows: HTMLTableRowElement[] = [];
  let pendingTotal = 0n;
  for (const r of data.attributionRoots.items) {
    const leaf = data.allocations.items.find((l) => l.datanetId === r.datanetId && l.epoch === r.epoch);
    const adds = leaf === undefined ? 0n : BigInt(leaf.cumulativeAmount) - (activeOf.get(r.datanetId) ?? 0n);
    if (r.allocation !== "loaded" || adds <= 0n) continue;
    pendingTotal += adds;
    pendingRows.push(
      h(
        "tr",
        { "data-datanet": r.datanetId, "data-epoch": r.epoch },
        h("td", {}, link(`datanet/${r.datanetId}`, `datanet ${r.datanetId}`)),
        h("td", { class: "num" }, r.epoch),
        h("td", {}, countdown(BigInt(r.readyAt), block.timestamp, "countdown")),
        amountCell(adds, "adds"),
      ),
    );
  }
  root.append(
    section(
      "What pending roots will add",
      pendingRows.length === 0
        ? h("p", { id: "pending-roots-none" }, "No pending root gives you more.")
        : table(["Datanet", "Epoch", "Can be activated", "Adds to what you can claim"], pendingRows, {
            id: "pending-roots",
            "data-wei": pendingTotal.toString(),
          }),
    ),
  );

  // Stake and delegation, from the chain (the indexer's row is shown beside it when it exists).
  const gopen = c.contracts.gopen.read;
  const [staked, votes, delegate, pending, balance] = await Promise.all([
    gopen.balanceOf([me]),
    gopen.getVotes([me]),
    gopen.delegates([me]),
    gopen.pendingWithdrawal([me]),
    c.contracts.open.read.balanceOf([me]),
  ]);
  const input = h("input", { id: "stake-amount", type: "text", inputmode: "decimal", placeholder: "OPEN" });
  const amount = (): bigint => {
    const text = input.value.trim();
    try {
      return text === "" ? 0n : parseUnits(text, 18);
    } catch {
      throw new Error(`not an amount of OPEN: ${JSON.stringify(text)}`);
    }
  };
  const act = (label: string, id: string, run: (amount: bigint) => Promise<string>): HTMLButtonElement =>
    actionButton(label, { id }, () => run(amount()), rerender);
  const gopenAddress = c.config.addresses.gopen;
  const stakeButton = act("Stake", "stake", async (amount) => {
    const allowance = await c.contracts.open.read.allowance([me, gopenAddress]);
    if (allowance < amount) {
      await send(c, wallet, {
        address: c.config.addresses.open,
        abi: c.contracts.open.abi,
        functionName: "approve",
        args: [gopenAddress, amount],
      });
    }
    await send(c, wallet, { address: gopenAddress, abi: c.contracts.gopen.abi, functionName: "stake", args: [amount] });
    return `Staked ${open(amount)}`;
  });
  const unstakeButton = act("Request withdrawal", "unstake", async (amount) => {
    await send(c, wallet, {
      address: gopenAddress,
      abi: c.contracts.gopen.abi,
      functionName: "requestWithdrawal",
      args: [amount],
    });
    return `Withdrawal of ${open(amount)} requested`;
  });
  const delegateButton = act("Delegate to myself", "delegate", async () => {
    await send(c, wallet, { address: gopenAddress, abi: c.contracts.gopen.abi, functionName: "delegate", args: [me] });
    return "Votes delegated to yourself";
  });
  const withdrawButton = actionButton(
    "Withdraw",
    { id: "withdraw", disabled: pending[0] === 0n },
    async () => {
      await send(c, wallet, { address: gopenAddress, abi: c.contracts.gopen.abi, functionName: "withdraw", args: [] });
      return `Withdrew ${open(pending[0])} to your OPEN balance`;
    },
    rerender,
  );
  const noDelegate = /^0x0{40}$/i.test(delegate);
  root.append(
    section(
      "Stake and votes",
      table(
        ["", "Amount"],
        [
          h("tr", {}, h("td", {}, "OPEN balance"), amountCell(balance, "balance")),
          h("tr", {}, h("td", {}, "Staked (gOPEN)"), amountCell(staked, "staked")),
          h("tr", {}, h("td", {}, "Voting power"), amountCell(votes, "votes")),
          h(
            "tr",
            {},
            h(
              "td",
              {},
              "Pending withdrawal",
              pending[0] === 0n
                ? ""
                : h(
                    "span",
                    { class: "muted" },
                    " — can be withdrawn ",
                    countdown(pending[1], block.timestamp, "withdraw-countdown"),
                  ),
            ),
            amountCell(pending[0], "pending"),
          ),
          h(
            "tr",
            {},
            h("td", {}, "Delegate"),
            h("td", { class: "num", "data-name": "delegate" }, noDelegate ? "none" : short(delegate)),
          ),
        ],
        { id: "stake-table" },
      ),
      data.staker !== null && BigInt(data.staker.staked) !== staked
        ? h("p", { class: "error" }, `The indexer shows ${open(data.staker.staked)} staked: it is catching up.`)
        : null,
      h("p", {}, input, " ", stakeButton, " ", unstakeButton, " ", delegateButton, " ", withdrawButton),
    ),
  );
  return root;
}
