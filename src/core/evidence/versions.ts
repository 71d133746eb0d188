import { SUPPORT_TABLE, type SupportRelease, type SupportRuntime, type SupportTable } from '../profiles/supportTable';
import type { Evidence, EvidenceLocation, EvidenceReader } from './evaluate';
import type { LeafProbe } from './evidenceReader';
import type { VersionProbe } from './probe';

/**
 * Version probes: a declared runtime or toolchain version (the go line, .python-version,
 * requires-python, engines.node, <TargetFramework>, targetSdk …) compared with the dated support
 * table. The files are found and read by the ordinary file, text and key probes of evaluate.ts;
 * this module only reads the version out of what they found and judges it.
 */

/** Work that yields a promise whenever it must wait (see evaluate.ts). */
type Steps<T> = Generator<Promise<void>, T, void>;

/** What a version probe needs of the run that evaluates it. */
export interface VersionRun {
  /** Evaluates a file, text or key probe with the run's roots, bounds and reads. */
  leaf(probe: LeafProbe): Steps<Evidence>;
  reader: EvidenceReader;
  reads: Set<string>;
  /** Today, YYYY-MM-DD (UTC). */
  today?: string;
  table?: SupportTable;
}

/** Words that name a moving target rather than a version: never judged. */
const ALIASES = ['lts/', 'latest', 'stable', 'current', 'node', 'system', 'nightly', 'beta', 'lts', '*', 'x'];

/**
 * Comparators of the constraint languages met in manifests (npm semver, PEP 440, Bundler,
 * Composer, Cargo, Gradle): which ones give a lowest admitted version. `<`, `<=` and `!=` give
 * none; a constraint without a lowest version is not judged.
 */
const LOWER_BOUND_OPERATORS = ['>=', '==', '===', '~=', '~>', '^', '~', '>', '='];
const NO_LOWER_BOUND_OPERATORS = ['<=', '<', '!='];

export type DeclaredVersion = { kind: 'version'; numbers: number[]; text: string; range: boolean } | { kind: 'none'; why: string };

/**
 * The lowest version a declared value admits: `3.12.1` → 3.12.1, `>=3.11,<4` → 3.11, `^20 || ^22`
 * → 20, `~> 3.3` → 3.3, `net8.0` → 8.0 (with the runtime's prefixes), `v20.11.0` → 20.11.0;
 * `lts/*`, `latest` or `<4` name none.
 */
export function parseDeclaredVersion(raw: string, prefixes: readonly string[] = []): DeclaredVersion {
  let value = raw
    .trim()
    .replace(/^["']|["']$/g, '')
    .trim();
  if (value === '') return { kind: 'none', why: 'the value is empty' };
  const lower = value.toLowerCase();
  if (ALIASES.some((alias) => (alias.endsWith('/') ? lower.startsWith(alias) : lower === alias)))
    return { kind: 'none', why: `"${value}" is an alias that moves, not a version` };
  let lowest: number[] | undefined;
  let range = false;
  for (const alternative of value.split('||')) {
    let bound: number[] | undefined;
    for (const comparator of alternative
      .split(/,|\s+(?=[<>=!~^])/)
      .map((part) => part.trim())
      .filter(Boolean)) {
      let rest = comparator;
      const operator = [...NO_LOWER_BOUND_OPERATORS, ...LOWER_BOUND_OPERATORS]
        .sort((a, b) => b.length - a.length)
        .find((op) => rest.startsWith(op));
      if (operator) {
        range = true;
        rest = rest.slice(operator.length).trim();
        if (NO_LOWER_BOUND_OPERATORS.includes(operator)) continue;
      }
      for (const prefix of [...prefixes].sort((a, b) => b.length - a.length)) {
        if (rest.toLowerCase().startsWith(prefix.toLowerCase()) && /\d/.test(rest.charAt(prefix.length))) {
          rest = rest.slice(prefix.length);
          break;
        }
      }
      const match = /^v?(\d+(?:\.\d+)*)/.exec(rest);
      if (!match) return { kind: 'none', why: `"${value}" names no version number` };
      const numbers = match[1].split('.').map(Number);
      if (!bound || compareNumbers(numbers, bound) > 0) bound = numbers;
    }
    if (!bound) return { kind: 'none', why: `"${value}" names no lowest version` };
    if (!lowest || compareNumbers(bound, lowest) < 0) lowest = bound;
  }
  if (value.includes('||')) range = true;
  value = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return lowest ? { kind: 'version', numbers: lowest, text: value, range } : { kind: 'none', why: `"${value}" names no version` };
}

function compareNumbers(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether support has ended by `today` (YYYY-MM-DD): a month ends on its last day. */
function ended(end: string, today: string): boolean {
  return end.length === 7 ? today.slice(0, 7) > end : today > end;
}

export type Judgement = { status: 'found' | 'unsupported' | 'not-checked'; reason: string };

/** A declared value judged against a runtime of the table on a day. */
export function judgeVersion(runtime: SupportRuntime, value: string, today: string, reviewed: string): Judgement {
  const declared = parseDeclaredVersion(value, runtime.prefixes);
  if (declared.kind === 'none') return { status: 'not-checked', reason: `${runtime.name}: ${declared.why}` };
  const width = runtime.releases[0].release.split('.').length;
  if (declared.numbers.length < width)
    return {
      status: 'not-checked',
      reason: `${runtime.name}: "${declared.text}" does not say which release (${runtime.releases[0].release} is one)`,
    };
  const key = declared.numbers.slice(0, width);
  const name = `${runtime.name} ${key.join('.')}`;
  const admits = declared.range ? `, the lowest "${declared.text}" admits` : '';
  const table = `support table reviewed ${reviewed}`;
  const listed = runtime.releases.find((release) => compareNumbers(release.release.split('.').map(Number), key) === 0);
  if (listed) return judgeListed(listed, name, admits, table, today);
  const supported = runtime.releases.filter((release) => release.supported || (release.end !== undefined && !ended(release.end, today)));
  const numbers = (release: SupportRelease) => release.release.split('.').map(Number);
  if (runtime.olderAreEndOfLife && supported.length > 0 && supported.every((release) => compareNumbers(key, numbers(release)) < 0)) {
    return {
      status: 'unsupported',
      reason: `${name}${admits} (end of life: older than every supported release, ${supported.map((release) => release.release).join(', ')}; ${table})`,
    };
  }
  if (runtime.newerAreSupported && runtime.releases.every((release) => compareNumbers(key, numbers(release)) > 0)) {
    return { status: 'found', reason: `${name}${admits} (newer than the table's releases; ${table})` };
  }
  return { status: 'not-checked', reason: `${name}${admits} is not in the support table (${table})` };
}

function judgeListed(release: SupportRelease, name: string, admits: string, table: string, today: string): Judgement {
  if (release.end !== undefined) {
    return ended(release.end, today)
      ? { status: 'unsupported', reason: `${name}${admits} (end of life ${release.end})` }
      : { status: 'found', reason: `${name}${admits} (supported until ${release.end})` };
  }
  if (release.supported) return { status: 'found', reason: `${name}${admits} (supported; no end date announced, ${table})` };
  return { status: 'not-checked', reason: `${name}${admits}: no sourced end date` };
}

/** Where the value of a version probe comes from, as an ordinary probe that finds it. */
function finder(probe: VersionProbe): LeafProbe {
  const root = probe.root === undefined ? {} : { root: probe.root };
  if (probe.key !== undefined) return { key: probe.key, in: probe.in, ...root };
  return { file: probe.in, ...root };
}

/** The first line starting with `prefix` (leading space ignored), or with no prefix the first line that is not blank or a comment; the rest of it up to a comment. */
function valueOnLine(text: string, prefix: string | undefined): { value: string; line: number } | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#') || line.startsWith('//')) continue;
    if (prefix === undefined) return { value: line.replace(/\s+#.*$/, '').split(/\s+/)[0], line: i + 1 };
    // `channel = "1.85"`, `targetSdk 36`, `go 1.26`: the rest after an optional = or :.
    if (line.startsWith(prefix))
      return {
        value: line
          .slice(prefix.length)
          .replace(/\s+(#|\/\/).*$/, '')
          .replace(/^\s*[=:]\s*/, '')
          .trim(),
        line: i + 1,
      };
  }
  return undefined;
}

/**
 * A version probe: the files its finder finds, the value each declares, judged. One declared
 * version past its support makes the result unsupported (it counts as not met); otherwise one
 * supported makes it found; a value that cannot be judged makes it not checked, with why.
 */
export function* evaluateVersion(probe: VersionProbe, run: VersionRun): Steps<Evidence> {
  const table = run.table ?? SUPPORT_TABLE;
  const runtime = table.runtimes[probe.version];
  if (!runtime) return { status: 'not-checked', locations: [], reason: `"${probe.version}" is not in the support table` };
  const today = run.today ?? new Date().toISOString().slice(0, 10);
  const found = yield* run.leaf(finder(probe));
  if (found.status !== 'found') return found;
  const judged: { judgement: Judgement; location: EvidenceLocation }[] = [];
  for (const location of found.locations) {
    const pending = run.reader.text(location.path);
    if (!pending.done) yield pending.settled;
    run.reads.add(location.path);
    const read = pending.value;
    if (!read || 'unreadable' in read) continue;
    const values: { value: string; line?: number }[] = [];
    if (probe.key !== undefined) {
      for (const hit of run.reader.keyHits(location.path, read.text, probe.key) ?? []) {
        if (typeof hit.value === 'string' || typeof hit.value === 'number') values.push({ value: String(hit.value), line: hit.line });
      }
    } else {
      const hit = valueOnLine(read.text, probe.line);
      if (hit) values.push(hit);
    }
    for (const { value, line } of values) {
      judged.push({
        judgement: judgeVersion(runtime, value, today, table.reviewed),
        location: line === undefined ? { path: location.path } : { path: location.path, line },
      });
    }
  }
  if (judged.length === 0) return { status: 'missing', locations: [] };
  for (const status of ['unsupported', 'found', 'not-checked'] as const) {
    const matching = judged.filter((entry) => entry.judgement.status === status);
    if (matching.length > 0) {
      return {
        status,
        locations: status === 'not-checked' ? [] : matching.map((entry) => entry.location),
        reason: matching[0].judgement.reason,
      };
    }
  }
  return { status: 'missing', locations: [] };
}
