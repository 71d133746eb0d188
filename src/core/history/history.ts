/**
 * Review over time: the review state at each commit that changed it, counted per review unit.
 * Pure: git access is in src/node/history.ts, which hands over each commit's review files (their
 * paths and blob ids, the text of each blob once); this module parses each blob once, rebuilds the
 * review at every commit and counts it with the same checklist code `check` uses.
 */
import type { Detection } from '../detect/detector';
import type { UnitEvidence } from '../evidence/evaluate';
import { attachEvidence, isEvidenceLost } from '../evidence/checklistEvidence';
import type { Profile } from '../profiles/model';
import { buildChecklist, legacyResolver, type ChecklistUnit } from '../review/checklist';
import { fixedClock, type Clock } from '../review/expiry';
import { reviewUnits } from '../review/units';
import { parseEntry } from '../review/entryFile';
import { combineDecisions, MERGE_FROM } from '../review/mergeReview';
import { keyString, REVIEW_LIMITS, type ReviewData, type ReviewError, type StoredEntry } from '../review/reviewData';
import { parseLegacyReview } from '../review/legacy/legacyFile';
import { markdownCode, markdownText } from '../report/text';
import { isOpen } from '../review/display';

/** One review file at one commit: where it is (relative to the checked folder) and which blob it holds. */
export interface ReviewBlobRef {
  path: string;
  blob: string;
}

/** A commit whose diff touched the review folder or the version-1 file, with the review files it then held. */
export interface CommitReview {
  commit: string;
  /** Committer date, ISO 8601 as git writes it. */
  date: string;
  /** Committer date in seconds since the epoch, for --since. */
  time: number;
  /** Decision files, already mapped into the current review folder. */
  files: ReviewBlobRef[];
  /** The version-1 file, when the commit holds one. */
  legacy?: ReviewBlobRef;
  /** A file that cannot be a decision at that commit (a link, a submodule): the review is unreadable there. */
  unreadable?: string;
}

/** Blob text by id; undefined for a blob over the size limit. */
export type BlobText = (blob: string) => string | undefined;

/** What git gives buildHistory (src/node/history.ts reads it): the commits, their blobs, tags and the first-parent chain. */
export interface GitReviewLog {
  commits: CommitReview[];
  blobText: BlobText;
  tags: Map<string, string[]>;
  chain: string[];
}

export interface HistoryUnit {
  path: string;
  ecosystem: string;
  /** Closed items (done and n/a), as the checklist's "3/17" counts them. */
  done: number;
  total: number;
  /** Open or stale items of high severity: what the default gate fails on. */
  openHigh: number;
  accepted: number;
  notApplicable: number;
  stale: number;
  evidenceLost: number;
  expired: number;
}

export interface HistoryEntry {
  commit: string;
  date: string;
  /** The tags whose review state this is, ", "-separated; null when none. */
  milestone: string | null;
  units: HistoryUnit[];
}

export interface HistoryProblem {
  commit: string;
  error: ReviewError;
}

export interface ReviewHistory {
  entries: HistoryEntry[];
  /** Commits whose review could not be read: left out, the state before them carries on. */
  problems: HistoryProblem[];
}

class Unreadable extends Error {
  constructor(readonly error: ReviewError) {
    super(error.message);
  }
}

/** Parses each blob once: a decision file that never changes is read once over the whole history. */
export class BlobParser {
  private readonly entries = new Map<string, StoredEntry | ReviewError>();
  private readonly legacies = new Map<string, StoredEntry[] | ReviewError>();
  constructor(private readonly text: BlobText) {}

  entry(ref: ReviewBlobRef): StoredEntry {
    let parsed = this.entries.get(ref.blob);
    if (parsed === undefined) {
      const text = this.text(ref.blob);
      if (text === undefined) parsed = tooLarge(ref.path);
      else {
        const result = parseEntry(text, ref.path);
        parsed = result.ok ? { key: result.key, entry: result.entry, file: ref.path } : result.error;
      }
      this.entries.set(ref.blob, parsed);
    }
    if ('hint' in parsed) throw new Unreadable({ ...parsed, file: ref.path });
    return parsed.file === ref.path ? parsed : { ...parsed, file: ref.path };
  }

  legacy(ref: ReviewBlobRef): StoredEntry[] {
    let parsed = this.legacies.get(ref.blob);
    if (parsed === undefined) {
      const text = this.text(ref.blob);
      if (text === undefined) parsed = tooLarge(ref.path);
      else {
        const result = parseLegacyReview(text, ref.path);
        if (!result.ok) parsed = result.error;
        else {
          const entries: StoredEntry[] = [];
          for (const [component, items] of Object.entries(result.data.components)) {
            for (const [id, { state, by, at, textHash, note }] of Object.entries(items)) {
              entries.push({
                key: { unit: component, id },
                entry: { state, by, at, textHash, ...(note !== undefined ? { note } : {}) },
                file: ref.path,
                legacy: true,
              });
            }
          }
          parsed = entries;
        }
      }
      this.legacies.set(ref.blob, parsed);
    }
    if (!Array.isArray(parsed)) throw new Unreadable({ ...parsed, file: ref.path });
    return parsed;
  }
}

function tooLarge(file: string): ReviewError {
  return { file, line: 1, column: 1, message: 'is larger than a review file can be', hint: 'Restore it from version control.' };
}

/** The review a commit holds, as the folder reader would read it from a checkout of that commit. */
export function reviewAt(commit: CommitReview, parser: BlobParser): ReviewData {
  if (commit.unreadable !== undefined)
    throw new Unreadable({
      file: commit.unreadable,
      line: 1,
      column: 1,
      message: 'is not a regular file',
      hint: 'Stack Guide does not follow links or submodules in the review.',
    });
  if (commit.files.length > REVIEW_LIMITS.maxFiles)
    throw new Unreadable({
      file: commit.files[0].path,
      line: 1,
      column: 1,
      message: `the review folder holds more than ${REVIEW_LIMITS.maxFiles} decision files`,
      hint: 'Remove decision files that are no longer needed.',
    });
  const byKey = new Map<string, StoredEntry[]>();
  for (const ref of commit.files) {
    const stored = parser.entry(ref);
    const key = keyString(stored.key);
    const group = byKey.get(key);
    if (group) group.push(stored);
    else byKey.set(key, [stored]);
  }
  // Two files holding one key: the newer decision wins, as in reviewReader.ts (which reads them in path order).
  const entries = [...byKey.values()].map((group) => {
    if (group.length === 1) return group[0];
    group.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const { entry, winner } = combineDecisions(group.map((stored) => ({ entry: stored.entry, from: MERGE_FROM })));
    return { key: group[winner].key, entry, file: group[winner].file };
  });
  const data: ReviewData = { entries };
  if (commit.legacy) {
    data.entries.push(...parser.legacy(commit.legacy));
    data.legacyFile = commit.legacy.path;
  }
  return data;
}

/** What a review decides, without where its files are: two commits with the same fingerprint hold the same review state. */
export function reviewFingerprint(data: ReviewData): string {
  return data.entries.map(entryFingerprint).sort().join('\n');
}

// The parser hands out one object per blob and path: its fingerprint is made once.
const fingerprints = new WeakMap<StoredEntry, string>();

function entryFingerprint(stored: StoredEntry): string {
  let print = fingerprints.get(stored);
  if (print === undefined) {
    print = JSON.stringify([keyString(stored.key), stored.legacy === true, stored.entry]);
    fingerprints.set(stored, print);
  }
  return print;
}

/**
 * The counts of one unit. An expired decision (an accepted risk or n/a past its `until`, by the
 * clock the checklist was built with) counts as open, and as expired: not as done, n/a or accepted.
 */
export function unitCounts(unit: ChecklistUnit): HistoryUnit {
  const counts: HistoryUnit = {
    path: unit.path,
    ecosystem: unit.ecosystem,
    done: 0,
    total: unit.items.length,
    openHigh: 0,
    accepted: 0,
    notApplicable: 0,
    stale: 0,
    evidenceLost: 0,
    expired: 0,
  };
  for (const item of unit.items) {
    if (isEvidenceLost(item)) counts.evidenceLost++;
    if (item.state === 'expired') counts.expired++;
    if (item.state === 'done' || item.state === 'n/a') counts.done++;
    if (item.state === 'n/a') counts.notApplicable++;
    if (item.state === 'accepted') counts.accepted++;
    if (item.state === 'stale') counts.stale++;
    if (item.severity === 'high' && isOpen(item.state)) counts.openHigh++;
  }
  return counts;
}

export interface HistoryInput {
  /** Oldest first: every commit that touched the review paths, each with the files it then held. */
  commits: Iterable<CommitReview>;
  blobText: BlobText;
  /** Today's detection of the folder: units at every commit are today's units. */
  detection: Detection;
  profiles: readonly Profile[];
  /** Today's evidence, by unit (evaluateUnits); none: evidence lost is never counted. */
  evidence?: ReadonlyMap<string, UnitEvidence>;
  /** Seconds since the epoch: entries older than this are left out (their state still counts as the start). */
  since?: number;
  /** Tag names by commit on the first-parent chain, and that chain oldest first: see assignMilestones. */
  tags?: ReadonlyMap<string, readonly string[]>;
  chain?: readonly string[];
}

/**
 * The history: one entry per commit whose review state differs from the one before it, oldest
 * first. Only the units whose decisions changed are counted again (with buildChecklist on their
 * decisions alone, which gives them what the whole review would: every key belongs to one unit);
 * the others keep their counts.
 */
export function buildHistory(input: HistoryInput): ReviewHistory {
  const parser = new BlobParser(input.blobText);
  const entries: HistoryEntry[] = [];
  const problems: HistoryProblem[] = [];
  const changing: string[] = [];
  const folder = input.detection.folders[0];
  // Profiles without a unit here decide nothing (nor where a version-1 tick goes): left out, the result is the same.
  const unitEcosystems = new Set(folder ? reviewUnits(folder).map((unit) => unit.ecosystem) : []);
  const profiles = input.profiles.filter((profile) => unitEcosystems.has(profile.id));
  const resolve = folder ? legacyResolver(reviewUnits(folder), profiles) : () => undefined;
  // Expiry is judged on the commit's date: an accepted risk past its day at that commit counts as open there.
  const count = (data: ReviewData, clock: Clock): ChecklistUnit[] => {
    const { units } = buildChecklist(input.detection, profiles, new Map(folder ? [[folder.root, data]] : []), undefined, clock);
    if (input.evidence) attachEvidence(units, input.evidence);
    return units;
  };
  const unitId = (unit: { path: string; ecosystem: string }) => `${unit.path}\u0000${unit.ecosystem}`;
  // Today's units with no decision: the order of every entry, and the counts of an undecided unit.
  const skeleton = count({ entries: [] }, fixedClock(0));
  let counts = new Map<string, HistoryUnit>();
  let previous = new Map<string, string>(); // unit path -> fingerprint of its decisions
  for (const commit of input.commits) {
    let data: ReviewData;
    try {
      data = reviewAt(commit, parser);
    } catch (error) {
      if (error instanceof Unreadable) {
        problems.push({ commit: commit.commit, error: error.error });
        continue;
      }
      throw error;
    }
    const byUnit = new Map<string, StoredEntry[]>();
    for (const stored of data.entries) {
      const unit = stored.legacy ? (resolve(stored.key.unit, stored.key.id)?.unit ?? stored.key.unit) : stored.key.unit;
      const group = byUnit.get(unit);
      if (group) group.push(stored);
      else byUnit.set(unit, [stored]);
    }
    const fingerprints = new Map([...byUnit].map(([unit, stored]) => [unit, reviewFingerprint({ entries: stored })]));
    const changed = new Set([...fingerprints].filter(([unit, print]) => previous.get(unit) !== print).map(([unit]) => unit));
    for (const unit of previous.keys()) if (!fingerprints.has(unit)) changed.add(unit);
    if (changed.size === 0) continue;
    previous = fingerprints;
    changing.push(commit.commit);
    // Units with a dated decision are counted again at every entry: time alone can expire them.
    const recount = new Set([
      ...changed,
      ...[...byUnit].filter(([, stored]) => stored.some((entry) => entry.entry.until !== undefined)).map(([unit]) => unit),
    ]);
    const subset: ReviewData = { entries: [...recount].flatMap((unit) => byUnit.get(unit) ?? []) };
    if (data.legacyFile !== undefined) subset.legacyFile = data.legacyFile;
    const next = new Map(counts);
    for (const unit of count(subset, fixedClock(commit.time * 1000))) if (recount.has(unit.path)) next.set(unitId(unit), unitCounts(unit));
    counts = next;
    // Before --since: still a state a milestone can name, but not listed.
    if (input.since !== undefined && commit.time < input.since) continue;
    entries.push({
      commit: commit.commit,
      date: commit.date,
      milestone: null,
      units: skeleton.map((unit) => counts.get(unitId(unit)) ?? unitCounts(unit)),
    });
  }
  if (input.tags && input.chain) {
    const milestones = assignMilestones(input.chain, new Set(changing), input.tags);
    for (const entry of entries) entry.milestone = milestones.get(entry.commit) ?? null;
  }
  return { entries, problems };
}

/**
 * A tag is a milestone of the review state it saw: the entry of the last review change at or
 * before the tagged commit on the first-parent chain. A tag on a commit that changed nothing in
 * the review (a release) names the state before it; tags before any review, or off the chain, name
 * none. Several tags on one state are listed in name order.
 */
export function assignMilestones(
  chain: readonly string[],
  changing: ReadonlySet<string>,
  tags: ReadonlyMap<string, readonly string[]>,
): Map<string, string> {
  const names = new Map<string, string[]>();
  let current: string | undefined;
  for (const commit of chain) {
    if (changing.has(commit)) current = commit;
    const tagged = tags.get(commit);
    if (current === undefined || !tagged) continue;
    const list = names.get(current) ?? [];
    list.push(...tagged);
    names.set(current, list);
  }
  return new Map([...names].map(([commit, list]) => [commit, [...new Set(list)].sort(compareText).join(', ')]));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Formats

const COLUMNS = ['done', 'total', 'openHigh', 'accepted', 'notApplicable', 'stale', 'evidenceLost', 'expired'] as const;

/** The JSON contract: `{ entries: [{ commit, date, milestone, units: [...] }] }`. */
export function historyJson(history: ReviewHistory): { entries: HistoryEntry[] } {
  return { entries: history.entries };
}

/** One row per entry and unit, lines ending in LF (a terminal shows no CR); cells a spreadsheet would run as a formula start with "'". */
export function historyCsv(history: ReviewHistory): string {
  const rows = [['commit', 'date', 'milestone', 'unit', 'ecosystem', ...COLUMNS]];
  for (const entry of history.entries) {
    for (const unit of entry.units)
      rows.push([
        entry.commit,
        entry.date,
        entry.milestone ?? '',
        unit.path,
        unit.ecosystem,
        ...COLUMNS.map((column) => String(unit[column])),
      ]);
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

export function csvCell(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** Per unit, a table of its entries: for a pull request or a wiki page. Repository text is escaped. */
export function historyMarkdown(history: ReviewHistory): string {
  const out = ['## Stack Guide review history', ''];
  if (history.entries.length === 0) return [...out, 'No commit changed the review.', ''].join('\n');
  const units = new Map<string, { path: string; ecosystem: string }>();
  for (const entry of history.entries) for (const unit of entry.units) units.set(`${unit.path}\u0000${unit.ecosystem}`, unit);
  for (const [id, unit] of [...units].sort(([a], [b]) => compareText(a, b))) {
    out.push(`### ${markdownCode(unit.path)} (${markdownText(unit.ecosystem)})`, '');
    out.push(
      '| Date | Commit | Milestone | Done | Open high | Accepted | N/A | Stale | Evidence lost | Expired |',
      '|---|---|---|---|---|---|---|---|---|---|',
    );
    for (const entry of history.entries) {
      const counts = entry.units.find((candidate) => `${candidate.path}\u0000${candidate.ecosystem}` === id);
      if (!counts) continue;
      const cells = [
        entry.date.slice(0, 10),
        markdownCode(entry.commit.slice(0, 12)),
        entry.milestone ? markdownText(entry.milestone) : '',
        `${counts.done}/${counts.total}`,
        counts.openHigh,
        counts.accepted,
        counts.notApplicable,
        counts.stale,
        counts.evidenceLost,
        counts.expired,
      ];
      out.push(`| ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
