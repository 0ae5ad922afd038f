/// Printing helpers shared by every task and script: one result format for humans, one for machines.
import {
  formatBps,
  formatDuration,
  formatOpen,
  formatTime,
  formatVotes,
  jsonReplacer,
  shortAddr,
  toJson,
} from "../../package/src/format/index.js";

import type { Progress } from "../../package/src/actions/types.js";

export { formatDuration, formatOpen, formatTime, formatVotes, jsonReplacer, shortAddr, toJson };

/// How a task shows values: the exact numbers for `--json` (wei, basis points, unix seconds), human units for people
/// (OPEN, gOPEN, `500 bps (5%)`, dates relative to the chain's `now`, `3600 s (1h)`).
export function unitsFor(json: boolean, now?: bigint) {
  const as =
    (human: (v: bigint) => string) =>
    (v: bigint): bigint | string =>
      json ? v : human(v);
  return {
    open: as(formatOpen),
    votes: as(formatVotes),
    bps: as(formatBps),
    time: as((t) => formatTime(t, now)),
    seconds: as((s) => `${s.toString()} s (${formatDuration(s)})`),
    perSecond: as((wei) => `${formatOpen(wei)}/s`),
  };
}

function formatScalar(value: unknown): string {
  if (typeof value === "bigint") return value.toString(10);
  if (value === null || value === undefined) return "-";
  if (typeof value === "object") return toJson(value, 0);
  return String(value);
}

/// Flattens nested plain objects into dotted keys: `{ a: { b: 1 } }` → `a.b: 1`. Arrays stay one value.
function flatten(obj: Record<string, unknown>, prefix: string, out: Array<[string, string]>): void {
  for (const [key, value] of Object.entries(obj)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (
      typeof value === "object" &&
      value !== null &&
      !Array.isArray(value) &&
      Object.getPrototypeOf(value) === Object.prototype
    ) {
      flatten(value as Record<string, unknown>, name, out);
    } else if (Array.isArray(value)) {
      out.push([name, value.map(formatScalar).join(", ")]);
    } else {
      out.push([name, formatScalar(value)]);
    }
  }
}

/// Prints a result: aligned `key: value` lines, or (json) one JSON document with bigints as strings.
export function printResult(obj: Record<string, unknown>, json: boolean): void {
  if (json) {
    process.stdout.write(`${toJson(obj)}\n`);
    return;
  }
  const rows: Array<[string, string]> = [];
  flatten(obj, "", rows);
  const width = Math.max(0, ...rows.map(([key]) => key.length));
  for (const [key, value] of rows) {
    process.stdout.write(`${`${key}:`.padEnd(width + 1)} ${value}\n`);
  }
}

/// Reports that `i` of `n` items are done. On a TTY it rewrites one line in place; otherwise (CI,
/// pipes, files) it prints a line each time another 10% is done, so logs stay short.
export function progress(label: string, i: number, n: number, out: NodeJS.WriteStream = process.stdout): void {
  const done = Math.min(Math.max(i, 0), n);
  const percent = n > 0 ? Math.floor((done * 100) / n) : 100;
  const line = `${label} ${done}/${n} (${percent}%)`;
  if (out.isTTY) {
    out.write(`\r\x1b[2K${line}${done >= n ? "\n" : ""}`);
    return;
  }
  const decile = (k: number): number => (n > 0 ? Math.floor((k * 10) / n) : 10);
  if (done >= n || (done > 0 && decile(done) !== decile(done - 1))) {
    out.write(`${line}\n`);
  }
}

/// What a task passes to an SDK action as `onProgress`: each step on stderr (stdout keeps the result, `--json`
/// included), a counted step as `progress` does.
export function printProgress(step: Progress): void {
  if (step.step !== undefined && step.total !== undefined)
    progress(step.message, step.step, step.total, process.stderr);
  else process.stderr.write(`${step.message}…\n`);
}
