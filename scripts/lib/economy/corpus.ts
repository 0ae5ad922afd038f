/// The texts of the economy's records: a few sentences each, fitting their datanet (medical questions and answers for
/// medical-qa, code review comments for code-review), composed from small phrase lists by a generator seeded by the
/// record's name, so that every run writes the same texts, and different enough that a span of a few words points
/// to the record it came from. A record's content hash is keccak256 of its text's UTF-8 bytes, as the engine's
/// records reader (`versionRecords`) checks it; the texts are written as `<contentHash>.txt` files of one folder, which
/// `attribution:index --records`, `model:train --records` and `attribution:verify --recompute --records` read.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { keccak256, toUtf8Bytes } from "ethers";

/// The two kinds of record of the economy.
export type Topic = "medical" | "code";

const PATIENTS = [
  "a seven year old boy",
  "a pregnant woman in her second trimester",
  "a retired teacher with type two diabetes",
  "a marathon runner in his thirties",
  "an elderly man living alone",
  "a teenager on the school football team",
  "a nurse working night shifts",
  "a woman recovering from hip surgery",
];
const SYMPTOMS = [
  "a dry cough that gets worse at night",
  "sharp pain behind the left knee after climbing stairs",
  "a rash that spreads from the wrists to the elbows",
  "dizziness when standing up quickly from a chair",
  "a fever that comes back every afternoon",
  "swelling of both ankles by the end of the day",
  "tingling in the fingers of the right hand",
  "a headache that starts behind one eye",
];
const CAUSES = [
  "a viral infection of the upper airways",
  "irritation of the tendon from overuse",
  "a contact allergy to a new washing powder",
  "low blood pressure made worse by dehydration",
  "a urinary tract infection that has not fully cleared",
  "fluid retention linked to a blood pressure tablet",
  "pressure on a nerve at the wrist",
  "a cluster headache pattern",
];
const ADVICE = [
  "drink plenty of water and rest for two or three days",
  "apply ice for fifteen minutes and avoid running for a week",
  "stop using the product and wash the skin with plain water",
  "stand up slowly and sit down again if the room starts to spin",
  "keep a diary of the temperature twice a day",
  "raise the legs on a pillow in the evening",
  "wear a light splint on the wrist while sleeping",
  "note the time each attack starts and how long it lasts",
];
const WARNINGS = [
  "breathing becomes difficult or the lips turn blue",
  "the knee locks or cannot bear any weight",
  "the rash blisters or the face begins to swell",
  "a faint happens with chest pain or palpitations",
  "the fever rises above forty degrees",
  "one leg becomes red, hot and painful",
  "the hand grows weak and objects keep dropping",
  "the headache is sudden and the worst ever felt",
];

const FILES = [
  "the payment service",
  "the login handler",
  "the cache layer",
  "the csv importer",
  "the retry queue",
  "the search endpoint",
  "the migration script",
  "the websocket client",
];
const ISSUES = [
  "the loop opens a new database connection for every row",
  "the error from the network call is swallowed without a log line",
  "the timeout is hard coded to thirty seconds in two places",
  "the function mutates the list that the caller passed in",
  "the lock is taken before the slow file read and held through it",
  "the user input goes into the query string without escaping",
  "the retry has no backoff and hammers the server when it is down",
  "the test only checks the happy path and never an empty input",
];
const FIXES = [
  "move the connection out of the loop and reuse it for the batch",
  "return the error to the caller and add the request id to the message",
  "read the timeout from the configuration with one shared default",
  "copy the list first or document that it is changed in place",
  "read the file first and take the lock only around the update",
  "use a parameterised query so the driver does the escaping",
  "wait twice as long after each failure and give up after five tries",
  "add a case for an empty input and one for a single element",
];
const REASONS = [
  "under load this exhausts the pool within a minute",
  "without it nobody can tell why a payment failed last night",
  "the two values have already drifted apart once",
  "a caller that reuses the list gets surprising results",
  "every other request waits behind the read for no reason",
  "this is the classic injection hole that scanners flag first",
  "a short outage turns into a flood of requests when it recovers",
  "the crash we saw last sprint came from exactly that input",
];
const TONES = ["Nice work overall.", "Almost there.", "Good direction.", "Thanks for the quick turnaround."];

/// A generator of numbers in [0, 1) seeded by `seed`: FNV-1a of the text, then xorshift32.
function seeded(seed: string): (n: number) => number {
  let s = 0x811c9dc5;
  for (const ch of seed) s = Math.imul(s ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  if (s === 0) s = 0x9e3779b9;
  return (n) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return Math.floor(((Math.imul(s, 0x2545f491) >>> 0) / 0x1_0000_0000) * n);
  };
}

/// The text of record `n` of contributor `who` in a datanet of `topic`: the same for the same arguments, different
/// for different ones.
export function recordText(topic: Topic, who: number, n: number): string {
  const pick = seeded(`${topic}/${who}/${n}`);
  const one = (xs: readonly string[]): string => xs[pick(xs.length)];
  if (topic === "medical") {
    const patient = one(PATIENTS);
    const symptom = one(SYMPTOMS);
    return (
      `Question ${who}.${n}: ${patient} has had ${symptom} for ${2 + pick(12)} days. What should be done? ` +
      `Answer: the most likely cause is ${one(CAUSES)}. Until it settles, ${one(ADVICE)}. ` +
      `See a doctor the same day if ${one(WARNINGS)}.`
    );
  }
  return (
    `Review ${who}.${n} of ${one(FILES)}: ${one(ISSUES)}. ` +
    `Suggestion: ${one(FIXES)}, because ${one(REASONS)}. ${one(TONES)}`
  );
}

/// keccak256 of a record's UTF-8 bytes: its content hash on-chain.
export const contentHashOf = (text: string): string => keccak256(toUtf8Bytes(text));

/// Writes `data` to `file` through a hidden temporary file of the same folder renamed over it (creating the folder):
/// a reader sees the old file or the whole new one, and a folder reader skips the temporary file.
export function writeAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.partial-${process.pid}`);
  writeFileSync(partial, data);
  renameSync(partial, file);
}

/// Writes `text` to `<dir>/<contentHash>.txt` and returns its content hash.
export function writeRecordText(dir: string, text: string): string {
  const hash = contentHashOf(text);
  writeAtomic(path.join(dir, `${hash}.txt`), text);
  return hash;
}
