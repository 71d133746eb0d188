import type { FolderDetection } from '../detect/detector';
import type { Severity } from '../profiles/model';
import {
  accepted,
  blocking,
  isAppliesAnyway,
  isNotApplicable,
  type ChecklistItem,
  type ChecklistUnit,
  type Orphan,
} from '../review/checklist';
import { isEvidenceLost } from '../evidence/checklistEvidence';
import { datesText, newFindings } from '../review/display';

/** What every `check` format is made from. */
export interface CheckReport {
  units: ChecklistUnit[];
  orphans: Orphan[];
  minSeverity: Severity;
  /** Open or stale items at or above minSeverity: what the gate fails on, in unit order. */
  failing: ChecklistItem[];
  /** Done items ticked with evidence that their probe no longer finds. */
  evidenceLost: ChecklistItem[];
  /** Whether evidence lost fails the gate (--fail-on-evidence-lost). */
  failOnEvidenceLost: boolean;
  /** Accepted or mitigated risks whose code probe finds places their decision did not record. */
  newFindings: ChecklistItem[];
  /** Whether those fail the gate (--fail-on-new-findings). */
  failOnNewFindings: boolean;
  /** Items whose condition says they do not apply here: out of the gate, listed apart with the reason (empty with allItems). */
  notApplicable: ChecklistItem[];
  /** Items whose condition would leave them out, marked "applies anyway" by a reviewer: they count and fail as any other. */
  appliesAnyway: ChecklistItem[];
  /** --all-items: every item counts and fails as if no item had a condition. */
  allItems: boolean;
  /** Accepted risks and n/a decisions past their until day: open, and failing unless allowExpired. */
  expired: ChecklistItem[];
  /** --allow-expired: expired decisions stay open in every count, but do not fail the gate. */
  allowExpired: boolean;
  /** Units past their review-by day: counted and listed; they fail the gate only with failOnOverdue. */
  overdue: ChecklistUnit[];
  /** --fail-on-overdue. */
  failOnOverdue: boolean;
  tool: { name: string; version?: string; informationUri: string };
  /** The file a unit's results point at (its workspace manifest, else its component's manifest), as CI tools want it. */
  location(unit: ChecklistUnit): FileLocation | undefined;
  /** A file of the checked directory (a path relative to it), as CI tools want it. */
  file(relative: string): FileLocation;
  /** The unit an item belongs to. */
  unitOf(item: ChecklistItem): ChecklistUnit;
}

export interface FileLocation {
  /**
   * '/'-separated path relative to the working directory (the repository root in CI, where GitHub
   * and GitLab resolve paths), or an absolute path when the file is outside it.
   */
  path: string;
  /** False for an absolute path. */
  relative: boolean;
  /** For an absolute path: its file: URI, made by the platform that knows its path syntax. */
  fileUri?: string;
  /** 1-based; the manifest as a whole, until items carry evidence of their own. */
  line: number;
}

export const TOOL = { name: 'Stack Guide', informationUri: 'https://github.com/stackguide/stack-guide' };

/**
 * The manifest that stands for a review unit: a workspace unit's workspace manifest, else the
 * first evidence file (the manifest detection matched) of the component in that ecosystem.
 */
export function unitManifest(unit: Pick<ChecklistUnit, 'path' | 'ecosystem' | 'workspace'>, folder: FolderDetection): string | undefined {
  if (unit.workspace) return unit.workspace.manifest;
  const component = folder.components.find((candidate) => candidate.path === unit.path);
  return component?.ecosystems.find((match) => match.id === unit.ecosystem)?.evidence[0];
}

export function checkReport(options: {
  units: ChecklistUnit[];
  orphans: Orphan[];
  minSeverity: Severity;
  folder: FolderDetection;
  /** Where a path relative to the checked directory is, as CI tools want it (see fileLocator in src/node). */
  locate: (relative: string) => FileLocation;
  version?: string;
  failOnEvidenceLost?: boolean;
  failOnNewFindings?: boolean;
  allItems?: boolean;
  allowExpired?: boolean;
  failOnOverdue?: boolean;
}): CheckReport {
  const allItems = options.allItems ?? false;
  const allowExpired = options.allowExpired ?? false;
  const { units, folder } = options;
  const file = options.locate;
  const byKey = new Map<string, ChecklistUnit>();
  for (const unit of units) for (const item of unit.items) byKey.set(item.key, unit);
  return {
    units,
    orphans: options.orphans,
    minSeverity: options.minSeverity,
    failing: blocking(
      units.flatMap((unit) => unit.items),
      options.minSeverity,
      { allItems, allowExpired },
    ),
    expired: units.flatMap((unit) => unit.items).filter((item) => item.state === 'expired' && (allItems || !isNotApplicable(item))),
    allowExpired,
    overdue: units.filter((unit) => unit.overdue === true),
    failOnOverdue: options.failOnOverdue ?? false,
    notApplicable: allItems ? [] : units.flatMap((unit) => unit.items).filter(isNotApplicable),
    appliesAnyway: units.flatMap((unit) => unit.items).filter(isAppliesAnyway),
    allItems,
    evidenceLost: units.flatMap((unit) => unit.items).filter(isEvidenceLost),
    failOnEvidenceLost: options.failOnEvidenceLost ?? false,
    newFindings: units.flatMap((unit) => unit.items).filter((item) => newFindings(item) > 0),
    failOnNewFindings: options.failOnNewFindings ?? false,
    tool: { ...TOOL, ...(options.version ? { version: options.version } : {}) },
    location: (unit) => {
      const manifest = unitManifest(unit, folder);
      return manifest === undefined ? undefined : file(manifest);
    },
    file,
    unitOf: (item) => byKey.get(item.key)!,
  };
}

/** "open", "stale (…)", "expired (accepted risk until 2026-03-01)", "needs action (owner Bo, due …)": why an item fails the gate. */
export function failingState(item: ChecklistItem): string {
  if (item.state === 'stale') return 'stale (ticked, but the text changed since)';
  if (item.state === 'expired') return `expired (${datesText(item)})`;
  if (item.state === 'needs-action') {
    const detail = [item.owner ? `owner ${item.owner}` : '', datesText(item)].filter(Boolean).join(', ');
    return detail ? `needs action (${detail})` : 'needs action';
  }
  return 'open';
}

/**
 * The lists `check --format json` gives beside the checklist: what fails the gate, the accepted
 * risks (they never fail it, and are listed beside what does), and the ticks whose evidence went away.
 */
export function gateLists(report: CheckReport, items: readonly ChecklistItem[]) {
  const member = (value: string | undefined) => (value ? { member: value } : {});
  return {
    blocking: report.failing.map(({ unit, member: m, id, state, severity, until, expiredDecision, owner, due }) => ({
      unit,
      ...member(m),
      id,
      state,
      severity,
      ...(state === 'expired' ? { until, expiredDecision } : {}),
      ...(state === 'needs-action' ? { ...(owner ? { owner } : {}), ...(due ? { due } : {}) } : {}),
    })),
    // Expired decisions, failing or (--allow-expired) not: each with the day it ended.
    expired: report.expired.map(({ unit, member: m, id, severity, until, expiredDecision, by, owner }) => ({
      unit,
      ...member(m),
      id,
      severity,
      until,
      expiredDecision,
      by,
      ...(owner ? { owner } : {}),
    })),
    allowExpired: report.allowExpired,
    accepted: accepted(items).map(({ unit, member: m, id, severity, by, note, owner }) => ({
      unit,
      ...member(m),
      id,
      severity,
      by,
      reason: note,
      owner,
    })),
    evidenceLost: report.evidenceLost.map(({ unit, member: m, id, severity, recordedEvidence }) => ({
      unit,
      ...member(m),
      id,
      severity,
      recordedEvidence,
    })),
    newFindings: report.newFindings.map((item) => ({
      unit: item.unit,
      ...member(item.member),
      id: item.id,
      severity: item.severity,
      state: item.state,
      newFindings: newFindings(item),
      recordedEvidence: item.recordedEvidence ?? [],
    })),
  };
}

/** Whether the gate fails: an open item at the threshold, or what the flags add to it. */
export function gateFails(report: CheckReport): boolean {
  return (
    report.failing.length > 0 ||
    (report.failOnEvidenceLost && report.evidenceLost.length > 0) ||
    (report.failOnNewFindings && report.newFindings.length > 0) ||
    (report.failOnOverdue && report.overdue.length > 0)
  );
}
