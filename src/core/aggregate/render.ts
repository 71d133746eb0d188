/**
 * The organisation report as one self-contained HTML file (no script, no request: a content
 * security policy that allows only its own style) and as Markdown. Every string from an input
 * (repository names, paths, item ids and texts) is escaped.
 */
import { escapeHtml } from '../page/html';
import { markdownCode, markdownText } from '../report/text';
import type { Aggregate, ItemSummary } from './aggregate';

/** Most-open items shown; the JSON has them all. */
export const MOST_OPEN_SHOWN = 25;

const STYLE = `
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #ffffff; --muted: #4a4a4a; --line: #c8c8c8; --head: #f0f0f0; --bad: #a4001d; --good: #0b6a0b; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8e8e8; --bg: #1e1e1e; --muted: #bdbdbd; --line: #555555; --head: #2b2b2b; --bad: #ff8a8a; --good: #7fd67f; } }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 2rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
p { color: var(--muted); margin: .2rem 0 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; min-width: 40rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .6rem; text-align: left; vertical-align: top; }
thead th { background: var(--head); }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.bad { color: var(--bad); font-weight: 600; }
.good { color: var(--good); }
code { font-family: ui-monospace, "SF Mono", Consolas, monospace; font-size: .92em; overflow-wrap: anywhere; }
th code { overflow-wrap: normal; white-space: nowrap; }
`;

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function count(value: number): string {
  return value > 0 ? `<td class="n bad">${value}</td>` : `<td class="n">${value}</td>`;
}

function itemRow(item: ItemSummary, cells: string): string {
  return `<tr><th scope="row"><code>${escapeHtml(item.id)}</code></th><td>${escapeHtml(item.text)}</td><td>${escapeHtml(item.severity)}</td>${cells}</tr>`;
}

/** The HTML report: a summary, repositories × units, the most often open items, per-item pass rates. */
export function aggregateHtml(report: Aggregate, options: { title?: string; generated?: string } = {}): string {
  const title = options.title ?? 'Stack Guide: review across repositories';
  const units = report.repositories.reduce((sum, repository) => sum + repository.units.length, 0);
  const openHigh = report.repositories.reduce((sum, repository) => sum + repository.units.reduce((s, unit) => s + unit.openHigh, 0), 0);
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE.trim().split('\n').join(' ')}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>${report.repositories.length} repositories, ${units} review units, ${openHigh} open high-severity items${options.generated ? `; generated ${escapeHtml(options.generated)}` : ''}. Done counts done and not applicable; open high counts open, stale and expired items of high severity.</p>`,
  ];
  if (report.skipped.length > 0) {
    out.push('<h2 id="skipped">Inputs skipped</h2>', '<ul>');
    for (const skipped of report.skipped) out.push(`<li><code>${escapeHtml(skipped.file)}</code>: ${escapeHtml(skipped.message)}</li>`);
    out.push('</ul>');
  }

  out.push('<h2 id="units">Repositories and review units</h2>');
  out.push('<table>', '<caption>Each review unit of each repository</caption>');
  out.push(
    '<thead><tr><th scope="col">Repository</th><th scope="col">Unit</th><th scope="col">Ecosystem</th><th scope="col">Done / total</th><th scope="col">Open high</th><th scope="col">Accepted</th><th scope="col">Expired</th><th scope="col">Evidence lost</th></tr></thead>',
  );
  for (const repository of report.repositories) {
    out.push('<tbody>');
    if (repository.units.length === 0)
      out.push(`<tr><th scope="row">${escapeHtml(repository.repository)}</th><td colspan="7">no review unit</td></tr>`);
    for (const unit of repository.units) {
      out.push(
        `<tr><th scope="row">${escapeHtml(repository.repository)}</th><td><code>${escapeHtml(unit.path)}</code></td><td>${escapeHtml(unit.ecosystem)}</td><td class="n">${unit.done}/${unit.total}</td>${count(unit.openHigh)}<td class="n">${unit.accepted}</td>${count(unit.expired)}${count(unit.evidenceLost)}</tr>`,
      );
    }
    out.push('</tbody>');
  }
  out.push('</table>');

  out.push('<h2 id="most-open">Items most often open</h2>');
  if (report.mostOpen.length === 0) out.push('<p>No item is open in any repository.</p>');
  else {
    const shown = report.mostOpen.slice(0, MOST_OPEN_SHOWN);
    out.push(
      '<table>',
      `<caption>The ${shown.length} items open in the most repositories${report.mostOpen.length > shown.length ? ` (of ${report.mostOpen.length}; the JSON lists all)` : ''}</caption>`,
    );
    out.push(
      '<thead><tr><th scope="col">Item</th><th scope="col">Text</th><th scope="col">Severity</th><th scope="col">Open in</th></tr></thead><tbody>',
    );
    for (const item of shown) out.push(itemRow(item, `<td class="n">${item.openIn} of ${item.repositories} repositories</td>`));
    out.push('</tbody></table>');
  }

  out.push('<h2 id="pass-rates">Pass rate per item</h2>');
  out.push(
    '<table>',
    '<caption>Each item, lowest pass rate first: done or not applicable, of every unit (or member) that has it</caption>',
  );
  out.push(
    '<thead><tr><th scope="col">Item</th><th scope="col">Text</th><th scope="col">Severity</th><th scope="col">Passed</th><th scope="col">Pass rate</th></tr></thead><tbody>',
  );
  for (const item of report.passRates)
    out.push(itemRow(item, `<td class="n">${item.passed} of ${item.occurrences}</td><td class="n">${percent(item.passRate)}</td>`));
  out.push('</tbody></table>');
  out.push('</main>', '</body>', '</html>', '');
  return out.join('\n');
}

/** markdownText escapes "|" too, so the text stays in its table cell. */
const mdCell = markdownText;

export function aggregateMarkdown(report: Aggregate): string {
  const out = ['## Stack Guide: review across repositories', ''];
  for (const skipped of report.skipped) out.push(`- skipped ${markdownCode(skipped.file)}: ${markdownText(skipped.message)}`);
  if (report.skipped.length > 0) out.push('');
  out.push(
    '| Repository | Unit | Ecosystem | Done | Open high | Accepted | Expired | Evidence lost |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const repository of report.repositories) {
    for (const unit of repository.units)
      out.push(
        `| ${mdCell(repository.repository)} | ${markdownCode(unit.path).replace(/\|/g, '\\|')} | ${mdCell(unit.ecosystem)} | ${unit.done}/${unit.total} | ${unit.openHigh} | ${unit.accepted} | ${unit.expired} | ${unit.evidenceLost} |`,
      );
  }
  out.push('', '### Items most often open', '');
  if (report.mostOpen.length === 0) out.push('No item is open in any repository.');
  else {
    out.push('| Item | Severity | Open in |', '|---|---|---|');
    for (const item of report.mostOpen.slice(0, MOST_OPEN_SHOWN))
      out.push(
        `| ${markdownCode(item.id).replace(/\|/g, '\\|')} ${mdCell(item.text)} | ${item.severity} | ${item.openIn} of ${item.repositories} |`,
      );
  }
  out.push('', '### Pass rate per item', '', '| Item | Severity | Passed | Rate |', '|---|---|---|---|');
  for (const item of report.passRates)
    out.push(
      `| ${markdownCode(item.id).replace(/\|/g, '\\|')} | ${item.severity} | ${item.passed} of ${item.occurrences} | ${percent(item.passRate)} |`,
    );
  out.push('');
  return out.join('\n');
}
