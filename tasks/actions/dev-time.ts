import { formatDuration, formatTime } from "../../package/src/format/index.js";
import { OpenLedgerError, latestTimestamp, parseDuration, parseUint, printResult, runTask } from "../lib/index.js";
import { requireLocal } from "./dev-common.js";

interface Args {
  advance: string;
  to: string;
  json: boolean;
}

export default runTask(async (args: Args, hre) => {
  const connection = await hre.network.getOrCreate();
  requireLocal(connection, "dev:time");
  const advance = args.advance.trim();
  const toText = args.to.trim();
  if (advance !== "" && toText !== "")
    throw new OpenLedgerError("give either --advance <duration> or --to <unix time>, not both");
  if (advance === "" && toText === "")
    throw new OpenLedgerError("--advance <duration> or --to <unix time> is required");

  const provider = connection.provider;
  const before = await latestTimestamp(connection);
  if (advance !== "") {
    const seconds = parseDuration("advance", advance);
    await provider.request({ method: "evm_increaseTime", params: [Number(seconds)] });
  } else {
    const target = parseUint(toText, "--to");
    if (target <= before) {
      throw new OpenLedgerError(
        `--to ${target.toString()} is not after the latest block (${formatTime(before, before)}, ${before.toString()})`,
      );
    }
    await provider.request({ method: "evm_setNextBlockTimestamp", params: [Number(target)] });
  }
  await provider.request({ method: "evm_mine", params: [] });
  const now = await latestTimestamp(connection);
  printResult(
    {
      previous: args.json ? before : formatTime(before, now),
      timestamp: args.json ? now : formatTime(now, now),
      advanced: args.json ? now - before : formatDuration(now - before),
    },
    args.json,
  );
});
