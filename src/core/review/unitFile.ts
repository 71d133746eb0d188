/**
 * A review unit's own settings (issue 31, item 3): the day by which the unit is to be reviewed
 * again. One small file per unit, `.<ecosystem>.unit.yaml` in the unit's folder of the review folder
 * (a folder reviewed for two ecosystems is two units), beside its decision files: two branches that set the date of two units change two files, and git merges them.
 * Written like a decision file (entryFile.ts): stable bytes, a header naming the unit, positioned
 * errors for anything not understood. Its name starts with a dot, which no decision file's name can
 * (safeSegment encodes a leading dot), so the two never meet.
 */
import { isMap, LineCounter } from 'yaml';
import { parseYamlDocument } from '../yamlDocument';
import { joinRelative } from '../fileSystem';
import { conflictError, conflictMarkerLine, safeSegment, scalar } from './entryFile';
import { parseDay, today, type Clock } from './expiry';
import { REVIEW_VERSION, type ReviewError, type ReviewLayout } from './reviewData';

const UNIT_FILE_SUFFIX = '.unit.yaml';

/** What a unit file records. */
export interface UnitSetting {
  /** The review unit's root, relative to the workspace folder ('.' is its root). */
  unit: string;
  /** The unit's ecosystem (a profile id). */
  ecosystem: string;
  /** The day (YYYY-MM-DD, UTC) by which the unit is to be reviewed; the day after, it is overdue. */
  reviewBy: string;
  by: string;
  at: string;
}

export interface StoredUnitSetting extends UnitSetting {
  /** The file it was read from, relative to the workspace folder. */
  file: string;
}

/** Whether a path (relative, '/'-separated) is a unit file rather than a decision file. */
export function isUnitFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.startsWith('.') && name.endsWith(UNIT_FILE_SUFFIX);
}

/** `<folder>/<unit>/.<ecosystem>.unit.yaml` (unit '.': directly in the folder), each segment a safe file name. */
export function unitFilePath(layout: ReviewLayout, unit: string, ecosystem: string): string {
  const folder = layout.folder
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
  const parts = unit === '.' ? [] : unit.split('/').map((part) => safeSegment(part));
  return [...parts, `.${safeSegment(ecosystem)}${UNIT_FILE_SUFFIX}`].reduce(joinRelative, folder);
}

/** True once the review-by day has passed (the day itself still counts as in time). */
export function isOverdue(reviewBy: string | undefined, clock: Clock): boolean {
  return reviewBy !== undefined && reviewBy < today(clock);
}

export function serializeUnitFile(setting: UnitSetting): string {
  return [
    `# ${scalar(setting.ecosystem)} in ${scalar(setting.unit)}: a Stack Guide review unit's settings`,
    `version: ${REVIEW_VERSION}`,
    `unit: ${scalar(setting.unit)}`,
    `ecosystem: ${scalar(setting.ecosystem)}`,
    `reviewBy: ${scalar(setting.reviewBy)}`,
    `by: ${scalar(setting.by)}`,
    `at: ${scalar(setting.at)}`,
    '',
  ].join('\n');
}

const KEYS = ['version', 'unit', 'ecosystem', 'reviewBy', 'by', 'at'];

export type UnitFileParse = { ok: true; setting: UnitSetting } | { ok: false; error: ReviewError };

/** Reads one unit file; anything not fully understood is an error with its line and column. */
export function parseUnitFile(text: string, file: string): UnitFileParse {
  const fail = (line: number, column: number, message: string, hint: string): UnitFileParse => ({
    ok: false,
    error: { file, line, column, message, hint },
  });
  const marker = conflictMarkerLine(text);
  // Resolve Review Conflict merges decisions, not unit files: the two days are chosen between by hand.
  if (marker !== undefined)
    return {
      ok: false,
      error: { ...conflictError(file, marker), hint: 'Keep one side by hand: the file holds both review-by days.', conflict: false },
    };
  if (text.trim() === '') return fail(1, 1, 'the file is empty', 'Delete the file, or restore it from version control.');
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    return fail(pos.line, pos.col, `invalid YAML: ${error.message.split('\n')[0]}`, 'Fix the YAML syntax at that line.');
  }
  const at = (offset: number | undefined): [number, number] => {
    const pos = lineCounter.linePos(offset ?? 0);
    return [pos.line, pos.col];
  };
  const where = (name: string) => at((doc.getIn([name], true) as { range?: [number, number, number] } | undefined)?.range?.[0]);
  if (!isMap(doc.contents))
    return fail(
      ...at(doc.contents?.range?.[0]),
      'a unit file must be a mapping with version, unit, ecosystem, reviewBy, by and at',
      'Restore the file from version control.',
    );
  let value: Record<string, unknown>;
  try {
    value = doc.toJS({ maxAliasCount: 0 }) as Record<string, unknown>;
  } catch (error) {
    return fail(1, 1, `cannot be read: ${(error as Error).message}`, 'Write the values out in full.');
  }
  const start = at(doc.contents.range?.[0]);
  if (value.version !== REVIEW_VERSION)
    return 'version' in value
      ? fail(
          ...where('version'),
          `unknown unit file version ${JSON.stringify(value.version)}`,
          `This Stack Guide reads version ${REVIEW_VERSION}.`,
        )
      : fail(...start, 'missing "version"', `Add "version: ${REVIEW_VERSION}".`);
  for (const name of Object.keys(value))
    if (!KEYS.includes(name))
      return fail(...where(name), `unknown key "${name}"`, `Remove the key; a unit file holds only ${KEYS.join(', ')}.`);
  const fields: Record<string, string> = {};
  for (const name of ['unit', 'ecosystem', 'reviewBy', 'by', 'at']) {
    const raw = value[name];
    if (raw === undefined) return fail(...start, `missing "${name}"`, 'Restore the file from version control.');
    if (typeof raw !== 'string' || raw === '' || raw.includes('\u0000'))
      return fail(...where(name), `"${name}" must be non-empty text`, 'Put the value in double quotes.');
    fields[name] = raw;
  }
  if (parseDay(fields.reviewBy) === undefined)
    return fail(
      ...where('reviewBy'),
      `"reviewBy" must be a day as YYYY-MM-DD, got ${JSON.stringify(fields.reviewBy)}`,
      'Write the day as YYYY-MM-DD, or delete the file.',
    );
  return { ok: true, setting: { unit: fields.unit, ecosystem: fields.ecosystem, reviewBy: fields.reviewBy, by: fields.by, at: fields.at } };
}
