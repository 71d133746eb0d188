/**
 * The one writer of review decisions (the extension and the CLI both use it). Every write re-reads
 * the review first, refuses while anything is unreadable or conflicted, moves a version-1 file's
 * ticks into decision files (deleting the version-1 file only after every write succeeded), and
 * then writes the changed decision's own file.
 */
import { entryPath, ENTRY_EXTENSION, MAX_RECORDED_EVIDENCE, parseEntry, serializeEntry } from './entryFile';
import { combineDecisions, sameApplies, type Candidate } from './mergeReview';
import { readReview, type ReviewCounts } from './reviewReader';
import { ReviewLockError, withReviewLock } from './reviewLock';
import { REVIEW_LIMITS, type LockLimits, type ReviewLimits } from '../limits';
import { FileReadError, formatBytes } from '../fileSystem';
import { ITEM_STATES } from './states';
import { untilProblem } from './expiry';
import {
  DEFAULT_LAYOUT,
  keyString,
  type EntryKey,
  type HistoryEntry,
  type ItemState,
  type ReviewData,
  type ReviewEntry,
  type ReviewError,
  type ReviewLayout,
  type StoredEntry,
  type WritableFileSystem,
} from './reviewData';

/** A write was refused: `error` says which file could not be read (or written), where, and what to do. */
export class ReviewWriteError extends Error {
  constructor(readonly error: ReviewError) {
    super(`${error.file}:${error.line}:${error.column}: ${error.message}`);
    this.name = 'ReviewWriteError';
  }
}

/** Maps a version-1 tick (component path, item id) to the key of the unit that owns it now; undefined = none does. */
export type LegacyResolve = (componentPath: string, id: string) => EntryKey | undefined;

export type EntryChange = (current: ReviewEntry | undefined) => ReviewEntry | undefined;

export function legacyFrom(componentPath: string): string {
  return `version 1, component ${componentPath}`;
}

/**
 * The decision files a migration writes: each version-1 tick under the key `resolve` gives it (or,
 * when no unit claims it any more, under {unit: its component path, id} so it stays visible as an
 * orphan). Several ticks (and an existing decision file) for one key: the newest wins, the others
 * go into its history. Only keys a version-1 tick maps to are returned; `file` is the canonical path.
 * Deterministic, so two branches migrating the same file write the same bytes.
 */
export function planMigration(data: ReviewData, resolve: LegacyResolve, layout: ReviewLayout = DEFAULT_LAYOUT): StoredEntry[] {
  const groups = new Map<string, { key: EntryKey; current?: StoredEntry; legacy: { component: string; entry: ReviewEntry }[] }>();
  const group = (key: EntryKey) => {
    const id = keyString(key);
    let found = groups.get(id);
    if (!found) groups.set(id, (found = { key, legacy: [] }));
    return found;
  };
  for (const stored of data.entries) {
    if (!stored.legacy) group(stored.key).current = stored;
  }
  for (const stored of data.entries) {
    if (!stored.legacy) continue;
    const component = stored.key.unit;
    const key = resolve(component, stored.key.id) ?? { unit: component === '' ? '.' : component, id: stored.key.id };
    group(key).legacy.push({ component, entry: stored.entry });
  }
  const planned: StoredEntry[] = [];
  for (const { key, current, legacy } of groups.values()) {
    if (legacy.length === 0) continue;
    legacy.sort((a, b) => (a.component < b.component ? -1 : a.component > b.component ? 1 : 0));
    const candidates: Candidate[] = [
      ...(current ? [{ entry: current.entry }] : []),
      ...legacy.map(({ component, entry }) => ({ entry, from: legacyFrom(component) })),
    ];
    planned.push({ key, entry: combineDecisions(candidates).entry, file: entryPath(layout, key) });
  }
  return planned.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : keyString(a.key) < keyString(b.key) ? -1 : 1));
}

interface Slot {
  key: EntryKey;
  entry?: ReviewEntry;
  /** The decision as read from the review folder (not the version-1 file), if any. */
  read?: ReviewEntry;
  /** The decision files holding this key now. */
  files: string[];
  write: boolean;
}

/**
 * Applies `change` to the key's decision as stored now (read fresh, so a tick made meanwhile
 * elsewhere is kept), and saves it: an entry is written to the key's canonical file (atomically;
 * a file elsewhere holding the key is removed after), undefined deletes the decision. An entry
 * with state `open` is a recorded decision like any other. The history of the current decision is
 * carried over unless the returned entry sets `history` itself.
 *
 * Throws ReviewWriteError when anything in the review cannot be read or holds conflict markers;
 * nothing is written then. A version-1 file is migrated first (`resolve` maps its ticks to keys;
 * without it they keep their component path as unit), and deleted only after every write.
 */
export async function updateEntry(
  wfs: WritableFileSystem,
  layout: ReviewLayout,
  key: EntryKey,
  change: EntryChange,
  resolve?: LegacyResolve,
  options: WriteOptions = {},
): Promise<ReviewEntry | undefined> {
  checkKey(key);
  try {
    // Under the lock, the review is read again: a decision written by another window or process meanwhile is kept.
    return await withReviewLock(
      wfs,
      layout,
      () => updateLocked(wfs, layout, key, change, resolve, options.limits ?? REVIEW_LIMITS),
      options.lock,
      options.now,
    );
  } catch (error) {
    if (error instanceof ReviewLockError) throw new ReviewWriteError(error.error);
    throw error;
  }
}

export interface WriteOptions {
  /** How long to wait for the review lock and when it is stale; LOCK_LIMITS unless a test says otherwise. */
  lock?: LockLimits;
  now?: () => number;
  /** REVIEW_LIMITS unless a test says otherwise; the reader must be given the same. */
  limits?: ReviewLimits;
}

async function updateLocked(
  wfs: WritableFileSystem,
  layout: ReviewLayout,
  key: EntryKey,
  change: EntryChange,
  resolve: LegacyResolve | undefined,
  limits: ReviewLimits,
): Promise<ReviewEntry | undefined> {
  const counts: ReviewCounts = { listed: 0 };
  const read = await readReview(wfs, layout, undefined, limits, counts);
  if (!read.ok) throw new ReviewWriteError(read.error);
  const data = read.data;

  const slots = new Map<string, Slot>();
  for (const stored of data.entries) {
    if (stored.legacy) continue;
    slots.set(keyString(stored.key), {
      key: stored.key,
      entry: stored.entry,
      read: stored.entry,
      files: [stored.file, ...(stored.duplicates ?? [])],
      write: false,
    });
  }
  const migrating = data.legacyFile !== undefined || data.entries.some((stored) => stored.legacy);
  if (migrating) {
    for (const planned of planMigration(data, resolve ?? (() => undefined), layout)) {
      try {
        checkKey(planned.key);
      } catch (error) {
        throw new ReviewWriteError({
          file: data.legacyFile ?? layout.legacyFile,
          line: 1,
          column: 1,
          message: `cannot move a tick to a decision file: ${(error as Error).message}`,
          hint: 'Correct the item in the version-1 file.',
        });
      }
      const id = keyString(planned.key);
      const slot = slots.get(id) ?? { key: planned.key, files: [], write: false };
      slot.entry = planned.entry;
      slot.write = true;
      slots.set(id, slot);
    }
  }

  const id = keyString(key);
  const target = slots.get(id) ?? { key, files: [], write: false };
  slots.set(id, target);
  const current = target.entry;
  let next = change(current === undefined ? undefined : (JSON.parse(JSON.stringify(current)) as ReviewEntry));
  if (next !== undefined) {
    if (current?.history && !Object.prototype.hasOwnProperty.call(next, 'history')) next = { ...next, history: current.history };
    next = checkEntry(next);
  }
  target.entry = next;
  target.write = next !== undefined;
  const deleting = next === undefined;

  // Where each written decision goes: its canonical file, unless another key's file is there.
  const fold = (path: string) => path.normalize('NFC').toLowerCase();
  const owner = new Map<string, string>();
  for (const [slotId, slot] of slots) for (const file of slot.files) owner.set(fold(file), slotId);
  const writes: { path: string; slot: Slot }[] = [];
  for (const [slotId, slot] of [...slots].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!slot.write || slot.entry === undefined) continue;
    const path = freePath(entryPath(layout, slot.key), (candidate) => {
      const holder = owner.get(fold(candidate));
      return holder === undefined || holder === slotId;
    });
    owner.set(fold(path), slotId);
    writes.push({ path, slot });
  }

  const encoder = new TextEncoder();
  const texts = writes.map(({ path, slot }) => ({ path, slot, bytes: encoder.encode(serializeEntry(slot.key, slot.entry!)) }));
  // Every limit the reader keeps is checked before the first byte is written, so nothing written is refused when read back.
  checkLimits(
    layout,
    limits,
    data,
    counts,
    texts,
    deleting ? target.files : [],
    migrating ? (data.legacyFile ?? layout.legacyFile) : undefined,
  );
  for (const { path, slot, bytes } of texts) {
    await checkUnchanged(wfs, path, slot);
    await guarded(path, 'written', () => wfs.writeFileAtomic(path, bytes));
  }
  // Every write has succeeded: now remove what they replace, the version-1 file last.
  const written = new Set(writes.map(({ path }) => fold(path)));
  const removals: string[] = [];
  for (const { slot } of writes) removals.push(...slot.files);
  if (deleting) removals.push(...target.files);
  for (const file of [...new Set(removals)]) {
    if (!written.has(fold(file))) await guarded(file, 'removed', () => wfs.deleteFile(file));
  }
  if (data.legacyFile !== undefined) {
    const legacyFile = data.legacyFile;
    await guarded(legacyFile, 'removed', () => wfs.deleteFile(legacyFile));
  }
  return next;
}

/**
 * The reader's limits, applied to the review as it will be after this write: each file's size,
 * that it parses back to the decision written, its depth below the review folder, and the count of
 * decision files and of entries in the folder. A write over any of them is refused as a whole.
 */
function checkLimits(
  layout: ReviewLayout,
  limits: ReviewLimits,
  data: ReviewData,
  counts: ReviewCounts,
  texts: { path: string; slot: Slot; bytes: Uint8Array }[],
  deleted: string[],
  migratingFrom: string | undefined,
): void {
  const refuse = (file: string, message: string, hint: string): never => {
    const migration =
      migratingFrom !== undefined ? ' Nothing was written, and the version-1 file is kept as it is.' : ' Nothing was written.';
    throw new ReviewWriteError({ file, line: 1, column: 1, message, hint: `${hint}${migration}` });
  };
  const what = (slot: Slot) =>
    `the decision on ${slot.key.id} in ${slot.key.unit}${slot.key.member !== undefined ? ` for ${slot.key.member}` : ''}`;
  const folder = layout.folder.split('/').filter((part) => part !== '' && part !== '.');
  const fold = (path: string) => path.normalize('NFC').toLowerCase();
  const existing = new Set<string>();
  const folders = new Set<string>();
  for (const stored of data.entries) {
    if (stored.legacy) continue;
    for (const file of [stored.file, ...(stored.duplicates ?? [])]) {
      existing.add(fold(file));
      const parts = file.split('/');
      for (let i = folder.length + 1; i < parts.length; i++) folders.add(fold(parts.slice(0, i).join('/')));
    }
  }
  let files = existing.size;
  let entries = counts.listed;
  for (const { path, slot, bytes } of texts) {
    if (bytes.length > limits.maxFileBytes) {
      refuse(
        path,
        `${what(slot)} would be ${formatBytes(bytes.length)}, more than the limit of ${formatBytes(limits.maxFileBytes)} for one decision file`,
        'Shorten its note, or remove old items from its history by hand.',
      );
    }
    const parsed = parseEntry(new TextDecoder('utf-8').decode(bytes), path);
    if (!parsed.ok || keyString(parsed.key) !== keyString(slot.key)) {
      refuse(
        path,
        `${what(slot)} would not be read back${parsed.ok ? '' : ` (${parsed.error.message})`}`,
        'Shorten its note, or remove old items from its history by hand.',
      );
    }
    const parts = path.split('/');
    const depth = parts.length - folder.length - 1;
    if (depth > limits.maxDepth) {
      refuse(
        path,
        `${what(slot)} would be ${depth} folders deep in the review folder, more than the limit of ${limits.maxDepth}`,
        'Its unit or member path is too deep for the review folder: review the unit from a folder nearer the root.',
      );
    }
    if (!existing.has(fold(path))) {
      files++;
      entries++;
      existing.add(fold(path));
      for (let i = folder.length + 1; i < parts.length; i++) {
        const dir = fold(parts.slice(0, i).join('/'));
        if (!folders.has(dir)) {
          folders.add(dir);
          entries++;
        }
      }
    }
  }
  const written = new Set(texts.map(({ path }) => fold(path)));
  for (const { slot } of texts) for (const file of slot.files) if (!written.has(fold(file)) && existing.delete(fold(file))) files--;
  for (const file of deleted) if (existing.delete(fold(file))) files--;
  const where = migratingFrom ?? layout.folder;
  const verb = migratingFrom !== undefined ? 'moving the version-1 ticks would leave' : 'this decision would leave';
  if (files > limits.maxFiles) {
    refuse(
      where,
      `${verb} ${files} decision files in the review folder, more than the limit of ${limits.maxFiles}`,
      'Remove decision files that are no longer needed (or version-1 ticks of components that are gone).',
    );
  }
  if (entries > limits.maxEntries) {
    refuse(
      where,
      `${verb} ${entries} files and folders in the review folder, more than the limit of ${limits.maxEntries}`,
      'Remove what is not a decision file from the review folder.',
    );
  }
}

const eventOf = (entry: ReviewEntry | HistoryEntry) =>
  JSON.stringify([entry.state, entry.by, entry.at, entry.note ?? '', entry.owner ?? '']);

/**
 * Never writes over a decision newer than what this write read: the file at `path` must hold
 * nothing, or a decision this write knows (the one it read, one in its history, or the one it
 * writes). Anything else was written meanwhile by something that does not take the lock (an
 * older Stack Guide, a checkout): the write stops there, and the next one reads it.
 */
async function checkUnchanged(wfs: WritableFileSystem, path: string, slot: Slot): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await wfs.readFile(path, { maxBytes: REVIEW_LIMITS.maxFileBytes });
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    if (code === 'ENOENT' || code === 'FileNotFound') return;
    throw writeError(path, 'written', error);
  }
  const parsed = parseEntry(new TextDecoder('utf-8').decode(bytes), path);
  const known = new Set([slot.read, slot.entry].flatMap((entry) => (entry ? [entry, ...(entry.history ?? [])] : [])).map(eventOf));
  // An "applies anyway" mark is not part of the event: it must be one this write read or writes.
  const knownMark = [slot.read, slot.entry].some((entry) => parsed.ok && sameApplies(entry?.appliesAnyway, parsed.entry.appliesAnyway));
  if (parsed.ok && keyString(parsed.key) === keyString(slot.key) && known.has(eventOf(parsed.entry)) && knownMark) return;
  throw new ReviewWriteError({
    file: path,
    line: 1,
    column: 1,
    message: 'changed while this decision was being written; it was not overwritten',
    hint: 'Another program wrote the review at the same time. Nothing is lost: make the change again, and it is made on top of what is there now.',
  });
}

/** The canonical path, or `<name>~2.yaml`, `~3`… when another decision already lives there. */
function freePath(canonical: string, free: (path: string) => boolean): string {
  if (free(canonical)) return canonical;
  const stem = canonical.slice(0, -ENTRY_EXTENSION.length);
  for (let n = 2; ; n++) {
    const candidate = `${stem}~${n}${ENTRY_EXTENSION}`;
    if (free(candidate)) return candidate;
  }
}

async function guarded(file: string, verb: 'written' | 'removed', action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    throw writeError(file, verb, error);
  }
}

const KEPT = 'Nothing was removed before every file was written, so no decision is lost; the next tick finishes the change.';

/** What went wrong, in words: a folder where the file goes, a full disk, a read-only disk, or permissions. */
function writeError(file: string, verb: 'written' | 'removed', error: unknown): ReviewWriteError {
  const code = (error as { code?: unknown })?.code;
  const text = error instanceof Error ? error.message : String(error);
  const reason = typeof code === 'string' && code ? code : text;
  const has = (...names: string[]) => names.some((name) => reason === name || text.includes(name));
  const fail = (message: string, hint: string) => new ReviewWriteError({ file, line: 1, column: 1, message, hint: `${hint} ${KEPT}` });
  if (has('EISDIR', 'FileIsADirectory') || (error instanceof FileReadError && error.reason === 'not-regular')) {
    return fail(
      `cannot be ${verb}: a folder (or something else that is not a file) is at its path`,
      'Move or remove what is there: the decision file of this item goes at that path.',
    );
  }
  if (has('ENOSPC'))
    return fail(`cannot be ${verb}: the disk is full (ENOSPC)`, 'Free some space on the disk, then make the change again.');
  if (has('EDQUOT'))
    return fail(`cannot be ${verb}: your disk quota is used up (EDQUOT)`, 'Free some space within your quota, then make the change again.');
  if (has('EROFS'))
    return fail(`cannot be ${verb}: the file system is read-only (EROFS)`, 'Make the change where the repository can be written.');
  return fail(`cannot be ${verb} (${reason})`, 'Check the folder permissions.');
}

const STATES: readonly ItemState[] = ITEM_STATES;

function checkKey(key: EntryKey): void {
  for (const [name, value] of [
    ['unit', key.unit],
    ['id', key.id],
    ['member', key.member],
  ] as const) {
    if (value === undefined && name === 'member') continue;
    if (typeof value !== 'string' || value === '' || value.includes('\u0000'))
      throw new TypeError(`a review key needs a non-empty ${name} without NUL characters, got ${JSON.stringify(value)}`);
  }
}

/** The entry as it will be written, or a TypeError for a caller's mistake (nothing is written then). */
function checkEntry(entry: ReviewEntry): ReviewEntry {
  const text = (value: unknown, name: string) => {
    if (typeof value !== 'string') throw new TypeError(`a review entry needs "${name}" as text, got ${JSON.stringify(value)}`);
    return value;
  };
  if (!STATES.includes(entry.state))
    throw new TypeError(`a review entry needs state ${STATES.join(', ')}, got ${JSON.stringify(entry.state)}`);
  const result: ReviewEntry = {
    state: entry.state,
    by: text(entry.by, 'by'),
    at: text(entry.at, 'at'),
    textHash: text(entry.textHash, 'textHash'),
  };
  if (entry.note !== undefined && text(entry.note, 'note') !== '') result.note = entry.note;
  if (entry.owner !== undefined && text(entry.owner, 'owner') !== '') result.owner = entry.owner;
  if (entry.state === 'accepted' && (!result.note || !result.owner))
    throw new TypeError('an accepted risk needs a note (the reason) and an owner');
  // Days are kept as given once they read back: the file's reader refuses anything else.
  const day = (value: unknown, name: 'until' | 'due') => {
    const problem = untilProblem(text(value, name), name);
    if (problem) throw new TypeError(`a review entry's ${problem}`);
    return value as string;
  };
  if (entry.until !== undefined) result.until = day(entry.until, 'until');
  if (entry.due !== undefined) result.due = day(entry.due, 'due');
  if (entry.evidence !== undefined) {
    if (!Array.isArray(entry.evidence)) throw new TypeError("a review entry's evidence must be a list");
    const evidence = entry.evidence.map((location) => text(location, 'evidence')).filter((location) => location !== '');
    if (evidence.length > 0) result.evidence = evidence.slice(0, MAX_RECORDED_EVIDENCE);
  }
  if (entry.appliesAnyway !== undefined) {
    const mark = entry.appliesAnyway;
    result.appliesAnyway = { by: text(mark?.by, 'appliesAnyway by'), at: text(mark?.at, 'appliesAnyway at') };
  }
  if (entry.history !== undefined) {
    if (!Array.isArray(entry.history)) throw new TypeError("a review entry's history must be a list");
    const history: HistoryEntry[] = entry.history.map((past) => {
      if (!STATES.includes(past?.state))
        throw new TypeError(`a history item needs state ${STATES.join(', ')}, got ${JSON.stringify(past?.state)}`);
      const item: HistoryEntry = { state: past.state, by: text(past.by, 'history by'), at: text(past.at, 'history at') };
      if (past.note !== undefined && text(past.note, 'history note') !== '') item.note = past.note;
      if (past.owner !== undefined && text(past.owner, 'history owner') !== '') item.owner = past.owner;
      if (past.until !== undefined) item.until = day(past.until, 'until');
      if (past.due !== undefined) item.due = day(past.due, 'due');
      if (past.from !== undefined) item.from = text(past.from, 'history from');
      return item;
    });
    if (history.length > 0) result.history = history;
  }
  return result;
}
