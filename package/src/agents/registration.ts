/// The ERC-8004 registration file of an agent: what its agent URI resolves to. Its type, the checks of a file
/// (`validateRegistration`, one line per problem), a builder (`buildRegistration`) and the data URI that embeds a file
/// in the agent URI itself (`registrationDataURI`, read back by `parseRegistrationURI`). Pure: the same in Node and in
/// a browser.
///
/// ERC-8004 lets a registration file carry fields of its own beside the standard ones. The suite's extension lives
/// under one key, `openledger`, so that it cannot collide with a future standard field: `openledger.models` lists the
/// models of the suite's ModelRegistry that the agent serves, each named by its id and its registry as
/// `eip155:<chainId>:<address>`, the same form as the standard `registrations[].agentRegistry`. A reader that knows
/// nothing of the suite ignores it.
import { decodeBase64, encodeBase64, getAddress, isAddress, toUtf8Bytes, toUtf8String } from "ethers";
import { OpenLedgerError } from "../errors/index.js";

/// The `type` of every registration file of this version.
export const REGISTRATION_TYPE = "https://eips.ethereum.org/EIPS/eip-8004#registration-v1";

/// The trust models a registration file may name in `supportedTrust`.
export const TRUST_MODELS = ["reputation", "crypto-economic", "tee-attestation"] as const;
export type TrustModel = (typeof TRUST_MODELS)[number];

/// The prefix of a registration file embedded in an agent URI.
export const REGISTRATION_DATA_URI_PREFIX = "data:application/json;base64,";

/// One way to reach the agent: `{ name: "MCP", endpoint: "https://mcp.agent.example/", version: "2025-06-18" }`.
/// `skills` and `domains` are taxonomy tags (OASF).
export interface AgentService {
  name: string;
  endpoint: string;
  version?: string;
  skills?: string[];
  domains?: string[];
}

/// Where the agent is registered: its ERC-721 id in an identity registry named `eip155:<chainId>:<address>`.
export interface AgentRegistrationEntry {
  agentId: number;
  agentRegistry: string;
}

/// A model the agent serves: its id in the ModelRegistry named `eip155:<chainId>:<address>`.
export interface ServedModelEntry {
  modelId: number;
  registry: string;
}

/// The suite's extension of the file.
export interface OpenLedgerExtension {
  models: ServedModelEntry[];
}

/// An ERC-8004 registration file (registration-v1), with the suite's extension. `registrations` is filled in once the
/// agent has an id, which a file embedded at registration cannot know yet.
export interface AgentRegistrationFile {
  type: typeof REGISTRATION_TYPE;
  name: string;
  description: string;
  image?: string;
  services: AgentService[];
  x402Support?: boolean;
  active: boolean;
  registrations?: AgentRegistrationEntry[];
  supportedTrust?: TrustModel[];
  openledger?: OpenLedgerExtension;
}

/// `eip155:<chainId>:<address>` (CAIP-10), with the address checksummed: how a file names a registry.
export function registryId(chainId: bigint | number, address: string): string {
  return `eip155:${chainId.toString(10)}:${getAddress(address)}`;
}

/// The chain id and the address of `eip155:<chainId>:<address>`; undefined for anything else.
export function parseRegistryId(text: string): { chainId: bigint; address: string } | undefined {
  const match = /^eip155:([1-9][0-9]{0,77}):(0x[0-9a-fA-F]{40})$/.exec(text);
  if (match === null || !isAddress(match[2])) return undefined;
  return { chainId: BigInt(match[1]), address: getAddress(match[2]) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

function isId(value: unknown, min: number): boolean {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= min;
}

function checkStrings(value: unknown, where: string, problems: string[]): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string" || item.trim() === "")) {
    problems.push(`${where} must be a list of non-empty strings`);
  }
}

function checkServices(value: unknown, problems: string[]): void {
  if (!Array.isArray(value)) {
    problems.push("services is required: a list of { name, endpoint } (may be empty)");
    return;
  }
  value.forEach((service: unknown, i) => {
    const where = `services[${i}]`;
    if (!isObject(service)) {
      problems.push(`${where} must be an object { name, endpoint }`);
      return;
    }
    const named = typeof service.name === "string" && service.name.trim() !== "";
    if (!named) problems.push(`${where} has no name`);
    const label = named ? `${where} (${String(service.name)})` : where;
    if (typeof service.endpoint !== "string" || service.endpoint.trim() === "") {
      problems.push(`${label} has no endpoint`);
    }
    if (service.version !== undefined && typeof service.version !== "string") {
      problems.push(`${label}.version must be a string, not ${shown(service.version)}`);
    }
    checkStrings(service.skills, `${label}.skills`, problems);
    checkStrings(service.domains, `${label}.domains`, problems);
  });
}

function checkRegistry(value: unknown, where: string, problems: string[]): string | undefined {
  if (typeof value === "string") {
    const parsed = parseRegistryId(value);
    if (parsed !== undefined) return registryId(parsed.chainId, parsed.address);
  }
  problems.push(`${where} ${shown(value)} must be eip155:<chainId>:<address>`);
  return undefined;
}

function checkRegistrations(value: unknown, problems: string[]): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    problems.push("registrations must be a list of { agentId, agentRegistry }");
    return;
  }
  const seen = new Set<string>();
  value.forEach((entry: unknown, i) => {
    const where = `registrations[${i}]`;
    if (!isObject(entry)) {
      problems.push(`${where} must be an object { agentId, agentRegistry }`);
      return;
    }
    const idOk = isId(entry.agentId, 1);
    if (!idOk) problems.push(`${where}.agentId must be a positive integer, not ${shown(entry.agentId)}`);
    const registry = checkRegistry(entry.agentRegistry, `${where}.agentRegistry`, problems);
    if (!idOk || registry === undefined) return;
    const key = `${String(entry.agentId)}@${registry}`;
    if (seen.has(key)) problems.push(`${where}: agent ${String(entry.agentId)} of ${registry} is listed twice`);
    seen.add(key);
  });
}

function checkTrust(value: unknown, problems: string[]): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    problems.push(`supportedTrust must be a list of trust models: ${TRUST_MODELS.join(", ")}`);
    return;
  }
  const seen = new Set<unknown>();
  value.forEach((model: unknown, i) => {
    if (!(TRUST_MODELS as readonly unknown[]).includes(model)) {
      problems.push(`supportedTrust[${i}] ${shown(model)} is not a trust model: ${TRUST_MODELS.join(", ")}`);
    } else if (seen.has(model)) {
      problems.push(`supportedTrust[${i}] ${shown(model)} is listed twice`);
    }
    seen.add(model);
  });
}

function checkExtension(value: unknown, problems: string[]): void {
  if (value === undefined) return;
  if (!isObject(value) || !Array.isArray(value.models)) {
    problems.push("openledger must be an object { models: [{ modelId, registry }] }");
    return;
  }
  const seen = new Set<string>();
  value.models.forEach((entry: unknown, i) => {
    const where = `openledger.models[${i}]`;
    if (!isObject(entry)) {
      problems.push(`${where} must be an object { modelId, registry }`);
      return;
    }
    const idOk = isId(entry.modelId, 1);
    if (!idOk) problems.push(`${where}.modelId must be a positive integer, not ${shown(entry.modelId)}`);
    const registry = checkRegistry(entry.registry, `${where}.registry`, problems);
    if (!idOk || registry === undefined) return;
    const key = `${String(entry.modelId)}@${registry}`;
    if (seen.has(key)) problems.push(`${where}: model ${String(entry.modelId)} of ${registry} is listed twice`);
    seen.add(key);
  });
}

/// Every problem of a registration file, one line each (empty for a valid file): the type, the name, the description,
/// each service, `active`, each registration, each trust model and each served model. Fields that the standard does
/// not define are left alone, as ERC-8004 allows them.
export function validateRegistration(file: unknown): string[] {
  if (!isObject(file)) return ["the registration file must be a JSON object"];
  const problems: string[] = [];
  if (file.type === undefined) problems.push(`type is required: "${REGISTRATION_TYPE}"`);
  else if (file.type !== REGISTRATION_TYPE)
    problems.push(`type must be "${REGISTRATION_TYPE}", not ${shown(file.type)}`);
  if (typeof file.name !== "string" || file.name.trim() === "") problems.push("name is required (a non-empty string)");
  if (typeof file.description !== "string") problems.push("description is required (a string)");
  if (file.image !== undefined && typeof file.image !== "string") {
    problems.push(`image must be a URI string, not ${shown(file.image)}`);
  }
  checkServices(file.services, problems);
  if (file.x402Support !== undefined && typeof file.x402Support !== "boolean") {
    problems.push(`x402Support must be true or false, not ${shown(file.x402Support)}`);
  }
  if (typeof file.active !== "boolean") problems.push(`active must be true or false, not ${shown(file.active)}`);
  checkRegistrations(file.registrations, problems);
  checkTrust(file.supportedTrust, problems);
  checkExtension(file.openledger, problems);
  return problems;
}

/// Throws one OpenLedgerError that lists every problem of `file`, unless it is valid; `label` names the file.
export function requireValidRegistration(file: unknown, label = "the registration file"): AgentRegistrationFile {
  const problems = validateRegistration(file);
  if (problems.length === 0) return file as AgentRegistrationFile;
  const count = problems.length === 1 ? "1 problem" : `${problems.length.toString(10)} problems`;
  throw new OpenLedgerError(`${label} has ${count}: ${problems.join("; ")}`);
}

export interface BuildRegistrationParameters {
  name: string;
  description: string;
  image?: string;
  services?: AgentService[];
  /// Default true.
  active?: boolean;
  x402Support?: boolean;
  supportedTrust?: TrustModel[];
  /// The chain of the registries below.
  chainId?: bigint;
  /// The agent's id, once registered, and the AgentRegistry's address: `registrations[0]`.
  agentId?: bigint;
  agentRegistry?: string;
  /// The models served, and the ModelRegistry's address: `openledger.models`.
  models?: bigint[];
  modelRegistry?: string;
}

function safeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < 0n) {
    throw new OpenLedgerError(`${what} ${value.toString(10)} is too large for a registration file`);
  }
  return Number(value);
}

/// A registration file from its parts, checked: an OpenLedgerError lists every problem. The registration entry is
/// written when the chain, the agent and the AgentRegistry are given, the served models when the chain and the
/// ModelRegistry are.
export function buildRegistration(params: BuildRegistrationParameters): AgentRegistrationFile {
  const file: AgentRegistrationFile = {
    type: REGISTRATION_TYPE,
    name: params.name,
    description: params.description,
    ...(params.image === undefined ? {} : { image: params.image }),
    services: params.services ?? [],
    ...(params.x402Support === undefined ? {} : { x402Support: params.x402Support }),
    active: params.active ?? true,
  };
  const { chainId } = params;
  if (params.agentId !== undefined || params.agentRegistry !== undefined) {
    if (chainId === undefined || params.agentId === undefined || params.agentRegistry === undefined) {
      throw new OpenLedgerError("a registration entry needs the chain id, the agent id and the AgentRegistry address");
    }
    const agentId = safeNumber(params.agentId, "agent id");
    file.registrations = [{ agentId, agentRegistry: registryId(chainId, params.agentRegistry) }];
  }
  if (params.supportedTrust !== undefined) file.supportedTrust = [...params.supportedTrust];
  if (params.models !== undefined && params.models.length > 0) {
    if (chainId === undefined || params.modelRegistry === undefined) {
      throw new OpenLedgerError("served models need the chain id and the ModelRegistry address");
    }
    const registry = registryId(chainId, params.modelRegistry);
    file.openledger = { models: params.models.map((id) => ({ modelId: safeNumber(id, "model id"), registry })) };
  }
  return requireValidRegistration(file);
}

/// `file` embedded in an agent URI: `data:application/json;base64,…` of its JSON.
export function registrationDataURI(file: AgentRegistrationFile): string {
  return `${REGISTRATION_DATA_URI_PREFIX}${encodeBase64(toUtf8Bytes(JSON.stringify(file)))}`;
}

/// The JSON an agent URI embeds (`data:application/json;base64,…` or `data:application/json,<percent-encoded>`), not
/// checked; undefined for any other URI (`ipfs://`, `https://`), which must be fetched, or for data that is not JSON.
export function parseRegistrationURI(uri: string): unknown {
  let text: string;
  try {
    if (uri.startsWith(REGISTRATION_DATA_URI_PREFIX)) {
      text = toUtf8String(decodeBase64(uri.slice(REGISTRATION_DATA_URI_PREFIX.length)));
    } else if (uri.startsWith("data:application/json,")) {
      text = decodeURIComponent(uri.slice("data:application/json,".length));
    } else {
      return undefined;
    }
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/// The models a registration file says the agent serves on the ModelRegistry `registry` (`eip155:<chainId>:<address>`).
export function servedModelsIn(file: AgentRegistrationFile, registry: string): bigint[] {
  const parsed = parseRegistryId(registry);
  if (parsed === undefined) return [];
  const wanted = registryId(parsed.chainId, parsed.address);
  return (file.openledger?.models ?? [])
    .filter((m) => {
      const p = parseRegistryId(m.registry);
      return p !== undefined && registryId(p.chainId, p.address) === wanted;
    })
    .map((m) => BigInt(m.modelId));
}
