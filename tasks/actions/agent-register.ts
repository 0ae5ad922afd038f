/// agent:register — registers an agent through the SDK's `registerAgent`: with `--uri` as it is, or with `--file`, a
/// registration file checked (every problem in one line) and embedded as a data URI; `--metadata key=value,…` writes
/// on-chain metadata. Prints the agent's id, owner, wallet and URI.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getAddress } from "ethers";
import { registerAgent } from "../../package/src/actions/index.js";
import type { AgentMetadataInput } from "../../package/src/actions/index.js";
import { registryId, requireValidRegistration, servedModelsIn } from "../../package/src/agents/index.js";
import type { AgentRegistrationFile } from "../../package/src/agents/index.js";
import { OpenLedgerError, clientAndSigner, printResult, runTask } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  uri: string | undefined;
  file: string | undefined;
  metadata: string | undefined;
}

/// `key=value,key2=value2` as metadata entries.
function parseMetadata(value: string | undefined): AgentMetadataInput[] {
  if (value === undefined || value.trim() === "") return [];
  return value.split(",").map((entry) => {
    const at = entry.indexOf("=");
    const key = at < 0 ? "" : entry.slice(0, at).trim();
    if (key === "") throw new OpenLedgerError(`--metadata entries must be key=value, not "${entry.trim()}"`);
    return { key, value: entry.slice(at + 1).trim() };
  });
}

/// The registration file at `file`, parsed and checked: a one-line error naming the file otherwise.
function readRegistration(file: string): AgentRegistrationFile {
  let text: string;
  try {
    text = readFileSync(path.resolve(file), "utf8");
  } catch (err: unknown) {
    throw new OpenLedgerError(
      `cannot read the registration file ${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err: unknown) {
    throw new OpenLedgerError(
      `${path.basename(file)} is not JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return requireValidRegistration(parsed, path.basename(file));
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const uri = args.uri?.trim() || undefined;
  const fileName = args.file?.trim() || undefined;
  if (uri !== undefined && fileName !== undefined) {
    throw new OpenLedgerError("give --uri or --file, not both");
  }
  if (uri === undefined && fileName === undefined) {
    throw new OpenLedgerError("--uri <agent URI> or --file <registration.json> is required");
  }
  const file = fileName === undefined ? undefined : readRegistration(fileName);
  const metadata = parseMetadata(args.metadata);
  const { suite, client } = await clientAndSigner(hre, args);
  const result = await registerAgent(client, { uri, file, metadata });
  // The models the file says the agent serves on this suite: declared on-chain by agent:models.
  const models =
    file === undefined ? [] : servedModelsIn(file, registryId(suite.deployment.chainId, client.addresses.models));
  const wallet = result.metadata.find((m) => m.metadataKey === "agentWallet");
  const name = file === undefined ? null : file.name;
  const next =
    models.length === 0
      ? null
      : `npx hardhat agent:models --agent ${result.agentId.toString(10)} --declare ${models.join(",")} ` +
        `--network ${suite.connection.networkName}`;
  printResult(
    {
      agent: result.agentId,
      name: name ?? (args.json ? null : "-"),
      owner: result.event.owner,
      wallet: wallet === undefined ? null : getAddress(wallet.metadataValue),
      uri: args.json || result.uri.length <= 96 ? result.uri : `${result.uri.slice(0, 93)}…`,
      metadata: args.json
        ? Object.fromEntries(metadata.map((m) => [m.key, m.value]))
        : metadata.length === 0
          ? "-"
          : metadata.map((m) => `${m.key}=${String(m.value)}`),
      tx: result.receipt.hash,
      ...(args.json || next !== null ? { next } : {}),
    },
    args.json,
  );
});
