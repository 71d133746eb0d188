/**
 * Reads a workspace folder's review: every decision file (version 2) under the review folder, and
 * the version-1 file when it is still there. Anything it cannot read fully is an error naming the
 * file, line and column, so a writer never writes over what it could not read.
 */
import { CancelledError, FileReadError, formatBytes, joinRelative, type Cancellation, type DirEntry, type FileSystem } from '../fileSystem';
import { conflictError, conflictMarkerLine, ENTRY_EXTENSION, parseEntry } from './entryFile';
import { combineDecisions, MERGE_FROM } from './mergeReview';
import { keyString, type ReviewData, type ReviewError, type ReviewLayout, type ReviewParse, type StoredEntry } from './reviewData';
import { parseLegacyReview } from './legacy/legacyFile';
import { isUnitFile, parseUnitFile, type StoredUnitSetting } from './unitFile';
import { conflictAllowance, REVIEW_LIMITS, type ReviewLimits } from '../limits';

export { REVIEW_LIMITS, type ReviewLimits };

const READ_BATCH = 32;

class ReadFailure extends Error {
  constructor(readonly error: ReviewError) {
    super(error.message);
  }
}

function failure(file: string, message: string, hint: string, line = 1, column = 1): ReadFailure {
  return new ReadFailure({ file, line, column, message, hint });
}

/** What a read counted, for the writer's checks against the same limits: entries listed in the review folder. */
export interface ReviewCounts {
  listed: number;
}

export async function readReview(
  fs: FileSystem,
  layout: ReviewLayout,
  token?: Cancellation,
  limits: ReviewLimits = REVIEW_LIMITS,
  counts?: ReviewCounts,
): Promise<ReviewParse> {
  try {
    const data: ReviewData = { entries: [] };
    const folder = normalize(layout.folder);
    const legacyFile = normalize(layout.legacyFile);
    // A version-1 file configured inside the folder is still the version-1 file.
    const files = (await listDecisionFiles(fs, folder, limits, token, counts)).filter((file) => file !== legacyFile);
    const parsed: StoredEntry[] = [];
    const decisionFiles = files.filter((file) => !isUnitFile(file));
    for (let i = 0; i < decisionFiles.length; i += READ_BATCH) {
      checkCancelled(token);
      const batch = await Promise.all(decisionFiles.slice(i, i + READ_BATCH).map((file) => readDecision(fs, file, limits)));
      parsed.push(...batch);
    }
    data.entries.push(...combineDuplicates(parsed));
    const units: StoredUnitSetting[] = [];
    for (const file of files.filter(isUnitFile)) units.push(await readUnitFile(fs, file, limits));
    if (units.length > 0) data.units = newestPerUnit(units);

    if (legacyFile !== '') {
      checkCancelled(token);
      const legacy = await readLegacy(fs, legacyFile, limits);
      if (legacy) {
        data.legacyFile = legacyFile;
        data.entries.push(...legacy);
      }
    }
    return { ok: true, data };
  } catch (error) {
    if (error instanceof ReadFailure) return { ok: false, error: error.error };
    throw error;
  }
}

function checkCancelled(token: Cancellation | undefined): void {
  if (token?.isCancellationRequested) throw new CancelledError();
}

function normalize(relativePath: string): string {
  return relativePath
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}

function errorText(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code !== '' ? code : error instanceof Error ? error.message : String(error);
}

/**
 * Finds a path's entry by listing each folder from the root down, so a symbolic link anywhere on
 * the way is seen (and refused) rather than followed. Undefined when it does not exist.
 */
async function locate(fs: FileSystem, relativePath: string): Promise<DirEntry | undefined> {
  const parts = relativePath.split('/');
  let current = '';
  for (let i = 0; i < parts.length; i++) {
    let entries: DirEntry[];
    try {
      entries = await fs.readDirectory(current);
    } catch (error) {
      throw failure(current || '.', `cannot be listed (${errorText(error)})`, 'Check the folder permissions.');
    }
    const found = entries.find((entry) => entry.name === parts[i]);
    const here = joinRelative(current, parts[i]);
    if (!found) return undefined;
    if (found.symlink)
      throw failure(
        here,
        'is a symbolic link; Stack Guide does not follow links in the review',
        'Replace the link with the folder or file itself.',
      );
    if (i === parts.length - 1) return found;
    if (found.kind !== 'directory') return undefined;
    current = here;
  }
  return undefined;
}

async function listDecisionFiles(
  fs: FileSystem,
  folder: string,
  limits: ReviewLimits,
  token: Cancellation | undefined,
  counts: ReviewCounts | undefined,
): Promise<string[]> {
  if (folder !== '') {
    const entry = await locate(fs, folder);
    if (entry === undefined) return [];
    if (entry.kind !== 'directory')
      throw failure(folder, 'the review folder is not a folder', 'Move the file away, or set another review folder.');
  }
  const files: string[] = [];
  let listed = 0;
  const pending: { dir: string; depth: number }[] = [{ dir: folder, depth: 0 }];
  while (pending.length > 0) {
    checkCancelled(token);
    const { dir, depth } = pending.shift()!;
    let entries: DirEntry[];
    try {
      entries = await fs.readDirectory(dir);
    } catch (error) {
      throw failure(dir || '.', `cannot be listed (${errorText(error)})`, 'Check the folder permissions.');
    }
    for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = joinRelative(dir, entry.name);
      if (++listed > limits.maxEntries)
        throw failure(
          path,
          `the review folder holds more than ${limits.maxEntries} files and folders`,
          'Remove what is not a decision file from the review folder.',
        );
      if (entry.symlink)
        throw failure(
          path,
          'is a symbolic link; Stack Guide does not follow links in the review folder',
          'Replace the link with the file itself, or remove it.',
        );
      if (entry.kind === 'directory') {
        if (depth + 1 > limits.maxDepth)
          throw failure(
            path,
            `is more than ${limits.maxDepth} folders deep in the review folder`,
            'Move or remove it; decision files are never nested that deep.',
          );
        pending.push({ dir: path, depth: depth + 1 });
      } else if (entry.name.endsWith(ENTRY_EXTENSION)) {
        if (entry.kind !== 'file') throw failure(path, 'is not a regular file', 'Remove it from the review folder.');
        files.push(path);
        if (files.length > limits.maxFiles)
          throw failure(
            path,
            `the review folder holds more than ${limits.maxFiles} decision files`,
            'Remove decision files that are no longer needed.',
          );
      }
    }
  }
  if (counts) counts.listed = listed;
  return files;
}

async function readText(fs: FileSystem, file: string, limit: number): Promise<string> {
  let bytes: Uint8Array;
  // A file with conflict markers holds both sides: it may be up to twice the limit, to be reported as a conflict.
  const maxBytes = conflictAllowance(limit);
  try {
    // Bounded: a file over the limit is refused before it is read, and a FIFO or device is never opened.
    bytes = await fs.readFile(file, { maxBytes });
  } catch (error) {
    if (error instanceof FileReadError) {
      if (error.reason === 'too-large')
        throw failure(
          file,
          `is ${error.size !== undefined && error.size > maxBytes + 1 ? formatBytes(error.size) : `over ${formatBytes(maxBytes)}`}, more than the limit of ${formatBytes(limit)}`,
          'A review file is never that large; restore it from version control, or move it out of the review folder.',
        );
      if (error.reason === 'outside') throw failure(file, error.detail, 'Replace the link with the file itself, or remove it.');
      throw failure(file, error.detail, 'Remove it from the review folder; decision files are regular files.');
    }
    throw failure(file, `cannot be read (${errorText(error)})`, 'Check the file permissions.');
  }
  if (bytes.length > maxBytes)
    throw failure(
      file,
      `is ${formatBytes(bytes.length)}, more than the limit of ${formatBytes(maxBytes)}`,
      'A review file is never that large; restore it from version control.',
    );
  const decoded = decodeStrictUtf8(bytes);
  if (typeof decoded !== 'string')
    throw failure(
      file,
      'is not valid UTF-8 text',
      'Save the file as UTF-8, or restore it from version control.',
      decoded.line,
      decoded.column,
    );
  if (bytes.length > limit && conflictMarkerLine(decoded) === undefined)
    throw failure(
      file,
      `is ${formatBytes(bytes.length)}, more than the limit of ${formatBytes(limit)}`,
      'A review file is never that large; restore it from version control, or move it out of the review folder.',
    );
  return decoded;
}

async function readDecision(fs: FileSystem, file: string, limits: ReviewLimits): Promise<StoredEntry> {
  const text = await readText(fs, file, limits.maxFileBytes);
  const parsed = parseEntry(text, file);
  if (!parsed.ok) throw new ReadFailure(parsed.error);
  return { key: parsed.key, entry: parsed.entry, file };
}

async function readUnitFile(fs: FileSystem, file: string, limits: ReviewLimits): Promise<StoredUnitSetting> {
  const parsed = parseUnitFile(await readText(fs, file, limits.maxFileBytes), file);
  if (!parsed.ok) throw new ReadFailure(parsed.error);
  return { ...parsed.setting, file };
}

/** Two files naming one unit (one copied by hand): the one set last counts. */
function newestPerUnit(settings: StoredUnitSetting[]): StoredUnitSetting[] {
  const byUnit = new Map<string, StoredUnitSetting>();
  for (const setting of settings) {
    const id = `${setting.unit}\u0000${setting.ecosystem}`;
    const known = byUnit.get(id);
    if (!known || known.at < setting.at) byUnit.set(id, setting);
  }
  return [...byUnit.values()];
}

async function readLegacy(fs: FileSystem, file: string, limits: ReviewLimits): Promise<StoredEntry[] | undefined> {
  const entry = await locate(fs, file);
  if (entry === undefined) return undefined;
  if (entry.kind !== 'file') throw failure(file, 'the version-1 review file is not a regular file', 'Move it away.');
  const text = await readText(fs, file, limits.maxLegacyBytes);
  const marker = conflictMarkerLine(text);
  if (marker !== undefined) throw new ReadFailure(conflictError(file, marker));
  const parsed = parseLegacyReview(text, file);
  if (!parsed.ok) throw new ReadFailure(parsed.error);
  const entries: StoredEntry[] = [];
  for (const [component, items] of Object.entries(parsed.data.components)) {
    for (const [id, { state, by, at, textHash, note }] of Object.entries(items)) {
      entries.push({
        key: { unit: component, id },
        entry: { state, by, at, textHash, ...(note !== undefined ? { note } : {}) },
        file,
        legacy: true,
      });
    }
  }
  return entries;
}

/** Two files holding one key: the newer decision is the entry, the other goes into its history. */
function combineDuplicates(entries: StoredEntry[]): StoredEntry[] {
  const byKey = new Map<string, StoredEntry[]>();
  for (const stored of entries) {
    const key = keyString(stored.key);
    const group = byKey.get(key);
    if (group) group.push(stored);
    else byKey.set(key, [stored]);
  }
  return [...byKey.values()].map((group) => {
    if (group.length === 1) return group[0];
    const { entry, winner } = combineDecisions(group.map((stored) => ({ entry: stored.entry, from: MERGE_FROM })));
    return {
      key: group[winner].key,
      entry,
      file: group[winner].file,
      duplicates: group.filter((_, i) => i !== winner).map((stored) => stored.file),
    };
  });
}

/** The text, or where the first byte that is not UTF-8 is (1-based line and column). */
export function decodeStrictUtf8(bytes: Uint8Array): string | { line: number; column: number } {
  const bad = firstInvalidUtf8(bytes);
  if (bad < 0) return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i < bad; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: new TextDecoder('utf-8').decode(bytes.subarray(lineStart, bad)).length + 1 };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > n) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1];
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f))
      return i;
    i += length;
  }
  return -1;
}
