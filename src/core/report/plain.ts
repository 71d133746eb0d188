import { accepted, itemLabel, progress, type ChecklistItem } from '../review/checklist';
import { evidenceText, unitMembersText } from '../review/display';
import { failingState, type CheckReport } from './model';
import { printable } from './text';

/** Per unit, how many items are closed; then the gate's verdict. The summary `--output` prints too. */
export function textSummary(report: CheckReport, options: { listFollows?: boolean } = {}): string {
  if (report.units.length === 0) return 'No detected ecosystem has a checklist.\n';
  const lines = report.units.map((unit) => {
    const {
      closed,
      total,
      accepted: acceptedCount,
      notApplicable,
      expired,
      needsAction,
    } = progress(unit.items, { allItems: report.allItems });
    const members = unit.members.length > 0 ? `, ${unitMembersText(unit)}` : '';
    // Expired and needs action are open; they are counted apart from items nobody has looked at.
    const apart = [
      acceptedCount > 0 ? `, ${acceptedCount} accepted risk(s)` : '',
      expired > 0 ? `, ${expired} expired` : '',
      needsAction > 0 ? `, ${needsAction} need action` : '',
      notApplicable > 0 ? `, ${notApplicable} not applicable here` : '',
      unit.reviewBy ? (unit.overdue ? `, OVERDUE (review by ${unit.reviewBy})` : `, review by ${unit.reviewBy}`) : '',
    ].join('');
    return `${printable(unit.ecosystemName)} (${printable(unit.path)}${printable(members)}): ${closed}/${total} closed${apart}\n`;
  });
  const failing = report.failing.length;
  const lost = report.evidenceLost.length;
  const lostLine =
    lost === 0 ? '' : `${lost} done item(s) whose evidence is lost${report.failOnEvidenceLost ? ' (fails the gate)' : ''}.\n`;
  const verdict =
    failing === 0
      ? `No open ${report.minSeverity}-severity item or above.\n`
      : `${failing} open or stale item(s) at ${report.minSeverity} severity or above${options.listFollows ? ':' : '.'}\n`;
  const allowed = report.allowExpired ? report.expired.length : 0;
  const allowedLine = allowed === 0 ? '' : `${allowed} expired decision(s) left out of the gate by --allow-expired.\n`;
  const overdue = report.overdue.length;
  const overdueLine =
    overdue === 0 ? '' : `${overdue} unit(s) past their review-by date${report.failOnOverdue ? ' (fails the gate)' : ''}.\n`;
  return lines.join('') + verdict + lostLine + allowedLine + overdueLine;
}

/** `check` without --format: the summary, each failing item, and the orphaned review entries. */
export function textReport(report: CheckReport): string {
  const out = [textSummary(report, { listFollows: true })];
  for (const item of report.failing) {
    out.push(`  ${item.state.toUpperCase().padEnd(5)} [${item.severity}] ${printable(itemLabel(item))}: ${printable(item.text)}\n`);
    if (item.state === 'expired' || item.state === 'needs-action') out.push(`        ${printable(failingState(item))}\n`);
    const evidence = evidenceText(item);
    if (evidence) out.push(`        ${printable(evidence)}\n`);
    out.push(...findingLines(item));
  }
  for (const item of report.newFindings)
    out.push(
      `  NEW   [${item.severity}] ${printable(itemLabel(item))}: ${printable(evidenceText(item) ?? '')}${report.failOnNewFindings ? ' (fails the gate)' : ''}\n`,
      ...findingLines(item),
    );
  // Expired decisions the gate was told to allow: still listed, so nobody forgets them.
  if (report.allowExpired)
    for (const item of report.expired)
      out.push(
        `  EXPIRED (allowed) [${item.severity}] ${printable(itemLabel(item))}: ${printable(item.text)} (${printable(failingState(item))})\n`,
      );
  for (const item of report.evidenceLost)
    out.push(`  LOST  [${item.severity}] ${printable(itemLabel(item))}: ${printable(evidenceText(item) ?? '')}\n`);
  // Accepted risks do not fail the gate; they are listed so nobody forgets they were accepted.
  for (const item of accepted(report.units.flatMap((unit) => unit.items))) {
    out.push(
      `  ACCEPTED [${item.severity}] ${printable(itemLabel(item))}: ${printable(item.text)} (owner ${printable(item.owner ?? '?')}: ${printable(item.note ?? '')})\n`,
    );
  }
  // Not applicable here: out of the gate, each with the fact that decided it (a decision on one is kept and shown).
  for (const item of report.notApplicable)
    out.push(
      `  N/A HERE [${item.severity}] ${printable(itemLabel(item))}${item.state === 'open' ? '' : ` (${printable(item.state)})`}: ${printable(item.applicability?.reason ?? '')}\n`,
    );
  // Marked "applies anyway": in the counts and the gate, listed so the mark is seen.
  for (const item of report.appliesAnyway)
    out.push(
      `  APPLIES ANYWAY [${item.severity}] ${printable(itemLabel(item))}${item.state === 'open' ? '' : ` (${printable(item.state)})`}: ${printable(item.applicability?.reason ?? '')}\n`,
    );
  for (const orphan of report.orphans)
    out.push(
      `  orphaned: ${printable(itemLabel(orphan))} (${printable(orphan.state)}) in ${printable(orphan.file)}, no detected unit has this item any more\n`,
    );
  return out.join('');
}

/** The first places a code probe matched, each with its line, under the item. */
function findingLines(item: ChecklistItem): string[] {
  const findings = item.evidence?.status === 'present' ? (item.evidence.findings ?? []) : [];
  const shown = findings
    .slice(0, SHOWN_FINDINGS)
    .map((finding) => `          ${printable(`${finding.path}:${finding.line}`)}  ${printable(finding.text)}\n`);
  const total = item.evidence?.total ?? findings.length;
  if (total > shown.length) shown.push(`          … ${total - shown.length} more\n`);
  return shown;
}

/** Findings listed per item in the text report; JSON and SARIF carry all that were kept. */
const SHOWN_FINDINGS = 5;
