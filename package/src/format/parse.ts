/// Values typed by a person, back to the units of the chain: amounts of OPEN as wei, durations as seconds. Pure.
import { parseUnits } from "ethers";

/// An amount of OPEN in tokens (`1000`, `0.5`, `.5`, `1_000`, `1,000`) as wei; undefined when the text is not one
/// (18 decimals at most).
export function openWei(text: string): bigint | undefined {
  const clean = text.trim().replaceAll("_", "").replaceAll(",", "");
  if (!/^(\d+(\.\d{0,18})?|\.\d{1,18})$/.test(clean)) return undefined;
  return parseUnits(clean.startsWith(".") ? `0${clean}` : clean, 18);
}

const DURATION_UNITS: Readonly<Record<string, bigint>> = { s: 1n, m: 60n, h: 3_600n, d: 86_400n };

/// A duration in seconds (`90`, `90s`, `15m`, `2h`, `7d`); undefined when the text is not one.
export function durationSeconds(text: string): bigint | undefined {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (match === null) return undefined;
  return BigInt(match[1]) * (DURATION_UNITS[match[2] || "s"] ?? 1n);
}
