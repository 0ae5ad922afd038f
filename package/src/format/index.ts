/// Values in human units, for every line a person reads: amounts in OPEN, shares in percent, durations, and unix
/// times as dates with how far they are from the chain's now. Pure: no I/O, the same in Node and in a browser.

/// `wei` in units of 18 decimals, exact: `1234.5`, `1.0`, `-0.01` (as ethers' formatUnits writes it).
function units18(wei: bigint): string {
  const negative = wei < 0n;
  const abs = negative ? -wei : wei;
  const scale = 10n ** 18n;
  const fraction = (abs % scale).toString().padStart(18, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${(abs / scale).toString()}.${fraction === "" ? "0" : fraction}`;
}

function groupThousands(decimal: string): string {
  const negative = decimal.startsWith("-");
  const [whole, fraction] = (negative ? decimal.slice(1) : decimal).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${fraction !== undefined && fraction !== "0" ? `.${fraction}` : ""}`;
}

/// An amount of OPEN (18 decimals), exact to the wei: `1,234.5 OPEN`, `1,000 OPEN`.
export function formatOpen(wei: bigint): string {
  return `${groupThousands(units18(wei))} OPEN`;
}

/// An amount of votes (gOPEN, 18 decimals): `1,000 gOPEN`.
export function formatVotes(wei: bigint): string {
  return `${groupThousands(units18(wei))} gOPEN`;
}

/// A share in basis points: `500 bps (5%)`.
export function formatBps(bps: bigint): string {
  return `${bps.toString()} bps (${(Number(bps) / 100).toString()}%)`;
}

/// `0xf39F…2266`: enough of an address to recognise it.
export function shortAddr(address: string): string {
  return address.length <= 12 ? address : `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/// A duration in seconds: `1h 0m 5s`, `45s`, `2d 3h`.
export function formatDuration(seconds: bigint): string {
  let s = seconds < 0n ? -seconds : seconds;
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", 86_400n],
    ["h", 3_600n],
    ["m", 60n],
  ] as const) {
    if (s >= size) {
      parts.push(`${(s / size).toString()}${unit}`);
      s %= size;
    }
  }
  if (s > 0n || parts.length === 0) parts.push(`${s.toString()}s`);
  return parts.slice(0, 3).join(" ");
}

/// A unix time relative to the chain's `now`: `2026-03-01 12:00:00 UTC (in 10m 0s)`; without `now`, the date alone.
export function formatTime(timestamp: bigint, now?: bigint): string {
  const ms = Number(timestamp) * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return `${timestamp.toString()} (unix time)`;
  const date = new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, " UTC");
  if (now === undefined) return date;
  if (timestamp === now) return `${date} (now)`;
  const relative = timestamp > now ? `in ${formatDuration(timestamp - now)}` : `${formatDuration(now - timestamp)} ago`;
  return `${date} (${relative})`;
}

/// JSON.stringify replacer: bigints become decimal strings (JSON has no bigint).
export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString(10) : value;
}

/// `value` as JSON text, bigints as decimal strings: what `--json` prints and what tree files hold.
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, jsonReplacer, indent);
}
