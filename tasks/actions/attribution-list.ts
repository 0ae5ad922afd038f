/// attribution:list — every datanet's epochs and roots (or one datanet's, with --datanet), in the order they were
/// posted: status by name (pending, active, vetoed, superseded, discarded), total in OPEN, and when each was posted
/// and becomes claimable, relative to the chain's now. The reads are the SDK's `attributionRoots`.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { attributionRoots } from "../../package/src/index.js";
import type { AttributionRootsReturnType } from "../../package/src/index.js";
import { clientFor, formatOpen, formatTime, getSuite, printResult, runTask, OpenLedgerError } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";

export interface ListArgs extends CommonArgs {
  datanet: bigint;
  fromBlock: number;
}

export default runTask(async (args: ListArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const client = clientFor(suite, suite.connection.ethers.provider);
  const count = await client.datanets.datanetCount();
  const datanet = BigInt(args.datanet ?? 0n);
  if (datanet > count) throw new OpenLedgerError(`datanet ${datanet} does not exist: there are ${count} datanets`);
  const ids = datanet > 0n ? [datanet] : Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
  const lists: AttributionRootsReturnType[] = [];
  for (const datanetId of ids)
    lists.push(await attributionRoots(client, { datanetId, fromBlock: args.fromBlock ?? 0 }));
  if (args.json) {
    printResult({ datanets: lists.map((l) => ({ datanet: l.datanetId, roots: l.roots })) }, true);
    return;
  }
  if (lists.length === 0) process.stdout.write("no datanet yet\n");
  for (const { datanetId, roots, now } of lists) {
    const n = roots.length;
    process.stdout.write(`datanet ${datanetId}: ${n === 0 ? "no root yet" : `${n} root${n === 1 ? "" : "s"}`}\n`);
    for (const r of roots) {
      const ready = r.readyAt === 0n ? "" : `, claimable from ${formatTime(r.readyAt, now)}`;
      process.stdout.write(
        `  epoch ${r.epoch}  ${r.status.padEnd(10)}  ${formatOpen(r.cumulativeTotal)}  root ${r.root}\n` +
          `    posted ${formatTime(r.postedAt, now)} by ${r.postedBy}${ready}${r.uri === "" ? "" : `, uri ${r.uri}`}\n`,
      );
    }
  }
});
