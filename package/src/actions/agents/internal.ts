/// What the agent and budget actions share: times as ISO dates, and metadata values as bytes.
import { hexlify, toUtf8Bytes } from "ethers";

/// A unix time as an ISO date to the second: `2026-12-03T10:00:00Z`; null for 0 (never).
export function isoTime(timestamp: bigint): string | null {
  if (timestamp === 0n) return null;
  const ms = Number(timestamp) * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return `${timestamp.toString(10)} (unix time)`;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/// A metadata value as the registry takes it: text as its UTF-8 bytes, bytes as they are.
export function metadataBytes(value: string | Uint8Array): string {
  return hexlify(typeof value === "string" ? toUtf8Bytes(value) : value);
}
