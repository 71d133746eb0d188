import { itemLabel, itemTitle, stateLabel } from '../review/checklist';
import { checklistSections } from '../review/exportChecklist';
import { failingState, type CheckReport } from './model';
import { markdownCode, markdownText } from './text';

/**
 * `check --format markdown`: for `$GITHUB_STEP_SUMMARY`, a pull-request comment or description.
 * The gate's verdict, then one task list per review unit. Repository and profile text is made
 * printable and then escaped, so it is never markup: no HTML (`<`, `>` and `&` are entities), no
 * link, image, emphasis or table syntax, no line of its own.
 */

export { markdownCode, markdownText } from './text';

export function markdownReport(report: CheckReport): string {
  const out: string[] = ['## Stack Guide review', ''];
  const { failing, minSeverity } = report;
  if (report.units.length === 0) {
    out.push('No detected ecosystem has a checklist.', '');
  } else if (failing.length === 0) {
    out.push(`**No open or stale item at ${minSeverity} severity or above.**`, '');
  } else {
    out.push(`**${failing.length} open or stale item${failing.length === 1 ? '' : 's'} at ${minSeverity} severity or above:**`, '');
    // The verdict's list is compact (the title); the task lists below give each item's whole text.
    for (const item of failing)
      out.push(
        `- ${markdownCode(itemLabel(item))} ${markdownText(itemTitle(item))} — _${item.severity}_${item.state === 'stale' ? ` · ${stateLabel('stale')}` : ''}${item.state === 'expired' || item.state === 'needs-action' ? ` · **${markdownText(failingState(item))}**` : ''}`,
      );
    out.push('');
  }
  if (report.allowExpired && report.expired.length > 0) {
    out.push(
      `**${report.expired.length} expired decision${report.expired.length === 1 ? '' : 's'}, left out of the gate by --allow-expired:**`,
      '',
    );
    for (const item of report.expired)
      out.push(`- ${markdownCode(itemLabel(item))} ${markdownText(item.text)} — ${markdownText(failingState(item))}`);
    out.push('');
  }
  if (report.overdue.length > 0) {
    const count = report.overdue.length;
    out.push(`**${count} unit${count === 1 ? '' : 's'} past the review-by date${report.failOnOverdue ? ' (fails the gate)' : ''}:**`, '');
    for (const unit of report.overdue)
      out.push(`- ${markdownText(unit.ecosystemName)} ${markdownCode(unit.path)} — review by ${markdownText(unit.reviewBy ?? '')}`);
    out.push('');
  }
  // The same task lists as the editor's export: grouped, with what a tick means, and escaped.
  out.push(...checklistSections(report.units, report.orphans, { allItems: report.allItems }));
  return out.join('\n');
}
