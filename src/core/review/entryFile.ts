/**
 * One review decision per file (review version 2): the file format and where the file lives.
 *
 * The file's content (unit, item, member) is authoritative; its path is only a convention, so a
 * file that was renamed or moved by hand is still read as the decision it holds.
 */
import { isAlias, isMap, isSeq, LineCounter, visit, type Document } from 'yaml';
import { parseYamlDocument } from '../yamlDocument';
import { joinRelative } from '../fileSystem';
import {
  REVIEW_VERSION,
  type AppliesAnyway,
  type EntryKey,
  type HistoryEntry,
  type ReviewEntry,
  type ReviewError,
  type ReviewLayout,
} from './reviewData';
import { ITEM_STATES, ITEM_STATES_TEXT, type ItemState } from './states';
import { untilProblem } from './expiry';

/**
 * The first line names the decision. It is what keeps two decision files unlike each other: git
 * takes a deleted file and an added one that are at least half alike for a rename (and a folder
 * whose files all "moved" for a folder rename), which would turn unrelated decisions on two
 * branches into a conflict. A constant header would make every two files of a unit more than half
 * alike; this one keeps them below it.
 */
export function entryHeader(key: EntryKey): string {
  const member = key.member !== undefined ? ` for ${commentText(key.member)}` : '';
  return `# ${commentText(key.id)} in ${commentText(key.unit)}${member}: a Stack Guide review decision`;
}

/** Text for a comment: one line, whatever the (untrusted) value holds. */
function commentText(value: string): string {
  return scalar(value).replace(/[\s\u0085\u2028\u2029]/g, (c) => (c === ' ' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

export const ENTRY_EXTENSION = '.yaml';

export type EntryParse = { ok: true; key: EntryKey; entry: ReviewEntry } | { ok: false; error: ReviewError };

const STATES: readonly ItemState[] = ITEM_STATES;
const ENTRY_KEYS = [
  'version',
  'unit',
  'item',
  'member',
  'state',
  'by',
  'at',
  'textHash',
  'note',
  'owner',
  'until',
  'due',
  'evidence',
  'appliesAnyway',
  'history',
];
/** Locations recorded with a tick, at most. */
export const MAX_RECORDED_EVIDENCE = 20;
const HISTORY_KEYS = ['state', 'by', 'at', 'note', 'owner', 'until', 'due', 'from'];

/** A line that starts with a git conflict marker (<<<<<<<, =======, >>>>>>>, or diff3's |||||||). */
export const CONFLICT_MARKER = /^(<{7}|={7}|>{7}|\|{7})(?=[ \t\r]|$)/m;

/** The 1-based line of the first conflict marker, or undefined. */
export function conflictMarkerLine(text: string): number | undefined {
  const match = CONFLICT_MARKER.exec(text);
  return match ? text.slice(0, match.index).split('\n').length : undefined;
}

export function conflictError(file: string, line: number): ReviewError {
  return {
    file,
    line,
    column: 1,
    message: 'the file contains merge-conflict markers',
    hint: 'Run "Stack Guide: Resolve Review Conflict", or keep one side by hand: both decisions are in the file.',
    conflict: true,
  };
}

// ---------------------------------------------------------------------------------------------
// Writing

// Starts with a letter (so never a number, .inf or .nan); '.' alone is the root unit.
const PLAIN = /^(\.|[A-Za-z_][A-Za-z0-9 _./@+-]*)$/;
const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;
// A string under YAML 1.2's core schema (which is what parseEntry reads with), and readable.
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/**
 * A YAML scalar: plain when it cannot be misread, else a JSON string (valid YAML double-quoted),
 * with the characters YAML does not allow raw in a stream escaped as well.
 */
export function scalar(value: string, flow = false): string {
  if (PLAIN.test(value) && !RESERVED.test(value) && !value.endsWith(' ')) return value;
  if (!flow && TIMESTAMP.test(value)) return value;
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Stable and readable: the same decision is always the same bytes, so identical edits on two branches merge. */
export function serializeEntry(key: EntryKey, entry: ReviewEntry): string {
  const lines = [
    entryHeader(key),
    `version: ${REVIEW_VERSION}`,
    `unit: ${scalar(key.unit)}`,
    `item: ${scalar(key.id)}`,
    `state: ${scalar(entry.state)}`,
    `by: ${scalar(entry.by)}`,
    `at: ${scalar(entry.at)}`,
  ];
  // The note sits inside the block of the decision's lines: a line merge then never gives one
  // decision another's note (git conflicts on adjacent changed lines).
  if (entry.note !== undefined && entry.note !== '') lines.push(`note: ${scalar(entry.note)}`);
  if (entry.owner !== undefined && entry.owner !== '') lines.push(`owner: ${scalar(entry.owner)}`);
  if (entry.until !== undefined) lines.push(`until: ${scalar(entry.until)}`);
  if (entry.due !== undefined) lines.push(`due: ${scalar(entry.due)}`);
  if (entry.evidence && entry.evidence.length > 0) {
    lines.push('evidence:');
    for (const location of entry.evidence) lines.push(`  - ${scalar(location)}`);
  }
  lines.push(`textHash: ${scalar(entry.textHash)}`);
  if (key.member !== undefined) lines.push(`member: ${scalar(key.member)}`);
  // Apart from the decision's lines (state, by, at, note…): marking "applies anyway" on one branch
  // and ticking the item on another change lines git does not see as touching, so both merge.
  if (entry.appliesAnyway) lines.push(`appliesAnyway: ${appliesLine(entry.appliesAnyway)}`);
  if (entry.history && entry.history.length > 0) {
    lines.push('history:');
    for (const past of entry.history) lines.push(`  - ${historyLine(past)}`);
  }
  return `${lines.join('\n')}\n`;
}

function appliesLine(mark: AppliesAnyway): string {
  return `{by: ${scalar(mark.by, true)}, at: ${scalar(mark.at, true)}}`;
}

function historyLine(past: HistoryEntry): string {
  const fields = [`state: ${scalar(past.state, true)}`, `by: ${scalar(past.by, true)}`, `at: ${scalar(past.at, true)}`];
  if (past.note !== undefined && past.note !== '') fields.push(`note: ${scalar(past.note, true)}`);
  if (past.owner !== undefined && past.owner !== '') fields.push(`owner: ${scalar(past.owner, true)}`);
  if (past.until !== undefined) fields.push(`until: ${scalar(past.until, true)}`);
  if (past.due !== undefined) fields.push(`due: ${scalar(past.due, true)}`);
  if (past.from !== undefined) fields.push(`from: ${scalar(past.from, true)}`);
  return `{${fields.join(', ')}}`;
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Reads one decision file. Anything not fully understood is an error with its line and column,
 * so callers never write over a file they could not read.
 */
export function parseEntry(text: string, file: string): EntryParse {
  const problem = (line: number, column: number, message: string, hint: string): ReviewError => ({ file, line, column, message, hint });
  const fail = (line: number, column: number, message: string, hint: string): EntryParse => ({
    ok: false,
    error: problem(line, column, message, hint),
  });
  const markerLine = conflictMarkerLine(text);
  if (markerLine !== undefined) return { ok: false, error: conflictError(file, markerLine) };
  if (text.trim() === '') return fail(1, 1, 'the file is empty', 'Delete the file, or restore it from version control.');

  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    return fail(pos.line, pos.col, `invalid YAML: ${error.message.split('\n')[0]}`, 'Fix the YAML syntax at that line.');
  }
  const at = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return [pos.line, pos.col] as const;
  };
  const alias = firstAlias(doc);
  if (alias !== undefined) return fail(...at(alias), 'YAML aliases are not allowed in a review file', 'Write the value out in full.');
  const where = (path: (string | number)[]) => at((doc.getIn(path, true) as { range?: [number, number, number] } | undefined)?.range?.[0]);

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    return fail(
      1,
      1,
      `cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      'Restore the file from version control.',
    );
  }
  if (!isRecord(value) || !isMap(doc.contents)) {
    return fail(
      ...at(doc.contents?.range?.[0]),
      'a review decision must be a mapping with version, unit, item, state, by, at and textHash',
      'Restore the file from version control.',
    );
  }
  const mapStart = at(doc.contents.range?.[0]);
  if (!('version' in value)) return fail(...mapStart, 'missing "version"', `Add "version: ${REVIEW_VERSION}".`);
  if (value.version !== REVIEW_VERSION) {
    return fail(
      ...where(['version']),
      `unknown review decision version ${JSON.stringify(value.version)}`,
      `This Stack Guide reads version ${REVIEW_VERSION}; update the extension or restore the file.`,
    );
  }
  for (const name of Object.keys(value)) {
    if (!ENTRY_KEYS.includes(name))
      return fail(...where([name]), `unknown key "${name}"`, `Remove the key; a decision holds only ${ENTRY_KEYS.join(', ')}.`);
  }
  const text_ = (name: string, optional = false): string | undefined | ReviewError => {
    const raw = value[name];
    if (raw === undefined && optional) return undefined;
    if (raw === undefined) return problem(...mapStart, `missing "${name}"`, 'Restore the file from version control.');
    if (typeof raw !== 'string')
      return problem(...where([name]), `"${name}" must be text, not ${describe(raw)}`, 'Put the value in double quotes.');
    return raw;
  };
  const fields: Record<string, string | undefined> = {};
  const OPTIONAL = ['note', 'owner', 'member', 'until', 'due'];
  for (const name of ['unit', 'item', 'state', 'by', 'at', 'textHash', ...OPTIONAL]) {
    const got = text_(name, OPTIONAL.includes(name));
    if (isError(got)) return { ok: false, error: got };
    fields[name] = got;
  }
  for (const name of ['unit', 'item', 'member']) {
    const got = fields[name];
    if (got !== undefined && (got === '' || got.includes('\u0000')))
      return fail(...where([name]), `"${name}" must be a non-empty path or id`, 'Restore the file from version control.');
  }
  if (!STATES.includes(fields.state as ItemState)) {
    return fail(...where(['state']), `state ${JSON.stringify(fields.state)} is not one of ${ITEM_STATES_TEXT}`, 'Correct the state.');
  }
  if (fields.state === 'accepted' && (!fields.note || !fields.owner)) {
    return fail(...where(['state']), 'an accepted risk needs a "note" (the reason) and an "owner"', 'Add both, or set another state.');
  }
  const entry: ReviewEntry = { state: fields.state as ItemState, by: fields.by!, at: fields.at!, textHash: fields.textHash! };
  if (fields.note !== undefined && fields.note !== '') entry.note = fields.note;
  if (fields.owner !== undefined && fields.owner !== '') entry.owner = fields.owner;
  for (const name of ['until', 'due'] as const) {
    const day = fields[name];
    if (day === undefined) continue;
    const bad = untilProblem(day, name);
    if (bad) return fail(...where([name]), bad, `Write the day as YYYY-MM-DD, or remove "${name}".`);
    entry[name] = day;
  }
  if (value.evidence !== undefined && value.evidence !== null) {
    const list = value.evidence;
    if (!Array.isArray(list) || list.some((location) => typeof location !== 'string' || location === '' || location.includes('\u0000'))) {
      return fail(
        ...where(['evidence']),
        '"evidence" must be a list of file locations ("path" or "path:line")',
        'Restore the file from version control, or remove "evidence".',
      );
    }
    if (list.length > MAX_RECORDED_EVIDENCE)
      return fail(
        ...where(['evidence']),
        `"evidence" lists ${list.length} locations; at most ${MAX_RECORDED_EVIDENCE}`,
        'Keep the locations that prove the item.',
      );
    if (list.length > 0) entry.evidence = list as string[];
  }

  if (value.appliesAnyway !== undefined) {
    const mark = value.appliesAnyway;
    const bad = (path: (string | number)[], message: string) =>
      fail(
        ...where(path),
        message,
        'Write it as "appliesAnyway: {by: NAME, at: TIME}", or remove it: the item is then not applicable here again.',
      );
    if (!isRecord(mark))
      return bad(
        ['appliesAnyway'],
        `"appliesAnyway" must be a mapping with "by" and "at" (who marked the item as applying anyway, and when), not ${describe(mark)}`,
      );
    for (const name of Object.keys(mark))
      if (name !== 'by' && name !== 'at')
        return bad(['appliesAnyway', name], `"appliesAnyway" has unknown key "${name}"; it holds only by and at`);
    for (const name of ['by', 'at'])
      if (typeof mark[name] !== 'string' || mark[name] === '')
        return bad(name in mark ? ['appliesAnyway', name] : ['appliesAnyway'], `"appliesAnyway" needs "${name}" as text`);
    entry.appliesAnyway = { by: mark.by as string, at: mark.at as string };
  }

  if (value.history !== undefined && value.history !== null) {
    if (!Array.isArray(value.history) || !isSeq(doc.get('history', true))) {
      return fail(...where(['history']), '"history" must be a list of earlier decisions', 'Restore the file from version control.');
    }
    const history: HistoryEntry[] = [];
    for (let i = 0; i < value.history.length; i++) {
      const past: unknown = value.history[i];
      const path = ['history', i];
      if (!isRecord(past))
        return fail(
          ...where(path),
          `history item ${i + 1} must be a mapping with state, by and at`,
          'Restore the file from version control.',
        );
      for (const name of Object.keys(past)) {
        if (!HISTORY_KEYS.includes(name))
          return fail(
            ...where([...path, name]),
            `history item ${i + 1} has unknown key "${name}"`,
            `Remove the key; a history item holds only ${HISTORY_KEYS.join(', ')}.`,
          );
      }
      for (const name of ['state', 'by', 'at']) {
        if (typeof past[name] !== 'string') {
          return fail(
            ...where(name in past ? [...path, name] : path),
            `history item ${i + 1} needs "${name}" as text`,
            'Restore the file from version control.',
          );
        }
      }
      for (const name of ['note', 'owner', 'from', 'until', 'due']) {
        if (past[name] !== undefined && typeof past[name] !== 'string')
          return fail(
            ...where([...path, name]),
            `history item ${i + 1} has a "${name}" that is not text`,
            'Put the value in double quotes.',
          );
      }
      if (!STATES.includes(past.state as ItemState)) {
        return fail(
          ...where([...path, 'state']),
          `history item ${i + 1} has state ${JSON.stringify(past.state)}; expected ${ITEM_STATES_TEXT}`,
          'Correct the state.',
        );
      }
      const item: HistoryEntry = { state: past.state as ItemState, by: past.by as string, at: past.at as string };
      if (typeof past.note === 'string' && past.note !== '') item.note = past.note;
      if (typeof past.owner === 'string' && past.owner !== '') item.owner = past.owner;
      for (const name of ['until', 'due'] as const) {
        const day = past[name];
        if (typeof day !== 'string') continue;
        const bad = untilProblem(day, name);
        if (bad)
          return fail(...where([...path, name]), `history item ${i + 1}: ${bad}`, `Write the day as YYYY-MM-DD, or remove "${name}".`);
        item[name] = day;
      }
      if (typeof past.from === 'string') item.from = past.from;
      history.push(item);
    }
    if (history.length > 0) entry.history = history;
  }
  const key: EntryKey = { unit: fields.unit!, id: fields.item! };
  if (fields.member !== undefined) key.member = fields.member;
  return { ok: true, key, entry };
}

function firstAlias(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node)) offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

function describe(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `the ${typeof value} ${JSON.stringify(value)}`;
}

function isError(value: unknown): value is ReviewError {
  return typeof value === 'object' && value !== null && 'hint' in value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Where a decision lives

/**
 * The canonical file of a decision, relative to the workspace folder:
 * `<folder>/<unit>/<item id>.yaml`, or `<folder>/<unit>/<item id>/<member>.yaml` for a member's
 * decision (unit '.' puts it directly in the folder). Every segment taken from the key is made a
 * safe file name, so no unit, id or member (team profiles are untrusted) leaves the folder.
 */
export function entryPath(layout: ReviewLayout, key: EntryKey): string {
  const folder = normalizeFolder(layout.folder);
  const unit = key.unit === '.' ? [] : key.unit.split('/').map((part) => safeSegment(part));
  const parts = [...unit];
  if (key.member === undefined) {
    parts.push(safeSegment(key.id, ENTRY_EXTENSION));
  } else {
    const member = key.member.split('/');
    parts.push(
      safeSegment(key.id),
      ...member.slice(0, -1).map((part) => safeSegment(part)),
      safeSegment(member[member.length - 1], ENTRY_EXTENSION),
    );
  }
  return parts.reduce(joinRelative, folder);
}

function normalizeFolder(folder: string): string {
  return folder
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}

// Windows device names are reserved with any extension.
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])(\.|$)/i;
// '%' itself, path separators, characters Windows refuses, controls, and invisible direction marks.
// Control characters are among those a file name must not carry: matching them is the point.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHAR = /[%/\\:*?"<>|\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const MAX_SEGMENT = 120;

/**
 * One path segment as a safe file name: percent-encodes anything a file system could read as
 * structure ('/', '\\', '.' and '..', a leading '.', Windows' reserved characters and names, a
 * trailing dot or space, control characters). '%' is encoded too, so the encoding is reversible; an
 * empty segment is '%'. Very long segments are cut and end in a hash of the whole.
 */
export function safeSegment(raw: string, suffix = ''): string {
  if (raw === '') return `%${suffix}`;
  let encoded = raw.replace(UNSAFE_CHAR, percent);
  if (encoded.startsWith('.')) encoded = `%2E${encoded.slice(1)}`;
  if (/[. ]$/.test(encoded)) encoded = encoded.slice(0, -1) + percent(encoded.slice(-1));
  if (WINDOWS_DEVICE.test(encoded)) encoded = percent(encoded[0]) + encoded.slice(1);
  if (utf8Length(encoded) > MAX_SEGMENT) {
    let cut = '';
    for (const char of encoded) {
      if (utf8Length(cut + char) > MAX_SEGMENT - 12) break;
      cut += char;
    }
    cut = cut.replace(/%[0-9A-F]?$/, ''); // never half an escape
    if (/[. ]$/.test(cut)) cut = cut.slice(0, -1) + percent(cut.slice(-1));
    encoded = `${cut}~${fnv(raw)}`;
  }
  return encoded + suffix;
}

function percent(char: string): string {
  return Array.from(new TextEncoder().encode(char), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

function fnv(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
