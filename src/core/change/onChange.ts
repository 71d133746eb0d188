import { compileGlob, InvalidGlobError } from '../detect/glob';
import { baseName } from '../paths';

/**
 * When a checklist item counts as touched by a change beyond what its probe reads: `always` (any
 * changed file of its unit), or `{ files: [...] }` (a changed file of its unit that matches one of
 * the globs, e.g. the lockfiles for a dependency item). A glob is relative to the unit's root or a
 * member's; one without a '/' matches a file of that name in any folder of the unit.
 */
export type OnChange = 'always' | { files: string[] };

export interface OnChangeIssue {
  /** Steps into the value, as the loader's positions take them: `files`, `files[2]`. */
  path: string[];
  message: string;
}

/** Globs kept per item at most: a profile is untrusted. */
const MAX_GLOBS = 32;

/** The problems of an `onChange` value as a profile wrote it; empty when it is valid. */
export function checkOnChange(value: unknown): OnChangeIssue[] {
  if (value === 'always') return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [{ path: [], message: 'must be "always" or a mapping with `files` (a list of globs)' }];
  const issues: OnChangeIssue[] = [];
  for (const key of Object.keys(value))
    if (key !== 'files') issues.push({ path: [key], message: `unknown property "${key}"; expected: files` });
  const files = (value as { files?: unknown }).files;
  if (!Array.isArray(files) || files.length === 0) {
    issues.push({ path: ['files'], message: 'must be a list of one or more globs' });
    return issues;
  }
  if (files.length > MAX_GLOBS) issues.push({ path: ['files'], message: `has ${files.length} globs; at most ${MAX_GLOBS}` });
  files.forEach((glob, index) => {
    if (typeof glob !== 'string' || glob.trim() === '')
      return void issues.push({ path: [`files[${index}]`], message: 'must be a non-empty glob' });
    if (glob.startsWith('/') || glob.split('/').includes('..'))
      return void issues.push({ path: [`files[${index}]`], message: `"${glob}" must stay inside the unit (no leading "/", no "..")` });
    try {
      compileGlob(glob);
    } catch (error) {
      if (!(error instanceof InvalidGlobError)) throw error;
      issues.push({ path: [`files[${index}]`], message: `"${glob}": ${error.message}` });
    }
  });
  return issues;
}

/** A compiled `onChange`: whether a changed file, relative to one of the unit's roots, triggers it. */
export function onChangeMatcher(onChange: OnChange): (relative: string) => boolean {
  if (onChange === 'always') return () => true;
  const patterns = onChange.files.map((glob) => {
    let regex: RegExp;
    try {
      regex = compileGlob(glob);
    } catch {
      regex = /(?!)/;
    }
    return { regex, byName: !glob.includes('/') };
  });
  return (relative) => patterns.some(({ regex, byName }) => regex.test(byName ? baseName(relative) : relative));
}
