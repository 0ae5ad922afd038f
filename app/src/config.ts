/// The app's settings, read at run time from /config.json, so that one build serves any deployment.
import { parseSuiteAddresses } from "../../package/src/viem/index.js";
import type { SuiteAddresses } from "../../package/src/viem/index.js";

export interface AppConfig {
  rpcUrl: string;
  indexerUrl: string;
  chainId: number;
  addresses: SuiteAddresses;
}

/// Fetches and checks config.json (beside index.html); a one-line error names what is wrong.
export async function loadConfig(url = "config.json"): Promise<AppConfig> {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const raw = (await response.json()) as Partial<Record<keyof AppConfig, unknown>>;
  for (const key of ["rpcUrl", "indexerUrl"] as const) {
    if (typeof raw[key] !== "string" || raw[key] === "") throw new Error(`${url}: ${key} must be a URL`);
  }
  if (typeof raw.chainId !== "number" || !Number.isInteger(raw.chainId) || raw.chainId <= 0) {
    throw new Error(`${url}: chainId must be a positive integer, not ${JSON.stringify(raw.chainId)}`);
  }
  return {
    rpcUrl: raw.rpcUrl as string,
    indexerUrl: (raw.indexerUrl as string).replace(/\/$/, ""),
    chainId: raw.chainId,
    addresses: parseSuiteAddresses(raw.addresses, `${url}: addresses`),
  };
}
