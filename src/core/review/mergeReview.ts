/**
 * Merging review decisions: two decisions about the same item (after a git merge, a migration, or
 * two files holding the same key), a file with git conflict markers, and git's merge driver.
 *
 * One rule everywhere: the newer `at` wins, and the other decision is kept in the winner's
 * history, so no decision is ever dropped. The rule is symmetric (merging a with b gives the same
 * bytes as b with a), so two branches that merge the same decisions write the same file.
 */
import { conflictError, conflictMarkerLine, parseEntry, serializeEntry } from './entryFile';
import { keyString, type AppliesAnyway, type EntryKey, type HistoryEntry, type ReviewEntry, type ReviewError } from './reviewData';
import { formatBytes } from '../fileSystem';
import { REVIEW_LIMITS } from '../limits';
import {
  emptyLegacyReview,
  parseLegacyReview,
  record,
  serializeLegacyReview,
  type LegacyEntry,
  type LegacyReviewData,
} from './legacy/legacyFile';

export const MERGE_FROM = 'merge';

/** > 0 when `a` is newer than `b`. Unparseable times are older than any real one; ties fall back to the text. */
export function compareAt(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  const va = Number.isNaN(ta) ? -Infinity : ta;
  const vb = Number.isNaN(tb) ? -Infinity : tb;
  if (va !== vb) return va > vb ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The same decision: state, who, when, wording and note (histories aside). */
export function sameDecision(a: ReviewEntry, b: ReviewEntry): boolean {
  return (
    a.state === b.state &&
    a.by === b.by &&
    a.at === b.at &&
    a.textHash === b.textHash &&
    (a.note ?? '') === (b.note ?? '') &&
    (a.owner ?? '') === (b.owner ?? '') &&
    (a.until ?? '') === (b.until ?? '') &&
    (a.due ?? '') === (b.due ?? '') &&
    (a.evidence ?? []).join('\n') === (b.evidence ?? []).join('\n')
  );
}

/** The same "applies anyway" mark (or none on both). Apart from the decision: it is merged on its own. */
export function sameApplies(a: AppliesAnyway | undefined, b: AppliesAnyway | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.by === b.by && a.at === b.at;
}

/**
 * Of several "applies anyway" marks, the newest (ties: a fixed order), so a merge keeps one
 * whichever side it came from; none when no side has one.
 */
export function newestApplies(marks: readonly (AppliesAnyway | undefined)[]): AppliesAnyway | undefined {
  let newest: AppliesAnyway | undefined;
  for (const mark of marks) {
    if (!mark) continue;
    const order = newest ? compareAt(mark.at, newest.at) || (mark.by < newest.by ? -1 : mark.by > newest.by ? 1 : 0) : 1;
    if (order > 0) newest = { by: mark.by, at: mark.at };
  }
  return newest;
}

/** The same decision, the same "applies anyway" and the same history. */
export function sameEntry(a: ReviewEntry, b: ReviewEntry): boolean {
  return sameDecision(a, b) && sameApplies(a.appliesAnyway, b.appliesAnyway) && sameHistory(a, b);
}

export function asHistory(entry: ReviewEntry | HistoryEntry, from?: string): HistoryEntry {
  const past: HistoryEntry = { state: entry.state, by: entry.by, at: entry.at };
  if (entry.note) past.note = entry.note;
  if (entry.owner) past.owner = entry.owner;
  if (entry.until) past.until = entry.until;
  if (entry.due) past.due = entry.due;
  const origin = from ?? ('from' in entry ? entry.from : undefined);
  if (origin !== undefined) past.from = origin;
  return past;
}

const eventKey = (past: HistoryEntry) =>
  JSON.stringify([past.state, past.by, past.at, past.note ?? '', past.owner ?? '', past.until ?? '', past.due ?? '']);

/**
 * A history without duplicates (the same state, who, when and note is one event) and without the
 * current decision itself, newest first. Deterministic whatever the order of the input.
 */
export function normalizeHistory(current: ReviewEntry, items: readonly HistoryEntry[]): HistoryEntry[] | undefined {
  const self = eventKey(asHistory(current));
  const byEvent = new Map<string, HistoryEntry>();
  for (const item of items) {
    const past = asHistory(item);
    const event = eventKey(past);
    if (event === self) continue;
    const kept = byEvent.get(event);
    // Of two copies of one event, keep the one whose origin sorts first, whichever side it came from.
    if (!kept || originRank(past) < originRank(kept)) byEvent.set(event, past);
  }
  const history = [...byEvent.values()].sort(
    (a, b) => compareAt(b.at, a.at) || (eventKey(a) < eventKey(b) ? -1 : eventKey(a) > eventKey(b) ? 1 : 0),
  );
  return history.length > 0 ? history : undefined;
}

function originRank(past: HistoryEntry): string {
  return past.from === undefined ? '\uffff' : past.from;
}

function withHistory(entry: ReviewEntry, history: HistoryEntry[] | undefined): ReviewEntry {
  const result: ReviewEntry = { state: entry.state, by: entry.by, at: entry.at, textHash: entry.textHash };
  if (entry.note) result.note = entry.note;
  if (entry.owner) result.owner = entry.owner;
  if (entry.until) result.until = entry.until;
  if (entry.due) result.due = entry.due;
  if (entry.evidence) result.evidence = entry.evidence;
  if (entry.appliesAnyway) result.appliesAnyway = { by: entry.appliesAnyway.by, at: entry.appliesAnyway.at };
  if (history) result.history = history;
  return result;
}

/** Orders two different decisions: > 0 when `a` wins. The newer `at`, then a fixed order of the rest. */
function rank(a: ReviewEntry, b: ReviewEntry): number {
  const byTime = compareAt(a.at, b.at);
  if (byTime !== 0) return byTime;
  const ka = JSON.stringify([a.state, a.by, a.textHash, a.note ?? '', a.owner ?? '', a.evidence ?? [], a.until ?? '', a.due ?? '']);
  const kb = JSON.stringify([b.state, b.by, b.textHash, b.note ?? '', b.owner ?? '', b.evidence ?? [], b.until ?? '', b.due ?? '']);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export interface Candidate {
  entry: ReviewEntry;
  /** Recorded as the history item's `from` if this candidate loses. */
  from?: string;
}

/**
 * Several decisions about one key to one: the newest wins; every other one, and every history,
 * goes into its history. An "applies anyway" mark is not part of the decision: the newest mark any
 * of them carries is kept, whichever decision wins. Returns the winner's index too.
 */
export function combineDecisions(candidates: readonly Candidate[]): { entry: ReviewEntry; winner: number } {
  if (candidates.length === 0) throw new Error('combineDecisions needs at least one decision');
  let winner = 0;
  for (let i = 1; i < candidates.length; i++) if (rank(candidates[i].entry, candidates[winner].entry) > 0) winner = i;
  const current = candidates[winner].entry;
  const history: HistoryEntry[] = [];
  candidates.forEach((candidate, i) => {
    history.push(...(candidate.entry.history ?? []));
    if (i !== winner && !sameDecision(candidate.entry, current)) history.push(asHistory(candidate.entry, candidate.from));
  });
  const entry = withHistory(current, normalizeHistory(current, history));
  const applies = newestApplies(candidates.map((candidate) => candidate.entry.appliesAnyway));
  if (applies) entry.appliesAnyway = applies;
  else delete entry.appliesAnyway;
  return { entry, winner };
}

/**
 * Two decisions about one key: the same decision → 'same' (histories united); else the newer `at`
 * wins and the other one goes into its history with `from: merge`. Notes stay with their decision.
 */
export function mergeEntries(a: ReviewEntry, b: ReviewEntry): { entry: ReviewEntry; chose: 'a' | 'b' | 'same' } {
  if (sameDecision(a, b)) {
    const entry = withHistory(a, normalizeHistory(a, [...(a.history ?? []), ...(b.history ?? [])]));
    const applies = newestApplies([a.appliesAnyway, b.appliesAnyway]);
    if (applies) entry.appliesAnyway = applies;
    return { entry, chose: 'same' };
  }
  const { entry, winner } = combineDecisions([
    { entry: a, from: MERGE_FROM },
    { entry: b, from: MERGE_FROM },
  ]);
  return { entry, chose: winner === 0 ? 'a' : 'b' };
}

// ---------------------------------------------------------------------------------------------
// Conflicted files and the merge driver

/** A decision that two sides made differently, and which one the merge kept. */
export interface MergeChoice {
  key: EntryKey;
  /** 'same': both sides made the same decision (their histories were united). */
  chose: 'ours' | 'theirs' | 'same';
  winner: ReviewEntry;
  /** The decision not kept (it is in the winner's history; for a version-1 file, in its note). Undefined when that side removed the entry. */
  loser?: ReviewEntry;
}

export type MergeResult = { ok: true; text: string; choices: MergeChoice[]; conflict: boolean } | { ok: false; error: ReviewError };

/** One line for a person: which decision was kept and where the other one went. */
export function describeChoice(choice: MergeChoice, file?: string): string {
  const what = `${choice.key.id}${choice.key.member !== undefined ? ` (member ${choice.key.member})` : ''} in ${choice.key.unit}`;
  const decision = (entry: ReviewEntry) => `${entry.state} by ${entry.by} at ${entry.at}`;
  if (choice.chose === 'same')
    return `${file ? `${file}: ` : ''}${what}: both sides decided ${decision(choice.winner)}; their histories are united`;
  const kept = `kept ${choice.chose === 'ours' ? 'our' : 'their'} ${decision(choice.winner)}`;
  const other = choice.loser ? `; ${decision(choice.loser)} is kept in its history` : '; the other side had removed it';
  return `${file ? `${file}: ` : ''}${what}: ${kept}${other}`;
}

type Kind = 'entry' | 'legacy';

/** Version 1 (one review.yaml) or version 2 (one decision per file), from the text's `version:` line. */
function kindOf(text: string): Kind {
  return /^version:[ \t]*["']?1["']?[ \t]*(#.*)?\r?$/m.test(text) ? 'legacy' : 'entry';
}

type Side = 'both' | 'ours' | 'base' | 'theirs';

/** The side after a marker line, or undefined for a marker out of place. */
function transition(state: Side, marker: string): Side | undefined {
  if (marker === '<') return state === 'both' ? 'ours' : undefined;
  if (marker === '|') return state === 'ours' ? 'base' : undefined;
  if (marker === '=') return state === 'ours' || state === 'base' ? 'theirs' : undefined;
  return state === 'theirs' ? 'both' : undefined;
}

/** Splits text with git conflict markers into our and their side (diff3's base sections are dropped). */
export function splitConflict(text: string, file: string): { ok: true; ours: string; theirs: string } | { ok: false; error: ReviewError } {
  const lines = text.split(/(?<=\n)/);
  let ours = '';
  let theirs = '';
  let state: Side = 'both';
  const bad = (line: number, message: string) => ({
    ok: false as const,
    error: { file, line, column: 1, message, hint: 'Edit the file by hand: keep one decision per item.', conflict: true },
  });
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const marker = /^(<{7}|\|{7}|={7}|>{7})(?=[ \t\r\n]|$)/.exec(line)?.[1];
    if (marker === undefined) {
      if (state === 'both' || state === 'ours') ours += line;
      if (state === 'both' || state === 'theirs') theirs += line;
      continue;
    }
    const next = transition(state, marker[0]);
    if (next === undefined) return bad(i + 1, `unexpected conflict marker ${marker}`);
    state = next;
  }
  if (state !== 'both') return bad(lines.length, 'a conflict is not closed with >>>>>>>');
  return { ok: true, ours, theirs };
}

/**
 * Resolves a file holding git conflict markers (a decision file, or a version-1 review file; diff3
 * style too): both sides are parsed and merged decision by decision, the newer one winning and the
 * other kept in its history. Entries on one side only are kept. Never drops a decision: anything it
 * cannot read is an error, and the file should stay as it is.
 */
export function resolveConflictText(text: string, file: string): MergeResult {
  if (conflictMarkerLine(text) === undefined)
    return { ok: false, error: { file, line: 1, column: 1, message: 'the file has no conflict markers', hint: 'Nothing to resolve.' } };
  const split = splitConflict(text, file);
  if (!split.ok) return split;
  return mergeTexts(undefined, split.ours, split.theirs, file, 'after resolving the conflict markers');
}

/**
 * git's merge driver: a three-way merge of one review file (%O base, %A ours, %B theirs; an empty
 * base is an add/add). A decision changed on one side only is taken from that side; one changed
 * differently on both is a real conflict, resolved by the same rule (newest wins, the other kept).
 */
export function mergeReviewFiles(baseText: string, oursText: string, theirsText: string, file: string): MergeResult {
  for (const [text, side] of [
    [baseText, 'the base'],
    [oursText, 'our side'],
    [theirsText, 'their side'],
  ] as const) {
    const line = conflictMarkerLine(text);
    if (line !== undefined)
      return { ok: false, error: { ...conflictError(file, line), message: `${side} already holds merge-conflict markers` } };
  }
  return mergeTexts(baseText.trim() === '' ? undefined : baseText, oursText, theirsText, file, '');
}

function mergeTexts(baseText: string | undefined, oursText: string, theirsText: string, file: string, context: string): MergeResult {
  const kind = kindOf(oursText);
  if (kindOf(theirsText) !== kind) {
    return {
      ok: false,
      error: {
        file,
        line: 1,
        column: 1,
        message: 'one side is a version-1 review file and the other a version-2 decision',
        hint: 'Keep the version-2 side and re-tick what the other side changed.',
      },
    };
  }
  const located = (error: ReviewError, side: string): MergeResult => ({
    ok: false,
    error: { ...error, file, message: `${side}${context ? ` ${context}` : ''}: ${error.message}` },
  });
  if (kind === 'entry') {
    const ours = parseEntry(oursText, file);
    if (!ours.ok) return located(ours.error, 'our side');
    const theirs = parseEntry(theirsText, file);
    if (!theirs.ok) return located(theirs.error, 'their side');
    if (keyString(ours.key) !== keyString(theirs.key)) {
      return {
        ok: false,
        error: {
          file,
          line: 1,
          column: 1,
          message: `the two sides hold different items (${ours.key.id} in ${ours.key.unit}, ${theirs.key.id} in ${theirs.key.unit})`,
          hint: 'Keep both decisions by saving one of them under another file name in the review folder.',
        },
      };
    }
    let base: ReviewEntry | undefined;
    if (baseText !== undefined) {
      const parsed = parseEntry(baseText, file);
      // An unreadable or unrelated base only means a two-way merge, which keeps both sides.
      if (parsed.ok && keyString(parsed.key) === keyString(ours.key)) base = parsed.entry;
    }
    const merged = threeWay(base, ours.entry, theirs.entry);
    const choices = merged.choice ? [{ key: ours.key, ...merged.choice }] : [];
    return withinLimits(
      { ok: true, text: serializeEntry(ours.key, merged.entry!), choices, conflict: choices.some((choice) => choice.chose !== 'same') },
      'entry',
      file,
    );
  }

  const ours = parseLegacyReview(oursText, file);
  if (!ours.ok) return located(ours.error, 'our side');
  const theirs = parseLegacyReview(theirsText, file);
  if (!theirs.ok) return located(theirs.error, 'their side');
  let base = emptyLegacyReview();
  if (baseText !== undefined) {
    const parsed = parseLegacyReview(baseText, file);
    if (parsed.ok) base = parsed.data;
  }
  const result: LegacyReviewData = emptyLegacyReview();
  const choices: MergeChoice[] = [];
  const components = new Set([...Object.keys(ours.data.components), ...Object.keys(theirs.data.components)]);
  for (const component of components) {
    const o = ours.data.components[component] ?? {};
    const t = theirs.data.components[component] ?? {};
    const b = base.components[component] ?? {};
    for (const id of new Set([...Object.keys(o), ...Object.keys(t)])) {
      const merged = threeWay(own(b, id), own(o, id), own(t, id));
      if (merged.entry) (result.components[component] ??= record())[id] = legacyEntry(merged.entry);
      if (merged.choice) choices.push({ key: { unit: component, id }, ...merged.choice });
    }
  }
  return withinLimits(
    { ok: true, text: serializeLegacyReview(result), choices, conflict: choices.some((choice) => choice.chose !== 'same') },
    'legacy',
    file,
  );
}

/**
 * A merge is written only if the reader reads it back: within the size limit of its kind, and
 * parsed again to what was merged. Otherwise it is refused (the driver then leaves both sides
 * between conflict markers).
 */
function withinLimits(result: MergeResult & { ok: true }, kind: 'entry' | 'legacy', file: string): MergeResult {
  const limit = kind === 'entry' ? REVIEW_LIMITS.maxFileBytes : REVIEW_LIMITS.maxLegacyBytes;
  const size = new TextEncoder().encode(result.text).length;
  const refuse = (message: string): MergeResult => ({
    ok: false,
    error: {
      file,
      line: 1,
      column: 1,
      message,
      hint:
        kind === 'entry'
          ? 'Keep one side by hand, or remove old items from the history of one side, then merge again.'
          : 'Keep one side by hand and re-tick what the other side changed.',
    },
  });
  if (size > limit)
    return refuse(
      `the merged ${kind === 'entry' ? 'decision' : 'version-1 file'} would be ${formatBytes(size)}, more than the limit of ${formatBytes(limit)}`,
    );
  const back = kind === 'entry' ? parseEntry(result.text, file) : parseLegacyReview(result.text, file);
  if (!back.ok) return refuse(`the merged file would not be read back (${back.error.message})`);
  return result;
}

function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/**
 * One key, three ways. A side that did not change it from the base gives way to the other; both
 * changed it differently → the newer wins. A removal against a change keeps the change.
 */
function threeWay(
  base: ReviewEntry | undefined,
  ours: ReviewEntry | undefined,
  theirs: ReviewEntry | undefined,
): { entry?: ReviewEntry; choice?: Omit<MergeChoice, 'key'> } {
  const same = (a: ReviewEntry | undefined, b: ReviewEntry | undefined) => (a === undefined || b === undefined ? a === b : sameEntry(a, b));
  if (same(ours, theirs)) return { entry: ours };
  if (base !== undefined && same(ours, base)) return { entry: theirs };
  if (base !== undefined && same(theirs, base)) return { entry: ours };
  if (ours === undefined) return { entry: theirs, choice: base === undefined ? undefined : { chose: 'theirs', winner: theirs! } };
  if (theirs === undefined) return { entry: ours, choice: base === undefined ? undefined : { chose: 'ours', winner: ours } };
  // Both sides changed it. "Applies anyway" goes three ways on its own, and so does the decision:
  // one branch's mark (or its removal) and the other's tick both come through, with no conflict.
  const applies = threeWayApplies(base?.appliesAnyway, ours.appliesAnyway, theirs.appliesAnyway, base !== undefined);
  const marked = (entry: ReviewEntry): ReviewEntry => {
    const { appliesAnyway: _mark, ...rest } = entry;
    return applies ? { ...rest, appliesAnyway: applies } : rest;
  };
  const sameDecided = (a: ReviewEntry, b: ReviewEntry) => sameDecision(a, b) && sameHistory(a, b);
  if (sameDecided(ours, theirs)) return { entry: marked(ours) };
  if (base !== undefined && sameDecided(ours, base)) return { entry: marked(theirs) };
  if (base !== undefined && sameDecided(theirs, base)) return { entry: marked(ours) };
  const merged = mergeEntries(ours, theirs);
  merged.entry = marked(merged.entry);
  if (merged.chose === 'same') return { entry: merged.entry, choice: { chose: 'same', winner: merged.entry } };
  return merged.chose === 'a'
    ? { entry: merged.entry, choice: { chose: 'ours', winner: ours, loser: theirs } }
    : { entry: merged.entry, choice: { chose: 'theirs', winner: theirs, loser: ours } };
}

function threeWayApplies(
  base: AppliesAnyway | undefined,
  ours: AppliesAnyway | undefined,
  theirs: AppliesAnyway | undefined,
  hasBase: boolean,
): AppliesAnyway | undefined {
  if (sameApplies(ours, theirs)) return ours;
  if (hasBase && sameApplies(ours, base)) return theirs;
  if (hasBase && sameApplies(theirs, base)) return ours;
  // Both changed it differently, or no base tells who did: a mark is never dropped.
  return newestApplies([ours, theirs]);
}

function sameHistory(a: ReviewEntry, b: ReviewEntry): boolean {
  return JSON.stringify(normalizeHistory(a, a.history ?? [])) === JSON.stringify(normalizeHistory(b, b.history ?? []));
}

/**
 * A version-1 file has no history: the decisions a merge did not keep are written into the
 * winner's note, so they stay readable until the file is migrated.
 */
function legacyEntry(entry: ReviewEntry): LegacyEntry {
  const result: LegacyEntry = { state: entry.state, by: entry.by, at: entry.at, textHash: entry.textHash };
  const earlier = (entry.history ?? []).map(
    (past) => `earlier decision kept by a merge: ${past.state} by ${past.by} at ${past.at}${past.note ? ` (note: ${past.note})` : ''}`,
  );
  const note = [entry.note, ...earlier].filter((part): part is string => !!part).join('\n');
  if (note) result.note = note;
  return result;
}
