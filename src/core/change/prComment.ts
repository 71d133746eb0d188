import { markdownCode, markdownText } from '../report/markdown';
import type { CheckReport } from '../report/model';
import { isClosed, progressText, type ChecklistItem } from '../review/checklist';
import { itemMarkdown } from '../review/exportChecklist';
import type { ChangeResult, TouchedBy } from './touched';

/** The hidden line a bot looks for to find, and update, its own comment. */
export const PR_COMMENT_MARKER = '<!-- stack-guide:pr-comment -->';

/** GitHub refuses a comment body longer than this (characters; a JavaScript length is never fewer). */
export const GITHUB_COMMENT_LIMIT = 65_536;

const MAX_TOUCHED_SHOWN = 5;
/** Room kept for the line that says what was left out. */
const SUMMARY_RESERVE = 600;

export interface PrCommentOptions {
  /** The ref given to --changed-since, and the merge base it was compared from. */
  ref?: string;
  mergeBase?: string;
  limit?: number;
}

/**
 * `check --format pr-comment`: one Markdown body for a pull request. The touched units, each with
 * its open items as `- [ ]` (severity, evidence, the changed files that touch it) and its decided
 * items collapsed; the untouched units on one line each, collapsed; a hidden marker. Past GitHub's
 * limit it drops detail in steps (the decided lists, then the untouched list, then items) and says so.
 * Every repository string goes through the Markdown report's escaping.
 */
export function prCommentMarkdown(report: CheckReport, change: ChangeResult, options: PrCommentOptions = {}): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  for (const detail of ['full', 'no-decided', 'no-untouched'] as const) {
    const body = render(report, change, options, detail, Infinity);
    if (body.length <= limit) return body;
  }
  return render(report, change, options, 'no-untouched', limit);
}

type Detail = 'full' | 'no-decided' | 'no-untouched';

function render(report: CheckReport, change: ChangeResult, options: PrCommentOptions, detail: Detail, limit: number): string {
  const touchedBy = new Map<string, TouchedBy[]>();
  for (const unit of change.units) for (const touched of unit.items) touchedBy.set(touched.item.key, touched.touchedBy);
  const touchedUnits = change.units.filter((unit) => unit.touched);
  const untouched = change.units.filter((unit) => !unit.touched);

  const head: string[] = [PR_COMMENT_MARKER, '## Stack Guide: review of this change', ''];
  const failing = report.failing.length;
  head.push(
    failing === 0
      ? `**No open or stale item at ${report.minSeverity} severity or above in what this change touches.**`
      : `**${failing} open or stale item${failing === 1 ? '' : 's'} at ${report.minSeverity} severity or above in what this change touches.**`,
    '',
  );
  const since = options.ref
    ? ` since ${markdownCode(options.ref)}${options.mergeBase ? ` (merge base ${markdownCode(options.mergeBase.slice(0, 12))})` : ''}`
    : '';
  const facts = [
    `${change.changed.length} changed file${change.changed.length === 1 ? '' : 's'}${since}`,
    `${touchedUnits.length} of ${change.units.length} review unit${change.units.length === 1 ? '' : 's'} touched`,
    `decided in this change: ${change.decisionFiles.length}`,
  ];
  if (change.outside.length > 0) facts.push(`${change.outside.length} outside every unit`);
  head.push(facts.join(' · '), '');

  const out = [...head];
  let length = out.join('\n').length;
  let cut: { items: number; units: number } | undefined;
  const push = (lines: string[]): boolean => {
    const added = lines.join('\n').length + 1;
    if (length + added + SUMMARY_RESERVE > limit) return false;
    out.push(...lines);
    length += added;
    return true;
  };

  if (touchedUnits.length === 0) push(['This change touches no review unit.', '']);
  for (const [index, unitChange] of touchedUnits.entries()) {
    const { unit, items } = unitChange;
    const open = items.filter(({ item }) => !isClosed(item.state) && item.state !== 'accepted');
    const decided = items.filter(({ item }) => isClosed(item.state) || item.state === 'accepted');
    const heading = [
      `### ${markdownText(unit.ecosystemName)} — ${markdownCode(unit.path)} · ${items.length} of ${unit.items.length} items touched${items.length > 0 ? ` (${progressText(items.map(({ item }) => item))} closed)` : ''}`,
      '',
    ];
    if (cut || !push(heading)) {
      cut = { items: (cut?.items ?? 0) + open.length, units: (cut?.units ?? 0) + 1 };
      continue;
    }
    if (items.length === 0)
      push([
        `No item of this unit reads the changed files (${unitChange.files.length}): ${unitChange.files.slice(0, MAX_TOUCHED_SHOWN).map(markdownCode).join(', ')}${unitChange.files.length > MAX_TOUCHED_SHOWN ? ', …' : ''}.`,
        '',
      ]);
    let shown = 0;
    for (const { item } of open) {
      if (!push([openLine(item, touchedBy.get(item.key) ?? [])])) break;
      shown++;
    }
    if (shown < open.length) {
      cut = { items: open.length - shown, units: 1 };
      for (const rest of touchedUnits.slice(index + 1))
        cut = {
          items: cut.items + rest.items.filter(({ item }) => !isClosed(item.state) && item.state !== 'accepted').length,
          units: cut.units + 1,
        };
      break;
    }
    if (open.length > 0) push(['']);
    if (decided.length > 0) {
      if (detail === 'full') {
        push([
          `<details><summary>Decided: ${decided.length} touched item${decided.length === 1 ? '' : 's'}</summary>`,
          '',
          ...decided.map(({ item }) => openLine(item, touchedBy.get(item.key) ?? [])),
          '',
          '</details>',
          '',
        ]);
      } else {
        push([`_${decided.length} decided item${decided.length === 1 ? '' : 's'} not listed (comment size)._`, '']);
      }
    }
  }
  if (cut) {
    out.push(
      `**Summarised:** ${cut.items} more open item${cut.items === 1 ? '' : 's'} in ${cut.units} unit${cut.units === 1 ? '' : 's'} are not listed here (GitHub limits a comment to ${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')} characters); the job summary and \`stack-guide check --changed-since\` list them all.`,
      '',
    );
  }
  if (untouched.length > 0) {
    const summary = `<details><summary>Not touched by this change: ${untouched.length} unit${untouched.length === 1 ? '' : 's'}</summary>`;
    if (detail === 'no-untouched' || cut) {
      out.push(`_${untouched.length} unit${untouched.length === 1 ? '' : 's'} not touched by this change._`, '');
    } else {
      out.push(
        summary,
        '',
        ...untouched.map(
          ({ unit }) =>
            `- ${markdownText(unit.ecosystemName)} — ${markdownCode(unit.path)}: unchanged (${progressText(unit.items)} closed)`,
        ),
        '',
        '</details>',
        '',
      );
    }
  }
  return out.join('\n');
}

/**
 * A task-list line for the comment: the Markdown report's line with the item's title (at most 48
 * characters, so a team profile's long text cannot fill the comment), then what touched the item.
 */
function openLine(item: ChecklistItem, touched: readonly TouchedBy[]): string {
  const where = touched.slice(0, MAX_TOUCHED_SHOWN).map((by) => markdownCode(by.line === undefined ? by.path : `${by.path}:${by.line}`));
  const more = touched.length > MAX_TOUCHED_SHOWN ? ` and ${touched.length - MAX_TOUCHED_SHOWN} more` : '';
  return `${itemMarkdown(item, { short: true })}${where.length > 0 ? ` · touched by ${where.join(', ')}${more}` : ''}`;
}
