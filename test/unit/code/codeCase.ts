/**
 * A code probe's fixture: a source file in which each line carrying the marker FINDING (in a
 * comment) must be found, and no other line; the same file without those lines must be absent.
 * The unmarked lines are the near misses: the safe variants the query must not match.
 */
export interface CodeCase {
  item: string;
  /** The file's path in the unit, which decides its grammar by the page's source globs. */
  file: string;
  source: string;
}

export const MARKER = 'FINDING';
