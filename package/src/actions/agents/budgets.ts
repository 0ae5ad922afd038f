/// Spending budgets: a principal gives an agent's wallet an amount of OPEN per period until an expiry, optionally on
/// some models only, and the suite's spenders (Settlement) charge it when the agent settles on the principal's
/// behalf. The OPEN moves from the principal, who approves SpendingBudgets: `grantBudget` approves it when the
/// allowance is short of what the budget may spend before it expires, and says so.
import type {
  BudgetGrantedEvent,
  BudgetLoweredEvent,
  BudgetRevokedEvent,
} from "../../../../typechain-types/agents/SpendingBudgets.js";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { formatOpen } from "../../format/index.js";
import { ensureAllowance, eventIn, preflight, sendAndWait } from "../internal/send.js";
import { chainNow, signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";
import { isoTime } from "./internal.js";

export interface GetBudgetParameters {
  principal: string;
  /// The agent's wallet.
  agent: string;
}

export interface GetBudgetReturnType {
  principal: string;
  agent: string;
  /// False when the principal gave the agent no budget (every amount below is then 0).
  exists: boolean;
  /// OPEN wei per period.
  amountPerPeriod: bigint;
  /// Seconds.
  period: bigint;
  /// When it expires (charges are refused from this time on), and as an ISO date.
  expiry: bigint;
  expiryISO: string | null;
  expired: boolean;
  /// What the current period's charges add up to, and what is left of it (0 once expired).
  spentInPeriod: bigint;
  available: bigint;
  /// The current period: [start, end), as unix times and ISO dates.
  periodStart: bigint;
  periodEnd: bigint;
  periodStartISO: string | null;
  periodEndISO: string | null;
  /// The models it may be spent on; empty for any.
  modelIds: bigint[];
  /// What the principal allows SpendingBudgets to take (shared by all its budgets), and what it holds.
  allowance: bigint;
  balance: bigint;
  /// The chain's time the budget was read at.
  now: bigint;
}

/// The budget that `principal` gave `agent`, with what is left of the current period and the principal's allowance.
export async function getBudget(client: Client, params: GetBudgetParameters): Promise<GetBudgetReturnType> {
  const { principal, agent } = params;
  const spender = client.addresses.budgets;
  const [b, available, allowance, balance, now] = await Promise.all([
    client.budgets.budget(principal, agent),
    client.budgets.available(principal, agent),
    client.open.allowance(principal, spender),
    client.open.balanceOf(principal),
    chainNow(client),
  ]);
  const exists = b.expiry !== 0n;
  const periodEnd = exists ? b.periodStart + b.period : 0n;
  return {
    principal,
    agent,
    exists,
    amountPerPeriod: b.amountPerPeriod,
    period: b.period,
    expiry: b.expiry,
    expiryISO: isoTime(b.expiry),
    expired: exists && now >= b.expiry,
    spentInPeriod: b.spentInPeriod,
    available,
    periodStart: b.periodStart,
    periodEnd,
    periodStartISO: exists ? isoTime(b.periodStart) : null,
    periodEndISO: isoTime(periodEnd),
    modelIds: [...b.modelIds],
    allowance,
    balance,
    now,
  };
}

/// The most a budget may spend from `now` until `expiry`: one amount per period begun before it expires.
export function budgetLifetimeMax(amountPerPeriod: bigint, period: bigint, now: bigint, expiry: bigint): bigint {
  if (expiry <= now || period === 0n) return 0n;
  return amountPerPeriod * ((expiry - now + period - 1n) / period);
}

export interface GrantBudgetParameters extends ActionOptions {
  /// The agent's wallet.
  agent: string;
  /// OPEN wei per period.
  amountPerPeriod: bigint;
  /// Seconds.
  period: bigint;
  /// Unix time: charges are refused from then on.
  expiry: bigint;
  /// The models it may be spent on (default: any).
  modelIds?: bigint[];
  /// What SpendingBudgets should be allowed to take of the principal's OPEN (default: the most this budget may
  /// spend before it expires). Approved, exactly, only when the allowance is lower; 0 approves nothing.
  allowance?: bigint;
}

export interface GrantBudgetReturnType extends WriteResult<BudgetGrantedEvent.OutputObject> {
  /// The allowance the action aimed at, and the one SpendingBudgets has now.
  allowanceWanted: bigint;
  allowance: bigint;
  /// Whether a budget was replaced.
  replaced: boolean;
}

/// Gives `agent` a budget of the signer's OPEN, replacing any it had. The grant's static call is checked before
/// anything is sent; then SpendingBudgets is approved if the allowance is short (reported through `onProgress`).
export async function grantBudget(client: Client, params: GrantBudgetParameters): Promise<GrantBudgetReturnType> {
  const { address } = await signerOf(client, "grantBudget");
  const { agent, amountPerPeriod, period, expiry } = params;
  const modelIds = [...(params.modelIds ?? [])];
  const now = await chainNow(client);
  if (expiry <= now) {
    throw new OpenLedgerError(`the budget's expiry ${isoTime(expiry) ?? "0"} is not after now (${isoTime(now) ?? ""})`);
  }
  const seen = new Set<bigint>();
  for (const id of modelIds) {
    if (seen.has(id)) throw new OpenLedgerError(`model ${id.toString(10)} is listed twice`);
    seen.add(id);
  }
  const replaced = (await client.budgets.budget(address, agent)).expiry !== 0n;
  const call = [agent, amountPerPeriod, period, expiry, modelIds] as const;
  await preflight(client, () => client.budgets.grant.staticCall(...call));
  const allowanceWanted = params.allowance ?? budgetLifetimeMax(amountPerPeriod, period, now, expiry);
  const spender = client.addresses.budgets;
  const approval = await ensureAllowance(client, address, spender, allowanceWanted, {
    onProgress: (p) =>
      params.onProgress?.({
        ...p,
        message:
          `approving SpendingBudgets for ${formatOpen(allowanceWanted)}` +
          (params.allowance === undefined ? ", the most this budget may spend" : ""),
      }),
  });
  const receipt = await sendAndWait(
    client.budgets.grant(...call),
    `granting ${agent} ${formatOpen(amountPerPeriod)} per period`,
    params,
  );
  const event = eventIn<BudgetGrantedEvent.OutputObject>(receipt, client.budgets, "BudgetGranted");
  const allowance = await client.open.allowance(address, spender);
  return { receipt, event, approval, allowanceWanted, allowance, replaced };
}

/// The one-line refusal when `principal` gave `agent` no budget.
function noBudget(principal: string, agent: string): OpenLedgerError {
  return new OpenLedgerError(`${principal} gave ${agent} no spending budget`);
}

export interface LowerBudgetParameters extends ActionOptions {
  agent: string;
  /// The new OPEN wei per period, below the current one (0 freezes the budget).
  amountPerPeriod: bigint;
}

export interface LowerBudgetReturnType extends WriteResult<BudgetLoweredEvent.OutputObject> {
  previous: bigint;
}

/// Lowers the amount per period of the signer's budget for `agent`, from the current period on.
export async function lowerBudget(client: Client, params: LowerBudgetParameters): Promise<LowerBudgetReturnType> {
  const { address } = await signerOf(client, "lowerBudget");
  const { agent, amountPerPeriod } = params;
  const b = await client.budgets.budget(address, agent);
  if (b.expiry === 0n) throw noBudget(address, agent);
  if (amountPerPeriod >= b.amountPerPeriod) {
    throw new OpenLedgerError(
      `${formatOpen(amountPerPeriod)} per period is not below the budget's ${formatOpen(b.amountPerPeriod)}`,
    );
  }
  await preflight(client, () => client.budgets.lower.staticCall(agent, amountPerPeriod));
  const receipt = await sendAndWait(
    client.budgets.lower(agent, amountPerPeriod),
    `lowering the budget of ${agent} to ${formatOpen(amountPerPeriod)} per period`,
    params,
  );
  const event = eventIn<BudgetLoweredEvent.OutputObject>(receipt, client.budgets, "BudgetLowered");
  return { receipt, event, previous: b.amountPerPeriod };
}

export interface RevokeBudgetParameters extends ActionOptions {
  agent: string;
}

export type RevokeBudgetReturnType = WriteResult<BudgetRevokedEvent.OutputObject>;

/// Revokes the signer's budget for `agent`. The allowance to SpendingBudgets stays as it is (other budgets share it).
export async function revokeBudget(client: Client, params: RevokeBudgetParameters): Promise<RevokeBudgetReturnType> {
  const { address } = await signerOf(client, "revokeBudget");
  const { agent } = params;
  if ((await client.budgets.budget(address, agent)).expiry === 0n) throw noBudget(address, agent);
  await preflight(client, () => client.budgets.revoke.staticCall(agent));
  const receipt = await sendAndWait(client.budgets.revoke(agent), `revoking the budget of ${agent}`, params);
  return { receipt, event: eventIn<BudgetRevokedEvent.OutputObject>(receipt, client.budgets, "BudgetRevoked") };
}
