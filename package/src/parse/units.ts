/// Amounts and durations as people type them, without any library: the same in Node and in a browser, and in the
/// viem entry (which imports no ethers).

/// An amount of OPEN in tokens (`1000`, `0.5`, `.5`, `1_000`, `1,000`) as wei; undefined when the text is not one
/// (18 decimals at most).
export function openWei(text: string): bigint | undefined {
  const clean = text.trim().replaceAll("_", "").replaceAll(",", "");
  if (!/^(\d+(\.\d{0,18})?|\.\d{1,18})$/.test(clean)) return undefined;
  const [whole, fraction = ""] = clean.split(".");
  return BigInt(whole === "" ? "0" : whole) * 10n ** 18n + BigInt(fraction.padEnd(18, "0"));
}

const DURATION_UNITS: Readonly<Record<string, bigint>> = { s: 1n, m: 60n, h: 3_600n, d: 86_400n };

/// A duration in seconds (`90`, `90s`, `15m`, `2h`, `7d`); undefined when the text is not one.
export function durationSeconds(text: string): bigint | undefined {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (match === null) return undefined;
  return BigInt(match[1]) * (DURATION_UNITS[match[2] || "s"] ?? 1n);
}
