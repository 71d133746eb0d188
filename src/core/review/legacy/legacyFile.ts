/** The version-1 review format: one YAML file, `.stackguide/review.yaml`, read, migrated and merged by the driver. */
import { LineCounter } from 'yaml';
import { parseYamlDocument } from '../../yamlDocument';
import { pathInsideFolder, record, textHash } from '../keys';
import type { ReviewError } from '../reviewData';
import type { ItemState } from '../states';

export const REVIEW_FILE_VERSION = 1;
export const DEFAULT_REVIEW_FILE = '.stackguide/review.yaml';

/**
 * Version 1 holds open, done and n/a only: 'accepted' and 'needs-action' came with version 2, and
 * the parser refuses them here (Stack Guide 0.1, which reads this file, would refuse them too). The
 * type is the version-2 one so that merged entries pass through; a version-1 file never gets one.
 */
export type LegacyItemState = ItemState;

/** One tick: who decided what about an item, when, and on which wording of it. */
export interface LegacyEntry {
  state: LegacyItemState;
  by: string;
  at: string;
  note?: string;
  /** Hash of the item's text when it was ticked; a different text makes the tick stale. */
  textHash: string;
}

export interface LegacyReviewData {
  version: number;
  /**
   * component path -> item id -> entry. Objects without a prototype (see `record()`): the keys are
   * the user's, and "__proto__" or "constructor" must be keys like any other.
   */
  components: Record<string, Record<string, LegacyEntry>>;
}

export { pathInsideFolder, record, textHash };

/** The same error shape as version 2's: a file, a position, what is wrong and how to get out of it. */
export type { ReviewError };

export type LegacyParse = { ok: true; data: LegacyReviewData } | { ok: false; error: ReviewError };

export function emptyLegacyReview(): LegacyReviewData {
  return { version: REVIEW_FILE_VERSION, components: record() };
}

const CONFLICT_MARKER = /^(<{7}|={7}|>{7}|\|{7})(?: |$)/m;
const STATES: readonly LegacyItemState[] = ['open', 'done', 'n/a'];

/**
 * Reads a review file. Anything not fully understood is an error, so callers never
 * write over a file they could not read: the ticks in it stay on disk untouched.
 */
export function parseLegacyReview(text: string, file: string): LegacyParse {
  const fail = (line: number, column: number, message: string, hint: string): LegacyParse => ({
    ok: false,
    error: { file, line, column, message, hint },
  });
  const conflict = CONFLICT_MARKER.exec(text);
  if (conflict) {
    const line = text.slice(0, conflict.index).split('\n').length;
    return fail(
      line,
      1,
      'the file contains merge-conflict markers',
      "Resolve the conflict (keep both sides' items), save, and the checklist reloads.",
    );
  }
  if (text.trim() === '') return { ok: true, data: emptyLegacyReview() };

  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    return fail(pos.line, pos.col, `invalid YAML: ${error.message.split('\n')[0]}`, 'Fix the YAML syntax at that line.');
  }
  const where = (path: (string | number)[]) => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const pos = lineCounter.linePos(node?.range?.[0] ?? 0);
    return [pos.line, pos.col] as const;
  };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    return fail(1, 1, `cannot be read: ${error instanceof Error ? error.message : String(error)}`, 'Remove YAML aliases from the file.');
  }
  if (!isRecord(value))
    return fail(1, 1, 'the file must be a mapping with "version" and "components"', 'Restore the file from version control.');
  if (value.version !== REVIEW_FILE_VERSION) {
    return fail(
      ...where(['version']),
      `unknown review file version ${JSON.stringify(value.version)}`,
      `This Stack Guide reads version ${REVIEW_FILE_VERSION}; update the extension or restore the file.`,
    );
  }
  for (const key of Object.keys(value)) {
    if (key !== 'version' && key !== 'components')
      return fail(...where([key]), `unknown key "${key}"`, 'Remove the key; the file holds only "version" and "components".');
  }
  const components = value.components ?? {};
  if (!isRecord(components))
    return fail(...where(['components']), '"components" must be a mapping of component paths', 'Restore the file from version control.');
  const data: LegacyReviewData = { version: REVIEW_FILE_VERSION, components: record() };
  for (const [component, items] of Object.entries(components)) {
    if (!isRecord(items))
      return fail(
        ...where(['components', component]),
        `component "${component}" must map item ids to entries`,
        'Restore the file from version control.',
      );
    data.components[component] = record();
    for (const [id, entry] of Object.entries(items)) {
      const path = ['components', component, id];
      if (!isRecord(entry)) return fail(...where(path), `item "${id}" must be a mapping`, 'Give the item a state, by, at and textHash.');
      if (!STATES.includes(entry.state as LegacyItemState)) {
        return fail(
          ...where([...path, 'state']),
          `item "${id}" has state ${JSON.stringify(entry.state)}; expected open, done or n/a`,
          entry.state === 'accepted' || entry.state === 'needs-action'
            ? `"${entry.state}" came with version 2: record it in the review folder (Stack Guide moves this file's ticks there on the next decision).`
            : 'Correct the state.',
        );
      }
      for (const field of ['by', 'at', 'textHash'] as const) {
        if (typeof entry[field] !== 'string') {
          return fail(...where(field in entry ? [...path, field] : path), `item "${id}" needs "${field}" as text`, 'Correct the entry.');
        }
      }
      if (entry.note !== undefined && typeof entry.note !== 'string')
        return fail(...where([...path, 'note']), `item "${id}" has a note that is not text`, 'Correct the note.');
      for (const key of Object.keys(entry)) {
        if (!['state', 'by', 'at', 'note', 'textHash'].includes(key))
          return fail(
            ...where([...path, key]),
            `item "${id}" has unknown key "${key}"`,
            key === 'appliesAnyway'
              ? '"appliesAnyway" came with version 2: remove it here and mark the item again (Stack Guide then moves this file\'s ticks into the review folder).'
              : 'Remove the key.',
          );
      }
      data.components[component][id] = {
        state: entry.state as LegacyItemState,
        by: entry.by as string,
        at: entry.at as string,
        textHash: entry.textHash as string,
        ...(entry.note !== undefined ? { note: entry.note } : {}),
      };
    }
  }
  return { ok: true, data };
}

/**
 * Sorted keys, one block per item: two reviewers' ticks on different items merge cleanly.
 * Written by hand rather than through a YAML emitter: the format is fixed and small, and a tick
 * must reach the disk fast even with thousands of items.
 */
export function serializeLegacyReview(data: LegacyReviewData): string {
  const lines = ['# Stack Guide review state: commit this file. Edit it through the Stack Guide checklist.', `version: ${data.version}`];
  const components = Object.keys(data.components)
    .sort()
    .filter((component) => Object.keys(data.components[component]).length > 0);
  if (components.length === 0) lines.push('components: {}');
  else lines.push('components:');
  for (const component of components) {
    lines.push(`  ${scalar(component)}:`);
    const items = data.components[component];
    for (const id of Object.keys(items).sort()) {
      const { state, by, at, note, textHash } = items[id];
      lines.push(`    ${scalar(id)}:`, `      state: ${scalar(state)}`, `      by: ${scalar(by)}`, `      at: ${scalar(at)}`);
      if (note) lines.push(`      note: ${scalar(note)}`);
      lines.push(`      textHash: ${scalar(textHash)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

// Starts with a letter (so never a number, .inf or .nan); '.' alone is the root component.
const PLAIN = /^(\.|[A-Za-z_][A-Za-z0-9 _./@+-]*)$/;
const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

/** A YAML scalar: plain when it cannot be misread, else a JSON string (valid YAML double-quoted). */
function scalar(value: string): string {
  const plain = PLAIN.test(value) && !RESERVED.test(value) && !value.endsWith(' ') && !/\s#/.test(value);
  return plain ? value : JSON.stringify(value);
}

export function withLegacyEntry(data: LegacyReviewData, component: string, id: string, entry: LegacyEntry | undefined): LegacyReviewData {
  const components = Object.assign(record<Record<string, LegacyEntry>>(), data.components);
  components[component] = Object.assign(
    record<LegacyEntry>(),
    Object.prototype.hasOwnProperty.call(data.components, component) ? data.components[component] : undefined,
  );
  if (entry) components[component][id] = entry;
  else delete components[component][id];
  return { version: data.version, components };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
