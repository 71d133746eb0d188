/**
 * The organisation report: many repositories' `check --format json` outputs read into one view.
 * Each input is untrusted (any repository's CI wrote it): it is checked field by field, and one
 * that is not understood is refused with its file and the field, never half-read.
 */

export const AGGREGATE_VERSION = 1;
/** The `check --format json` versions this reads (the output has no version field yet: absent is 1). */
export const CHECK_JSON_VERSION = 1;

export type Outcome = 'closed' | 'open' | 'accepted';

export interface AggregateItem {
  id: string;
  text: string;
  severity: 'high' | 'medium' | 'low';
  outcome: Outcome;
  expired: boolean;
  evidenceLost: boolean;
}

export interface AggregateUnit {
  path: string;
  ecosystem: string;
  items: AggregateItem[];
}

export interface RepositoryReport {
  repository: string;
  file: string;
  units: AggregateUnit[];
}

export type ReportParse = { ok: true; report: RepositoryReport } | { ok: false; file: string; message: string };

const SEVERITIES = ['high', 'medium', 'low'];
/** Display states of check's JSON that are open: "expired" (a decision past its until day) and "needs-action" too. */
const OPEN_STATES = ['open', 'needs-action', 'stale', 'expired'];
const CLOSED_STATES = ['done', 'n/a'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads one `check --format json` output; `file` names it in messages and is the fallback repository name. */
export function parseCheckReport(text: string, file: string): ReportParse {
  const fail = (message: string): ReportParse => ({ ok: false, file, message });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(`is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(value)) return fail('is not the output of stack-guide check --format json (not an object)');
  if (value.version !== undefined && value.version !== CHECK_JSON_VERSION) {
    return fail(
      `is version ${JSON.stringify(value.version)} of the check output; this Stack Guide reads version ${CHECK_JSON_VERSION} (update it)`,
    );
  }
  if (!Array.isArray(value.components)) return fail('has no "components" list: is it the output of stack-guide check --format json?');
  const units: AggregateUnit[] = [];
  let folder: string | undefined;
  for (let c = 0; c < value.components.length; c++) {
    const component: unknown = value.components[c];
    const where = `components[${c}]`;
    if (!isRecord(component)) return fail(`${where} is not an object`);
    for (const field of ['path', 'ecosystem'] as const)
      if (typeof component[field] !== 'string') return fail(`${where}.${field} is missing or not text`);
    if (typeof component.folder === 'string' && component.folder !== '') folder ??= component.folder;
    if (!Array.isArray(component.items)) return fail(`${where}.items is missing or not a list`);
    const items: AggregateItem[] = [];
    for (let i = 0; i < component.items.length; i++) {
      const item: unknown = component.items[i];
      const at = `${where}.items[${i}]`;
      if (!isRecord(item)) return fail(`${at} is not an object`);
      if (typeof item.id !== 'string' || item.id === '') return fail(`${at}.id is missing or not text`);
      if (typeof item.state !== 'string') return fail(`${at}.state is missing or not text`);
      if (typeof item.severity !== 'string' || !SEVERITIES.includes(item.severity))
        return fail(`${at}.severity is missing or not high, medium or low`);
      const expired = item.state === 'expired' || item.expired === true;
      let outcome: Outcome;
      if (expired || OPEN_STATES.includes(item.state)) outcome = 'open';
      else if (CLOSED_STATES.includes(item.state)) outcome = 'closed';
      else if (item.state === 'accepted') outcome = 'accepted';
      else return fail(`${at}.state ${JSON.stringify(item.state)} is not a state this Stack Guide knows (update it)`);
      items.push({
        id: item.id,
        text: typeof item.text === 'string' ? item.text : item.id,
        severity: item.severity as AggregateItem['severity'],
        outcome,
        expired,
        evidenceLost: item.evidenceLost === true,
      });
    }
    units.push({ path: component.path as string, ecosystem: component.ecosystem as string, items });
  }
  return { ok: true, report: { repository: folder ?? baseName(file), file, units } };
}

function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.replace(/\.json$/i, '') || name;
}

export interface UnitSummary {
  path: string;
  ecosystem: string;
  done: number;
  total: number;
  openHigh: number;
  accepted: number;
  expired: number;
  evidenceLost: number;
}

export interface RepositorySummary {
  repository: string;
  file: string;
  units: UnitSummary[];
}

export interface ItemSummary {
  id: string;
  text: string;
  severity: 'high' | 'medium' | 'low';
  /** Repositories where it is open in at least one unit. */
  openIn: number;
  /** Repositories that have it. */
  repositories: number;
  /** Occurrences (unit, or member of a unit) closed, and all occurrences. */
  passed: number;
  occurrences: number;
  /** passed / occurrences, rounded to 4 places. */
  passRate: number;
}

export interface Aggregate {
  version: number;
  repositories: RepositorySummary[];
  /** Items open in at least one repository, most repositories first (then by id). */
  mostOpen: ItemSummary[];
  /** Every item, lowest pass rate first (then by id). */
  passRates: ItemSummary[];
  /** Inputs refused, with why. */
  skipped: { file: string; message: string }[];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The report over many repositories; the same inputs in any order give the same result. */
export function aggregate(reports: readonly RepositoryReport[], skipped: readonly { file: string; message: string }[] = []): Aggregate {
  const sorted = [...reports].sort((a, b) => compare(a.repository, b.repository) || compare(a.file, b.file));
  // Two inputs naming the same repository are told apart by their file.
  const seen = new Map<string, number>();
  for (const report of sorted) seen.set(report.repository, (seen.get(report.repository) ?? 0) + 1);
  const items = new Map<string, ItemSummary & { openRepos: Set<number>; repos: Set<number> }>();
  const repositories = sorted.map((report, index): RepositorySummary => {
    const units = [...report.units]
      .sort((a, b) => compare(a.path, b.path) || compare(a.ecosystem, b.ecosystem))
      .map((unit): UnitSummary => {
        for (const item of unit.items) {
          let summary = items.get(item.id);
          if (!summary) {
            summary = {
              id: item.id,
              text: item.text,
              severity: item.severity,
              openIn: 0,
              repositories: 0,
              passed: 0,
              occurrences: 0,
              passRate: 0,
              openRepos: new Set(),
              repos: new Set(),
            };
            items.set(item.id, summary);
          }
          summary.occurrences++;
          if (item.outcome === 'closed') summary.passed++;
          if (item.outcome === 'open') summary.openRepos.add(index);
          summary.repos.add(index);
        }
        return {
          path: unit.path,
          ecosystem: unit.ecosystem,
          done: unit.items.filter((item) => item.outcome === 'closed').length,
          total: unit.items.length,
          openHigh: unit.items.filter((item) => item.outcome === 'open' && item.severity === 'high').length,
          accepted: unit.items.filter((item) => item.outcome === 'accepted').length,
          expired: unit.items.filter((item) => item.expired).length,
          evidenceLost: unit.items.filter((item) => item.evidenceLost).length,
        };
      });
    const repository = (seen.get(report.repository) ?? 0) > 1 ? `${report.repository} (${report.file})` : report.repository;
    return { repository, file: report.file, units };
  });
  const summaries = [...items.values()].map(({ openRepos, repos, ...summary }) => ({
    ...summary,
    openIn: openRepos.size,
    repositories: repos.size,
    passRate: summary.occurrences === 0 ? 0 : Math.round((summary.passed / summary.occurrences) * 10_000) / 10_000,
  }));
  return {
    version: AGGREGATE_VERSION,
    repositories,
    mostOpen: summaries.filter((item) => item.openIn > 0).sort((a, b) => b.openIn - a.openIn || compare(a.id, b.id)),
    passRates: [...summaries].sort((a, b) => a.passRate - b.passRate || compare(a.id, b.id)),
    skipped: [...skipped].sort((a, b) => compare(a.file, b.file)),
  };
}
