import path from "node:path";
import { relayVote } from "../../package/src/actions/index.js";
import { parseSignedBallot } from "../../package/src/governance/index.js";
import { readJsonFile } from "../../package/src/node/index.js";
import { clientAndSigner, printResult, runTask, OpenLedgerError } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { voteOut } from "./gov-common.js";

interface Args extends SendArgs {
  file: string;
}

export default runTask(async (args: Args, hre) => {
  if (args.file.trim() === "")
    throw new OpenLedgerError("--file <signed ballot> is required (write one with gov:sign-vote)");
  const file = path.resolve(args.file.trim());
  const ballot = parseSignedBallot(readJsonFile(file, args.file), path.basename(file));
  const { client } = await clientAndSigner(hre, args);
  const r = await relayVote(client, { ballot });
  printResult(voteOut(r, args.json, { relayer: r.relayer }), args.json);
});
