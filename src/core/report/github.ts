import { itemLabel, itemTitle } from '../review/checklist';
import type { Severity } from '../profiles/model';
import { failingState, type CheckReport } from './model';
import { printable } from './text';

/**
 * `check --format github`: one workflow command per failing item,
 *   ::error file=Cargo.toml,line=1,title=Stack Guide: Cargo.lock committed, builds --locked (rust.delivery.lockfile)::Cargo.lock is …
 * which GitHub shows as an annotation on the pull request's files and on the run's summary.
 */

/** A command's message, escaped as @actions/core does (`escapeData`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command property's value, escaped as @actions/core does (`escapeProperty`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'notice'> = { high: 'error', medium: 'warning', low: 'notice' };

/**
 * A workflow command line. Every value is first made printable (no control character, so no line
 * break, can come from the repository), then escaped for its place: the message cannot end the
 * command, a property cannot end its property list or open another.
 */
export function workflowCommand(
  command: 'error' | 'warning' | 'notice',
  properties: Record<string, string | number | undefined>,
  message: string,
): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(printable(String(value)))}`)
    .join(',');
  // The message may hold our own line breaks between printable parts; escapeData encodes them.
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}\n`;
}

export function githubAnnotations(report: CheckReport): string {
  const lines: string[] = [];
  for (const item of report.failing) {
    const unit = report.unitOf(item);
    const location = report.location(unit);
    const message = [
      `${printable(item.text)} (${item.severity}, ${failingState(item)}; ${printable(unit.ecosystemName)} review of ${printable(unit.path)})`,
      item.why ? printable(item.why) : undefined,
      ...(item.links ?? []).map(printable),
      'Tick it in the review checklist of the Stack Guide extension, or record it with `stack-guide review set`, and commit the review folder.',
    ]
      .filter((part): part is string => part !== undefined)
      .join('\n');
    lines.push(
      workflowCommand(
        LEVEL[item.severity],
        { file: location?.path, line: location?.line, title: `Stack Guide: ${itemTitle(item)} (${itemLabel(item)})` },
        message,
      ),
    );
  }
  for (const orphan of report.orphans) {
    const file = report.file(orphan.file);
    lines.push(
      workflowCommand(
        'notice',
        { file: file.path, line: file.line, title: `Stack Guide: orphaned review entry ${itemLabel(orphan)}` },
        `${printable(itemLabel(orphan))} (${printable(orphan.state)}) is in the review folder, but no detected unit has this item any more.`,
      ),
    );
  }
  return lines.join('');
}
