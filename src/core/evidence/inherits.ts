import { baseName, parentOf, resolveEntry } from '../paths';
import type { EvidenceLocation } from './evidenceModel';

/**
 * Settings a file inherits from the files it names (`inherits` on a key probe: tsconfig.json's
 * `extends`). The walk itself is in evaluate.ts, beside the reads it makes.
 */
/** How many files deep a key is followed through `inherits`. */
export const MAX_INHERITS_DEPTH = 8;

/** What following `inherits` learnt across a probe's files: the first chain that found, the first reason it could not tell. */
export interface Inherited {
  chain?: EvidenceLocation[];
  unknown?: string;
  seen: string[];
}

/**
 * A base named in `from`, relative to its folder; with the extension `from` has added when the
 * name has none (tsconfig.json's `"extends": "./base"` is base.json). Undefined outside the repository.
 */
export function baseFile(from: string, name: string): string | undefined {
  if (!name.startsWith('./') && !name.startsWith('../')) return undefined; // a package, or an absolute path
  const resolved = resolveEntry(parentOf(from), name);
  if (!resolved || resolved === '.') return undefined;
  const dot = baseName(from).lastIndexOf('.');
  const extension = dot > 0 ? baseName(from).slice(dot) : '';
  return extension && !baseName(resolved).includes('.') ? `${resolved}${extension}` : resolved;
}
