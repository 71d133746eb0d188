import type { Node, Parser, Query, QueryMatch, QueryOptions, Tree } from '@vscode/tree-sitter-wasm';

/**
 * Parsing and querying in slices, so a large file never holds the thread (the extension host's,
 * in the editor) for longer than a slice. Tree-sitter's progress callback halts a parse or a
 * query; a halted parse resumes where it stopped on the next call with the same parser (unless
 * `reset()` is called), so a parse is one tree whatever the number of slices. A halted query does
 * not resume and returns what it had, with no sign it stopped: it is run again over fewer rows
 * instead, and its partial answer dropped. Only the time spent parsing or querying counts towards
 * a file's bound, not the time other work had the thread between slices. A query that ignores
 * ranges (see matchesInSlices) runs whole, within the hold allowed from the start of a slice.
 */

/** How a parse or a query shares the thread. */
export interface Slicing {
  /** Whether the thread has been held for a slice: the work halts and waits for the next. */
  due(): boolean;
  /** How long the thread has been held in the current slice, in ms. */
  held(): number;
  /** The longest a query that cannot be split may hold it (UNSPLIT_HOLD_MS unless slices are longer). */
  maxHoldMs: number;
  /** Hands the thread back until the next slice; throws to stop (cancellation, a budget). */
  next(): Promise<void>;
  now(): number;
}

/** What a bound stopped: the caller says "not checked", never "absent". */
export const BOUND_HIT = Symbol('bound hit');
export type Bounded<T> = T | typeof BOUND_HIT;

/**
 * The tree of `text`, or BOUND_HIT once `budgetMs` of parsing did not finish it. The parser is
 * the caller's alone until this settles: a halted parse would otherwise be resumed with another
 * file's text.
 */
export async function parseInSlices(parser: Parser, text: string, budgetMs: number, slicing: Slicing): Promise<Bounded<Tree>> {
  let spent = 0;
  try {
    for (;;) {
      const start = slicing.now();
      let halted = false;
      let over = false;
      const tree = parser.parse(text, null, {
        progressCallback: () => {
          over = spent + slicing.now() - start > budgetMs;
          halted = over || slicing.due();
          return halted;
        },
      });
      spent += slicing.now() - start;
      if (tree) return tree;
      // Null with no halt of ours would be a parser with no language: nothing to resume.
      if (over || !halted) return BOUND_HIT;
      await slicing.next();
    }
  } finally {
    parser.reset();
  }
}

export interface QueryBounds {
  budgetMs: number;
  matchLimit: number;
}

/**
 * The longest a query that cannot be split may hold the thread, from the start of a slice: the
 * 50 ms the editor's extension host is promised, less a margin for the work around the call.
 */
export const UNSPLIT_HOLD_MS = 40;
/** Fresh slices an unsplittable query, or a one-row range, is tried in before its file is not checked. */
const UNSPLIT_ATTEMPTS = 3;

/**
 * Every match of `query` in `node`, in slices. A query whose patterns are all local (each match
 * inside one node) is searched a range of rows at a time, the range halved whenever it does not
 * finish within a slice and doubled after one that does; a match that spans two ranges is
 * returned by both (tree-sitter returns the matches that intersect a range), so callers keep each
 * node once. A non-local pattern (a sequence of siblings at the top, Rust's `#[cfg(test)]` then
 * the item) ignores ranges, so such a query runs whole, in a fresh slice, and halts at
 * UNSPLIT_HOLD_MS. BOUND_HIT once `budgetMs` of querying did not finish, or when one row (or an
 * unsplittable query) does not finish within three fresh slices.
 */
export async function matchesInSlices(query: Query, node: Node, bounds: QueryBounds, slicing: Slicing): Promise<Bounded<QueryMatch[]>> {
  let spent = 0;
  const run = (options: QueryOptions, halt: () => boolean): Bounded<QueryMatch[]> | 'halted' => {
    const start = slicing.now();
    let halted = false;
    let over = false;
    const found = query.matches(node, {
      ...options,
      matchLimit: bounds.matchLimit,
      progressCallback: () => {
        over = spent + slicing.now() - start > bounds.budgetMs;
        halted = over || halt();
        return halted;
      },
    });
    spent += slicing.now() - start;
    if (over) return BOUND_HIT;
    // A halted query returns what it had found, with no sign that it stopped: dropped.
    return halted ? 'halted' : found;
  };

  if (!splittable(query)) {
    for (let attempt = 0; attempt < UNSPLIT_ATTEMPTS; attempt++) {
      if (attempt > 0 || slicing.due()) await slicing.next();
      const found = run({}, () => slicing.held() > slicing.maxHoldMs);
      if (found !== 'halted') return found;
    }
    return BOUND_HIT;
  }

  const matches: QueryMatch[] = [];
  const last = node.endPosition.row + 1;
  let row = node.startPosition.row;
  let span = last - row;
  let fresh = false;
  // Halts of a one-row range in a fresh slice in a row: a slice can end early (a clock tick, the OS).
  let stuck = 0;
  while (row < last) {
    if (slicing.due()) {
      await slicing.next();
      fresh = true;
    }
    const end = Math.min(last, row + span);
    const found = run({ startPosition: { row, column: 0 }, endPosition: { row: end, column: 0 } }, () => slicing.due());
    if (found === BOUND_HIT) return BOUND_HIT;
    if (found === 'halted') {
      if (span === 1 && fresh && ++stuck >= UNSPLIT_ATTEMPTS) return BOUND_HIT;
      span = Math.max(1, Math.floor(span / 2));
      await slicing.next();
      fresh = true;
      continue;
    }
    for (const match of found) matches.push(match);
    row = end;
    span *= 2;
    stuck = 0;
    fresh = false;
  }
  return matches;
}

const splittableQueries = new WeakMap<Query, boolean>();

/** Whether every pattern of the query is local, so that a range of rows bounds its search. */
function splittable(query: Query): boolean {
  let known = splittableQueries.get(query);
  if (known === undefined) {
    known = true;
    for (let pattern = 0; pattern < query.patternCount(); pattern++) if (query.isPatternNonLocal(pattern)) known = false;
    splittableQueries.set(query, known);
  }
  return known;
}
