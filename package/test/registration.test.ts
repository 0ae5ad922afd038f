/// The ERC-8004 registration file: every problem line of `validateRegistration`, the builder, and the data URI that
/// embeds a file in an agent URI.
import { expect } from "chai";
import {
  buildRegistration,
  parseRegistrationURI,
  parseRegistryId,
  REGISTRATION_TYPE,
  registrationDataURI,
  registryId,
  requireValidRegistration,
  servedModelsIn,
  validateRegistration,
} from "../src/agents/index.js";
import type { AgentRegistrationFile } from "../src/agents/index.js";
import { OpenLedgerError } from "../src/errors/index.js";

const AGENTS = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const MODELS = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const AGENT_REGISTRY = `eip155:31337:${AGENTS}`;
const MODEL_REGISTRY = `eip155:31337:${MODELS}`;

/// A valid file with every optional field.
function valid(): AgentRegistrationFile {
  return {
    type: REGISTRATION_TYPE,
    name: "triage-agent",
    description: "Answers triage questions with model 1",
    image: "ipfs://image",
    services: [
      { name: "MCP", endpoint: "https://mcp.triage.example/", version: "2025-06-18" },
      { name: "OASF", endpoint: "ipfs://oasf", skills: ["nlp/summarization"], domains: ["healthcare"] },
    ],
    x402Support: false,
    active: true,
    registrations: [{ agentId: 1, agentRegistry: AGENT_REGISTRY }],
    supportedTrust: ["reputation", "crypto-economic", "tee-attestation"],
    openledger: { models: [{ modelId: 1, registry: MODEL_REGISTRY }] },
  };
}

/// The problems of the valid file with `changes` applied (undefined deletes a field).
function problems(changes: Record<string, unknown>): string[] {
  const file: Record<string, unknown> = { ...valid() };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete file[key];
    else file[key] = value;
  }
  return validateRegistration(file);
}

describe("validateRegistration", function () {
  it("passes a valid file with every optional field, and a minimal one", function () {
    expect(validateRegistration(valid())).to.deep.equal([]);
    const minimal = { type: REGISTRATION_TYPE, name: "a", description: "", services: [], active: false };
    expect(validateRegistration(minimal)).to.deep.equal([]);
  });

  it("leaves fields the standard does not define alone", function () {
    expect(problems({ homepage: "https://example.org", version: 3 })).to.deep.equal([]);
  });

  it("refuses what is not an object", function () {
    for (const file of [null, [], "x", 3]) {
      expect(validateRegistration(file)).to.deep.equal(["the registration file must be a JSON object"]);
    }
  });

  it("names a missing or wrong type", function () {
    expect(problems({ type: undefined })).to.deep.equal([`type is required: "${REGISTRATION_TYPE}"`]);
    expect(problems({ type: "https://eips.ethereum.org/EIPS/eip-8004#registration-v2" })).to.deep.equal([
      `type must be "${REGISTRATION_TYPE}", not "https://eips.ethereum.org/EIPS/eip-8004#registration-v2"`,
    ]);
  });

  it("names a missing name, description, a bad image and a bad active", function () {
    expect(problems({ name: undefined })).to.deep.equal(["name is required (a non-empty string)"]);
    expect(problems({ name: "  " })).to.deep.equal(["name is required (a non-empty string)"]);
    expect(problems({ description: 7 })).to.deep.equal(["description is required (a string)"]);
    expect(problems({ image: 7 })).to.deep.equal(["image must be a URI string, not 7"]);
    expect(problems({ active: undefined })).to.deep.equal(["active must be true or false, not undefined"]);
    expect(problems({ active: "yes" })).to.deep.equal(['active must be true or false, not "yes"']);
    expect(problems({ x402Support: 1 })).to.deep.equal(["x402Support must be true or false, not 1"]);
  });

  it("names each service without a name or an endpoint, and bad tags", function () {
    expect(problems({ services: undefined })).to.deep.equal([
      "services is required: a list of { name, endpoint } (may be empty)",
    ]);
    expect(
      problems({
        services: [
          { name: "MCP" },
          { endpoint: "https://a.example" },
          "web",
          { name: "A2A", endpoint: " ", version: 3 },
          { name: "OASF", endpoint: "ipfs://x", skills: ["ok", ""], domains: "healthcare" },
        ],
      }),
    ).to.deep.equal([
      "services[0] (MCP) has no endpoint",
      "services[1] has no name",
      "services[2] must be an object { name, endpoint }",
      "services[3] (A2A) has no endpoint",
      "services[3] (A2A).version must be a string, not 3",
      "services[4] (OASF).skills must be a list of non-empty strings",
      "services[4] (OASF).domains must be a list of non-empty strings",
    ]);
  });

  it("names a bad registration entry, a bad CAIP-10 registry and a duplicate", function () {
    expect(problems({ registrations: {} })).to.deep.equal([
      "registrations must be a list of { agentId, agentRegistry }",
    ]);
    expect(
      problems({
        registrations: [
          { agentId: 0, agentRegistry: AGENT_REGISTRY },
          { agentId: 2, agentRegistry: `eip155:0:${AGENTS}` },
          { agentId: 3, agentRegistry: "0x5FbDB2315678afecb367f032d93F642f64180aa3" },
          { agentId: 4, agentRegistry: `eip155:1:${AGENTS.toLowerCase().replace("a", "A")}` },
          7,
          { agentId: 1, agentRegistry: AGENT_REGISTRY },
          { agentId: 1, agentRegistry: AGENT_REGISTRY.toLowerCase() },
        ],
      }),
    ).to.deep.equal([
      "registrations[0].agentId must be a positive integer, not 0",
      `registrations[1].agentRegistry "eip155:0:${AGENTS}" must be eip155:<chainId>:<address>`,
      'registrations[2].agentRegistry "0x5FbDB2315678afecb367f032d93F642f64180aa3" must be eip155:<chainId>:<address>',
      `registrations[3].agentRegistry "eip155:1:${AGENTS.toLowerCase().replace("a", "A")}" must be eip155:<chainId>:<address>`,
      "registrations[4] must be an object { agentId, agentRegistry }",
      `registrations[6]: agent 1 of ${AGENT_REGISTRY} is listed twice`,
    ]);
  });

  it("names an unknown trust model, a repeated one, and a list that is not one", function () {
    expect(problems({ supportedTrust: ["reputation", "magic", "reputation"] })).to.deep.equal([
      'supportedTrust[1] "magic" is not a trust model: reputation, crypto-economic, tee-attestation',
      'supportedTrust[2] "reputation" is listed twice',
    ]);
    expect(problems({ supportedTrust: "reputation" })).to.deep.equal([
      "supportedTrust must be a list of trust models: reputation, crypto-economic, tee-attestation",
    ]);
  });

  it("names a bad served model, a bad registry and a duplicate model", function () {
    expect(problems({ openledger: { models: "1" } })).to.deep.equal([
      "openledger must be an object { models: [{ modelId, registry }] }",
    ]);
    expect(
      problems({
        openledger: {
          models: [
            { modelId: 1, registry: MODEL_REGISTRY },
            { modelId: "2", registry: MODEL_REGISTRY },
            { modelId: 3, registry: "eip155:31337:models" },
            null,
            { modelId: 1, registry: MODEL_REGISTRY.toLowerCase() },
          ],
        },
      }),
    ).to.deep.equal([
      'openledger.models[1].modelId must be a positive integer, not "2"',
      'openledger.models[2].registry "eip155:31337:models" must be eip155:<chainId>:<address>',
      "openledger.models[3] must be an object { modelId, registry }",
      `openledger.models[4]: model 1 of ${MODEL_REGISTRY} is listed twice`,
    ]);
  });

  it("lists every problem of a file at once", function () {
    const lines = validateRegistration({ type: "agent", services: [{}], active: 1, supportedTrust: ["x"] });
    expect(lines).to.have.length(7);
    expect(() => requireValidRegistration({ type: "agent" }, "agent.json"))
      .to.throw(OpenLedgerError)
      .with.property("message")
      .that.matches(/^agent\.json has 5 problems: type must be .*; name is required/);
    expect(() => requireValidRegistration({ ...valid(), name: "" })).to.throw(
      "the registration file has 1 problem: name is required (a non-empty string)",
    );
  });
});

describe("buildRegistration", function () {
  it("builds a valid file with the registration entry and the served models", function () {
    const file = buildRegistration({
      name: "triage-agent",
      description: "d",
      services: [{ name: "MCP", endpoint: "https://mcp.example/" }],
      supportedTrust: ["crypto-economic"],
      chainId: 31337n,
      agentId: 4n,
      agentRegistry: AGENTS.toLowerCase(),
      models: [1n, 2n],
      modelRegistry: MODELS,
    });

    expect(file).to.deep.equal({
      type: REGISTRATION_TYPE,
      name: "triage-agent",
      description: "d",
      services: [{ name: "MCP", endpoint: "https://mcp.example/" }],
      active: true,
      registrations: [{ agentId: 4, agentRegistry: AGENT_REGISTRY }],
      supportedTrust: ["crypto-economic"],
      openledger: {
        models: [
          { modelId: 1, registry: MODEL_REGISTRY },
          { modelId: 2, registry: MODEL_REGISTRY },
        ],
      },
    });
    expect(servedModelsIn(file, MODEL_REGISTRY.toLowerCase())).to.deep.equal([1n, 2n]);
    expect(servedModelsIn(file, `eip155:1:${MODELS}`)).to.deep.equal([]);
    expect(servedModelsIn(file, "nonsense")).to.deep.equal([]);
  });

  it("refuses an incomplete registration entry, served models without a registry and a bad file", function () {
    expect(() => buildRegistration({ name: "a", description: "", agentId: 1n })).to.throw(
      "a registration entry needs the chain id, the agent id and the AgentRegistry address",
    );
    expect(() => buildRegistration({ name: "a", description: "", models: [1n] })).to.throw(
      "served models need the chain id and the ModelRegistry address",
    );
    expect(() => buildRegistration({ name: "", description: "" })).to.throw(
      "the registration file has 1 problem: name is required (a non-empty string)",
    );
    expect(() =>
      buildRegistration({ name: "a", description: "", chainId: 1n, modelRegistry: MODELS, models: [2n ** 60n] }),
    ).to.throw(`model id ${(2n ** 60n).toString()} is too large for a registration file`);
  });
});

describe("registrationDataURI and parseRegistrationURI", function () {
  it("round-trip a file, UTF-8 included", function () {
    const file = { ...valid(), description: "Répond en français — 日本語も" };
    const uri = registrationDataURI(file);

    expect(uri.startsWith("data:application/json;base64,")).to.equal(true);
    expect(parseRegistrationURI(uri)).to.deep.equal(file);
    const plain = `data:application/json,${encodeURIComponent(JSON.stringify(file))}`;
    expect(parseRegistrationURI(plain)).to.deep.equal(file);
  });

  it("give undefined for a URI to fetch and for data that is not JSON", function () {
    expect(parseRegistrationURI("ipfs://bafy")).to.equal(undefined);
    expect(parseRegistrationURI("data:application/json;base64,bm90IGpzb24=")).to.equal(undefined);
  });

  it("name registries as CAIP-10 with a checksummed address", function () {
    expect(registryId(31337n, AGENTS.toLowerCase())).to.equal(AGENT_REGISTRY);
    expect(parseRegistryId(AGENT_REGISTRY)).to.deep.equal({ chainId: 31337n, address: AGENTS });
    expect(parseRegistryId(`eip155:01:${AGENTS}`)).to.equal(undefined);
  });
});
