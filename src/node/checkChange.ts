import { nodeSyntax } from './grammars';
import type { Profile, Severity } from '../core/profiles/model';
import type { FolderDetection } from '../core/detect/detector';
import type { FileSystem } from '../core/fileSystem';
import type { EntryKey, ReviewLayout, WritableFileSystem } from '../core/review/reviewData';
import { EvidenceReader } from '../core/evidence/evaluate';
import { attachEvidence, evaluateUnits } from '../core/evidence/checklistEvidence';
import { candidateUnits, withUntouched } from '../core/change/candidates';
import { evaluateWithReads } from '../core/change/reads';
import { touchedItems, touchedUnits, type ChangedFile, type ChangeResult } from '../core/change/touched';
import { prCommentMarkdown } from '../core/change/prComment';
import { suggestedEvidence, suggestedTicks } from '../core/change/suggest';
import { decide, itemLabel, progressText, type ChecklistItem, type ChecklistUnit, type Orphan } from '../core/review/checklist';
import { checklistJson } from '../core/review/exportChecklist';
import { updateEntry } from '../core/review/reviewWriter';
import { checkReport, gateLists, type CheckReport, type FileLocation } from '../core/report/model';
import { githubAnnotations } from '../core/report/github';
import { junitReport } from '../core/report/junit';
import { markdownCode, markdownReport, markdownText } from '../core/report/markdown';
import { textReport } from '../core/report/plain';
import { sarifLog } from '../core/report/sarif';
import { printable, safeJson } from '../core/report/text';
import { changedSince, ChangeInputError, readChangedFiles } from './git';
import * as path from 'path';

export { ChangeInputError } from './git';

/** The changed files of a request, and the merge base for --changed-since. */
export interface ReadChange {
  changed: ChangedFile[];
  mergeBase?: string;
}

/**
 * Reads the changed files: git (in child processes) or the list. `check` starts it before loading
 * the profiles and detecting, so git's walk of the work tree for untracked files runs beside them.
 */
export async function readChange(request: ChangeRequest, dir: string, cwd: string): Promise<ReadChange> {
  if ('since' in request) {
    const since = await changedSince(dir, request.since);
    return { changed: since.files, mergeBase: since.mergeBase };
  }
  return { changed: await readChangedFiles(dir, path.resolve(cwd, request.list)) };
}

/** What `check --changed-since REF` or `--changed-files FILE` asked for. */
export type ChangeRequest = { since: string } | { list: string };

/** The change flags of `check`, or undefined without them; throws ChangeInputError when both are given. */
export function changeRequest(flags: ReadonlyMap<string, string | true>): ChangeRequest | undefined {
  const since = flags.get('--changed-since');
  const list = flags.get('--changed-files');
  if (since !== undefined && list !== undefined) throw new ChangeInputError('--changed-since and --changed-files cannot be given together');
  if (typeof since === 'string') return { since };
  if (typeof list === 'string') return { list };
  return undefined;
}

export interface ChangeCheck {
  report: CheckReport;
  change: ChangeResult;
  code: number;
  /** The chosen format's text. */
  text: string;
}

/**
 * `check` on a change: the changed files from git (or a list), the items they touch, and the
 * reports made from those alone. The exit code depends only on touched items.
 */
export async function checkChange(options: {
  request: ChangeRequest;
  /** The changed files, read (started early, beside detection, by readChange). */
  read: Promise<ReadChange>;
  dir: string;
  cwd: string;
  units: ChecklistUnit[];
  orphans: Orphan[];
  folder: FolderDetection;
  profiles: readonly Profile[];
  layout: ReviewLayout;
  /** Detection's cache: the probes read through it. */
  files: FileSystem;
  /** Reads the facts (what decides whether an item applies) of the units the change can touch. */
  readFacts: (units: readonly ChecklistUnit[]) => Promise<void>;
  evidence: boolean;
  minSeverity: Severity;
  format: string;
  locate: (relative: string) => FileLocation;
  version?: string;
  failOnEvidenceLost: boolean;
  suggest: boolean;
  allowExpired?: boolean;
}): Promise<ChangeCheck> {
  const { request, units, folder } = options;
  const { changed, mergeBase } = await options.read;
  let reads: Map<string, Set<string>> | undefined;
  // Facts and probes only for the units the change can touch: the others are listed as unchanged.
  const candidates = candidateUnits(units, folder, changed, options.layout);
  await options.readFacts(candidates);
  if (options.evidence) {
    const reader = new EvidenceReader(options.files, undefined, nodeSyntax());
    const evaluated = await evaluateWithReads(candidates, () => reader);
    attachEvidence(units, evaluated.evidence);
    reads = evaluated.reads;
  }
  const change = withUntouched(
    units,
    touchedItems({ units: candidates, folder, profiles: options.profiles, reads, changed, layout: options.layout }),
  );
  const touched = touchedUnits(change);
  const report = checkReport({
    units: touched,
    orphans: options.orphans,
    minSeverity: options.minSeverity,
    folder,
    locate: options.locate,
    version: options.version,
    failOnEvidenceLost: options.failOnEvidenceLost,
    allowExpired: options.allowExpired,
  });
  const code = report.failing.length > 0 || (options.failOnEvidenceLost && report.evidenceLost.length > 0) ? 1 : 0;
  const ref = 'since' in request ? request.since : undefined;
  const suggested = options.suggest ? suggestedTicks(touched.flatMap((unit) => unit.items)) : [];
  const facts = `${changed.length} changed file(s)${ref ? ` since ${ref}${mergeBase ? ` (merge base ${mergeBase.slice(0, 12)})` : ''}` : ` listed in ${'list' in request ? request.list : ''}`}; ${touched.length} of ${units.length} review unit(s) touched; decided in this change: ${change.decisionFiles.length}${change.outside.length > 0 ? `; ${change.outside.length} outside every unit` : ''}.`;

  let text: string;
  switch (options.format) {
    case 'json':
      text = safeJson({
        ...changeJson(report, change, options.orphans),
        ...(options.suggest ? { suggested: suggestionsJson(suggested) } : {}),
      });
      break;
    case 'pr-comment':
      text = prCommentMarkdown(report, change, { ref, mergeBase }) + (options.suggest ? suggestionsMarkdown(suggested) : '');
      break;
    case 'markdown': {
      const untouched = change.units.filter((unit) => !unit.touched);
      text =
        [
          markdownReport(report),
          '### This change',
          '',
          markdownText(facts),
          '',
          ...(untouched.length > 0
            ? [
                'Not touched by this change:',
                '',
                ...untouched.map(
                  ({ unit }) =>
                    `- ${markdownText(unit.ecosystemName)} — ${markdownCode(unit.path)}: unchanged (${progressText(unit.items)} closed)`,
                ),
                '',
              ]
            : []),
        ].join('\n') + (options.suggest ? suggestionsMarkdown(suggested) : '');
      break;
    }
    case 'sarif':
      text = safeJson(perUnitSarif(report, folder));
      break;
    case 'junit':
      text = junitReport(report);
      break;
    case 'github':
      text = githubAnnotations(report);
      break;
    default: {
      const untouched = change.units.filter((unit) => !unit.touched);
      const touchedLines = change.units
        .filter((unit) => unit.touched)
        .map(
          ({ unit, items, files }) =>
            `touched: ${printable(unit.ecosystemName)} (${printable(unit.path)}): ${items.length} of ${unit.items.length} item(s), ${files.length} changed file(s) inside it${items.length === 0 ? ' (no item reads them)' : ''}\n`,
        );
      text = `${printable(facts)}\n${touchedLines.join('')}${textReport(report)}${untouched.map(({ unit }) => `unchanged: ${printable(unit.ecosystemName)} (${printable(unit.path)}): ${progressText(unit.items)} closed\n`).join('')}${options.suggest ? suggestionsText(suggested) : ''}`;
    }
  }
  return { report, change, code, text };
}

/**
 * `check --format json` on a change: the same shape as without, a touched unit listing only its
 * touched items (each with `touchedBy`), an untouched one with `touched: false` and no items, and
 * `changedFiles` (with `decidedInThisChange` and `outside`) at the top.
 */
export function changeJson(report: CheckReport, change: ChangeResult, orphans: readonly Orphan[]) {
  const shown = change.units.map((unit) => ({ ...unit.unit, items: unit.items.map((touched) => touched.item) }));
  const json = checklistJson(shown, orphans);
  const components = json.components.map((component, index) => {
    const unit = change.units[index];
    return {
      ...component,
      touched: unit.touched,
      items: component.items.map((item, at) => ({ ...item, touchedBy: unit.items[at].touchedBy })),
    };
  });
  const lists = gateLists(
    report,
    report.units.flatMap((unit) => unit.items),
  );
  return {
    ...json,
    components,
    minSeverity: report.minSeverity,
    blocking: lists.blocking,
    accepted: lists.accepted,
    evidenceLost: lists.evidenceLost,
    changedFiles: change.changed.map((file) => ({ path: file.path, status: file.status, ...(file.from ? { from: file.from } : {}) })),
    decidedInThisChange: change.decisionFiles,
    outside: change.outside,
  };
}

/**
 * SARIF for a change: one run per touched unit, each with its own `automationDetails.id`
 * (stack-guide/<ecosystem>/<unit>/), which code scanning takes as the run's category. A touched
 * unit with nothing failing still has its (empty) run, so its earlier alerts close; untouched units
 * keep theirs.
 */
function perUnitSarif(report: CheckReport, folder: FolderDetection) {
  const log = sarifLog(report);
  const runs = report.units.map((unit) => {
    const [run] = sarifLog(
      checkReport({
        units: [unit],
        orphans: [],
        minSeverity: report.minSeverity,
        folder,
        locate: (relative) => report.file(relative),
        version: report.tool.version,
        failOnEvidenceLost: report.failOnEvidenceLost,
      }),
    ).runs;
    return { ...run, automationDetails: { id: sarifCategory(unit) } };
  });
  return { ...log, runs: runs.length > 0 ? runs : [{ ...log.runs[0], automationDetails: { id: 'stack-guide/change/' } }] };
}

/** A unit's code-scanning category: stable, printable, '/'-separated, ending in '/'. */
export function sarifCategory(unit: Pick<ChecklistUnit, 'ecosystem' | 'path'>): string {
  const clean = (text: string) => printable(text).replace(/[^A-Za-z0-9._/-]/g, '_');
  return `stack-guide/${clean(unit.ecosystem)}/${unit.path === '.' ? 'root' : clean(unit.path)}/`;
}

function suggestionsJson(items: readonly ChecklistItem[]) {
  return items.map((item) => ({
    unit: item.unit,
    ...(item.member ? { member: item.member } : {}),
    id: item.id,
    severity: item.severity,
    evidence: suggestedEvidence(item),
  }));
}

export function suggestionsText(items: readonly ChecklistItem[]): string {
  if (items.length === 0) return 'No suggested tick: no open item has its evidence found.\n';
  const lines = [
    `${items.length} suggested tick(s), open items whose evidence is found (stack-guide review set --accept-suggested writes them):\n`,
  ];
  for (const item of items)
    lines.push(
      `  SUGGEST [${item.severity}] ${printable(itemLabel(item))}: ${printable(item.text)}\n        evidence: ${printable(suggestedEvidence(item).join(', '))}\n`,
    );
  return lines.join('');
}

function suggestionsMarkdown(items: readonly ChecklistItem[]): string {
  if (items.length === 0) return '';
  return [
    '',
    '### Suggested ticks (evidence found)',
    '',
    ...items.map(
      (item) =>
        `- ${markdownCode(itemLabel(item))} ${markdownText(item.text)} — _${item.severity}_ · evidence: ${suggestedEvidence(item).map(markdownCode).join(', ')}`,
    ),
    '',
  ].join('\n');
}

/** `check --suggest` without a change: the suggestions of every unit, for text, Markdown and JSON. */
export function suggestionsFor(
  format: string,
  units: readonly ChecklistUnit[],
): { text?: string; markdown?: string; json?: ReturnType<typeof suggestionsJson> } {
  const items = suggestedTicks(units.flatMap((unit) => unit.items));
  if (format === 'json') return { json: suggestionsJson(items) };
  if (format === 'markdown') return { markdown: suggestionsMarkdown(items) };
  return { text: suggestionsText(items) };
}

/**
 * `review set --accept-suggested`: every suggested tick (of `--unit`, `--member` when given) written
 * as done with its evidence, through the one writer, one decision file each. An item whose evidence
 * is not found is never written.
 */
export async function acceptSuggested(options: {
  fs: WritableFileSystem;
  layout: ReviewLayout;
  units: ChecklistUnit[];
  /** Detection's file system, for the probes. */
  files: FileSystem;
  by: string;
  note?: string;
  unit?: string;
  member?: string;
  resolve: (component: string, id: string) => EntryKey | undefined;
  out: (text: string) => void;
}): Promise<number> {
  const reader = new EvidenceReader(options.files, undefined, nodeSyntax());
  attachEvidence(options.units, await evaluateUnits(options.units, () => reader));
  const items = suggestedTicks(options.units.flatMap((unit) => unit.items)).filter(
    (item) =>
      (options.unit === undefined || item.unit === options.unit) && (options.member === undefined || item.member === options.member),
  );
  if (items.length === 0) {
    options.out('No suggested tick to accept: no open item has its evidence found.\n');
    return 0;
  }
  for (const item of items) {
    const evidence = suggestedEvidence(item);
    if (evidence.length === 0) continue;
    await updateEntry(
      options.fs,
      options.layout,
      item.reviewKey,
      (current) => decide(current, { state: 'done', by: options.by, text: item.text, note: options.note, evidence }),
      options.resolve,
    );
    options.out(`${printable(itemLabel(item))}: done by ${printable(options.by)}, evidence ${printable(evidence.join(', '))}\n`);
  }
  options.out(`Accepted ${items.length} suggested tick(s).\n`);
  return 0;
}
