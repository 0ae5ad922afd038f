/// budget:grant — gives an agent's wallet a spending budget of the principal's OPEN (`--from`) through the SDK's
/// `grantBudget`: `--amount` per `--period` until `--expiry` (a duration from the chain's now, or an ISO date), on
/// `--models` only if given. SpendingBudgets is approved first when the principal's allowance is short of
/// `--allowance` (default: the most the budget may spend before it expires), and the output says so.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { grantBudget, isoTime } from "../../package/src/actions/index.js";
import {
  clientAndSigner,
  latestTimestamp,
  parseDuration,
  parseOpen,
  printProgress,
  printResult,
  required,
  runTask,
  unitsFor,
} from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { addressOf, parseExpiry, parseIdList } from "./agent-common.js";

interface Args extends SendArgs {
  agentWallet: string | undefined;
  amount: string | undefined;
  period: string | undefined;
  expiry: string | undefined;
  models: string | undefined;
  allowance: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const amountPerPeriod = parseOpen(required("amount", args.amount));
  const period = parseDuration("period", required("period", args.period));
  const expiryText = required("expiry", args.expiry);
  const modelIds = args.models === undefined || args.models.trim() === "" ? [] : parseIdList("models", args.models);
  const allowance = args.allowance === undefined ? undefined : parseOpen(args.allowance, "--allowance", true);
  const { suite, client, signer } = await clientAndSigner(hre, args);
  const agent = await addressOf(suite.connection, "agent-wallet", args.agentWallet);
  const expiry = parseExpiry("expiry", expiryText, await latestTimestamp(suite.connection));
  const result = await grantBudget(client, {
    agent,
    amountPerPeriod,
    period,
    expiry,
    modelIds,
    allowance,
    onProgress: args.json ? undefined : printProgress,
  });
  const { open, seconds } = unitsFor(args.json);
  const approved = args.json
    ? (result.approval ?? null)
    : result.approval === undefined
      ? `none needed (SpendingBudgets may already take ${open(result.allowance)})`
      : `${result.approval} (SpendingBudgets may now take ${open(result.allowanceWanted)})`;
  printResult(
    {
      principal: signer.address,
      agent,
      amountPerPeriod: open(amountPerPeriod),
      period: seconds(period),
      expiry: args.json ? expiry : isoTime(expiry),
      models: args.json ? modelIds : modelIds.length === 0 ? "any" : modelIds,
      replaced: result.replaced,
      allowance: open(result.allowance),
      approval: approved,
      tx: result.receipt.hash,
    },
    args.json,
  );
});
