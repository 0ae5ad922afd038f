/// explain: what an attribution found, for a person (text) and for a program (JSON): the spans, the records and
/// contributors behind each, and each contributor's share of its datanet.
import type { AttributionResult } from "./types.js";

/// A record behind a span, in JSON (ids and amounts as decimal strings).
export interface ExplainedRecord {
  datanetId: string;
  version: number;
  contentHash: string;
  contributor: string;
  units: string;
}

export interface ExplainedSpan {
  start: number;
  end: number;
  length: number;
  background: number;
  score: number;
  text: string;
  records: ExplainedRecord[];
}

export interface ExplainedContributor {
  datanetId: string;
  account: string;
  weight: string;
  /// weight / (the datanet's total weight), as a percentage with two decimals, rounded down.
  share: string;
  /// The content hashes of the contributor's records that the weight came from.
  records: string[];
}

export interface Explanation {
  status: "attributed" | "unattributed";
  inferenceId: string;
  modelId: string;
  k: number;
  tokens: number;
  longestMatch: number;
  attributionHash?: string;
  reason?: string;
  spans: ExplainedSpan[];
  contributors: ExplainedContributor[];
}

/// A percentage with two decimals, rounded down: `percent(1n, 3n)` is "33.33%".
function percent(part: bigint, whole: bigint): string {
  const bps = (part * 10_000n) / whole;
  return `${bps / 100n}.${(bps % 100n).toString().padStart(2, "0")}%`;
}

const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

function quote(text: string, max = 80): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}

/// The explanation of `result` as JSON (`json`) and as lines of text (`text`).
export function explain(result: AttributionResult): { json: Explanation; text: string } {
  const spans: ExplainedSpan[] = result.spans.map((s) => ({
    start: s.start,
    end: s.end,
    length: s.length,
    background: s.background,
    score: s.score,
    text: s.text,
    records: s.records.map((r) => ({
      datanetId: r.datanetId.toString(10),
      version: r.version,
      contentHash: r.contentHash,
      contributor: r.contributor,
      units: r.units.toString(10),
    })),
  }));
  const hashOf = new Map<number, string>();
  for (const s of result.spans) for (const r of s.records) hashOf.set(r.index, r.contentHash);
  const contributors: ExplainedContributor[] = [];
  if (result.status === "attributed") {
    const totals = new Map<bigint, bigint>();
    for (const s of result.shares) totals.set(s.datanetId, (totals.get(s.datanetId) ?? 0n) + s.weight);
    for (const s of result.shares) {
      contributors.push({
        datanetId: s.datanetId.toString(10),
        account: s.account,
        weight: s.weight.toString(10),
        share: percent(s.weight, totals.get(s.datanetId)!),
        records: s.records.map((r) => hashOf.get(r)!),
      });
    }
  }
  const json: Explanation = {
    status: result.status,
    inferenceId: result.inferenceId,
    modelId: result.modelId.toString(10),
    k: result.k,
    tokens: result.tokens,
    longestMatch: result.longestMatch,
    ...(result.status === "attributed" ? { attributionHash: result.attributionHash } : { reason: result.reason }),
    spans,
    contributors,
  };

  const lines: string[] = [];
  const head = `inference ${result.inferenceId} (model ${result.modelId})`;
  if (result.status === "attributed") {
    lines.push(
      `${head}: ${plural(spans.length, "span")} of ${result.k}+ tokens in ${plural(result.tokens, "token")} ` +
        `(longest match ${result.longestMatch})`,
      `attribution hash ${result.attributionHash}`,
    );
  } else {
    lines.push(`${head}: unattributed: ${result.reason}`);
  }
  spans.forEach((s, i) => {
    lines.push(
      `span ${i + 1}: tokens ${s.start}–${s.end - 1} (${plural(s.length, "token")}, background ${s.background}, ` +
        `score ${s.score}) ${quote(s.text)}`,
    );
    const shown = s.records.slice(0, 10);
    for (const r of shown) {
      lines.push(
        `  datanet ${r.datanetId} v${r.version} record ${r.contentHash} by ${r.contributor}: ${r.units} units`,
      );
    }
    if (s.records.length > shown.length)
      lines.push(`  … and ${plural(s.records.length - shown.length, "more record")}`);
  });
  if (contributors.length > 0) {
    lines.push("contributors:");
    for (const c of contributors) {
      lines.push(
        `  datanet ${c.datanetId}: ${c.account} ${c.share} (weight ${c.weight}, ${plural(c.records.length, "record")})`,
      );
    }
  }
  return { json, text: lines.join("\n") };
}
