import { SEVERITY_RANK } from '../profiles/model';
import { isOpen, itemLabel, itemTitle, stateLabel, type ChecklistItem } from '../review/checklist';
import { failingState, type CheckReport } from './model';
import { printable } from './text';

/**
 * `check --format junit`: JUnit XML for GitLab's test report (and Jenkins, Azure DevOps, …). One
 * test suite per review unit, one test case per item: a failure for an open or stale item at or
 * above --min-severity, skipped for an item marked not applicable (or otherwise decided) or open
 * below the threshold, passed when done.
 */

/**
 * Text for XML 1.0 content or a double-quoted attribute. Repository text has been made printable;
 * markup characters become entities, white space that an attribute would normalise becomes a
 * character reference, and whatever XML 1.0 forbids (U+FFFE, U+FFFF, lone surrogates, any control
 * character left) is removed, so the document is always well-formed.
 */
// Control characters are exactly what XML 1.0 forbids: matching them is the point.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function xmlText(text: string): string {
  return text
    .replace(XML_FORBIDDEN, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/[&<>"'\t\n\r\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
      switch (c) {
        case '&':
          return '&amp;';
        case '<':
          return '&lt;';
        case '>':
          return '&gt;';
        case '"':
          return '&quot;';
        case "'":
          return '&apos;';
        default:
          return `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`;
      }
    });
}

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${xmlText(String(value))}"`)
    .join('');
}

type Outcome = { kind: 'failure'; message: string } | { kind: 'skipped'; message: string } | { kind: 'passed' };

function outcome(item: ChecklistItem, report: CheckReport): Outcome {
  if (!report.allItems && item.applicability?.status === 'not-applicable')
    return {
      kind: 'skipped',
      message: `not applicable here: ${printable(item.applicability.reason ?? '')}${item.state === 'open' ? '' : ` (decided: ${stateLabel(item.state)})`}`,
    };
  const atOrAbove = SEVERITY_RANK[item.severity] >= SEVERITY_RANK[report.minSeverity];
  if (isOpen(item.state) && !(report.allowExpired && item.state === 'expired')) {
    return atOrAbove
      ? { kind: 'failure', message: `${failingState(item)} ${item.severity}-severity item` }
      : { kind: 'skipped', message: `${failingState(item)}, below the gate's ${report.minSeverity} severity` };
  }
  if (item.state === 'done') return { kind: 'passed' };
  // Not applicable, or any other decision that is not a done check.
  return {
    kind: 'skipped',
    message: `${stateLabel(item.state)}${item.by ? ` (${printable(item.by)})` : ''}${item.note ? `: ${printable(item.note)}` : ''}`,
  };
}

export function junitReport(report: CheckReport): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = report.units.flatMap((unit) => unit.items.map((item) => ({ unit, item, outcome: outcome(item, report) })));
  const count = (list: typeof all, kind: Outcome['kind']) => list.filter((entry) => entry.outcome.kind === kind).length;
  lines.push(
    `<testsuites${attributes({ name: 'Stack Guide review', tests: all.length, failures: count(all, 'failure'), errors: 0, skipped: count(all, 'skipped'), time: 0 })}>`,
  );
  const byUnit = new Map(report.units.map((unit) => [unit, [] as typeof all]));
  for (const entry of all) byUnit.get(entry.unit)!.push(entry);
  for (const unit of report.units) {
    const entries = byUnit.get(unit)!;
    const location = report.location(unit);
    const name = `${printable(unit.ecosystemName)} (${printable(unit.path)})`;
    lines.push(
      `  <testsuite${attributes({ name, tests: entries.length, failures: count(entries, 'failure'), errors: 0, skipped: count(entries, 'skipped'), time: 0, file: location && printable(location.path) })}>`,
    );
    for (const { item, outcome: result } of entries) {
      const testcase = attributes({
        classname: printable(`stack-guide.${item.ecosystem}.${item.group}`),
        // A test's name is one line in CI's list: the title; the failure holds the whole text.
        name: `${printable(itemLabel(item))}: ${printable(itemTitle(item))}`,
        file: location && printable(location.path),
        line: location?.line,
        time: 0,
      });
      if (result.kind === 'passed') {
        lines.push(`    <testcase${testcase}/>`);
        continue;
      }
      lines.push(`    <testcase${testcase}>`);
      if (result.kind === 'skipped') {
        lines.push(`      <skipped${attributes({ message: result.message })}/>`);
      } else {
        const details = [
          `${printable(item.text)}`,
          item.why ? `Why: ${printable(item.why)}` : undefined,
          ...(item.links ?? []).map((link) => `See ${printable(link)}`),
          item.state === 'stale' && item.by
            ? `Ticked by ${printable(item.by)}${item.at ? ` on ${printable(item.at)}` : ''} before the text changed.`
            : undefined,
          item.note ? `Note: ${printable(item.note)}` : undefined,
        ].filter((part): part is string => part !== undefined);
        // Each detail is one printable line, and the line breaks between them are references too:
        // no text from the repository can start a line of the report.
        lines.push(
          `      <failure${attributes({ type: item.severity, message: result.message })}>${details.map(xmlText).join('&#xA;')}</failure>`,
        );
      }
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
