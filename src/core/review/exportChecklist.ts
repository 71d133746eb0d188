import { isNotApplicable, itemLabel, type ChecklistItem, type ChecklistUnit, type Orphan } from './checklist';
import {
  datesText,
  decisionText,
  evidenceAtText,
  evidenceLostText,
  evidenceText,
  newFindings,
  groupDisplays,
  itemTitle,
  progressText,
  severityLabel,
  stateLabel,
  unitMembersText,
} from './display';
import { isEvidenceLost } from '../evidence/checklistEvidence';
import { locationText } from '../evidence/evaluate';
import { markdownCode, markdownText } from '../report/text';

const MARK: Record<ChecklistItem['state'], string> = {
  open: '[ ]',
  done: '[x]',
  'n/a': '[x]',
  accepted: '[x]',
  'needs-action': '[ ]',
  stale: '[ ]',
  expired: '[ ]',
};

/**
 * Markdown for a pull-request description: per review unit, one task list per group under a
 * heading that says what a tick means there, so a reader who sees only this text can tell a
 * check from a risk. Repository and profile text is escaped: it never becomes markup.
 */
export function checklistMarkdown(units: readonly ChecklistUnit[], orphans: readonly Orphan[] = []): string {
  return ['## Stack Guide review', '', ...checklistSections(units, orphans)].join('\n');
}

/** The units' task lists and the orphans, as lines: shared by the export and `check --format markdown`. */
export function checklistSections(
  units: readonly ChecklistUnit[],
  orphans: readonly Orphan[],
  options: { allItems?: boolean } = {},
): string[] {
  const out: string[] = [];
  for (const unit of units) {
    const apart = options.allItems ? [] : unit.items.filter(isNotApplicable);
    const shown = options.allItems ? unit.items : unit.items.filter((item) => !isNotApplicable(item));
    out.push(`### ${markdownText(unit.ecosystemName)} — ${markdownCode(unit.path)} (${progressText(shown)})`, '');
    if (unit.members.length > 0) out.push(`${markdownText(unitMembersText(unit))}: ${unit.members.map(markdownCode).join(', ')}`, '');
    for (const { group, label, tickMeans } of groupDisplays()) {
      const items = shown.filter((item) => item.group === group);
      if (items.length === 0) continue;
      out.push(`#### ${label} (${tickMeans})`, '');
      for (const item of items) out.push(itemMarkdown(item));
      out.push('');
    }
    if (apart.length > 0) {
      out.push(`#### Not applicable here (${apart.length})`, '');
      for (const item of apart) out.push(`${itemMarkdown(item)} · ${markdownText(item.applicability?.reason ?? '')}`);
      out.push('');
    }
  }
  if (orphans.length > 0) {
    out.push('### Orphaned review entries', '');
    for (const orphan of orphans)
      out.push(`- ${markdownCode(itemLabel(orphan))} (${markdownText(orphan.state)}) in ${markdownCode(orphan.file)}`);
    out.push('');
  }
  return out;
}

/**
 * One task-list line: the item, its severity, and what was decided by whom (a done risk reads
 * "mitigated"). The whole text, or with `short` (a compact list such as a pull request comment)
 * the item's title.
 */
export function itemMarkdown(item: ChecklistItem, options: { short?: boolean } = {}): string {
  const decided = item.by
    ? decisionText(item)
    : item.state === 'open' || item.state === 'expired'
      ? undefined
      : stateLabel(item.state, item.group);
  const suffix = [
    `_${severityLabel(item.severity)}_`,
    decided ? markdownText(decided) : undefined,
    item.state === 'expired'
      ? `**${stateLabel('expired')}** (${markdownText(datesText(item))})`
      : datesText(item)
        ? markdownText(datesText(item))
        : undefined,
    item.note ? `${item.state === 'accepted' ? 'reason' : 'note'}: ${markdownText(item.note)}` : undefined,
    item.applicability?.anyway ? markdownText(item.applicability.reason ?? '') : undefined,
    evidenceMarkdown(item),
  ]
    .filter(Boolean)
    .join(' · ');
  const member = item.member ? ` (${markdownCode(item.member)})` : '';
  return `- ${MARK[item.state]} ${markdownText(options.short ? itemTitle(item) : item.text)}${member} — ${suffix}`;
}

/** "evidence: `ci.yml:42`", "**evidence lost**: …", "no evidence found". */
function evidenceMarkdown(item: ChecklistItem): string | undefined {
  const text = evidenceText(item);
  if (!text) return undefined;
  // Every place as code: the same words as evidenceText, with the paths marked up.
  if (isEvidenceLost(item)) return evidenceLostText(item.recordedEvidence!.map(markdownCode).join(', '));
  if (item.evidence?.status === 'found' && item.evidence.chain)
    return evidenceAtText(item.evidence.chain.map((location) => markdownCode(locationText(location))).join(' → '), 0);
  if (item.evidence?.status === 'found')
    return evidenceAtText(item.evidence.locations.map((location) => markdownCode(locationText(location))).join(', '), 0);
  if (item.evidence?.status === 'present' && item.evidence.findings?.length) {
    const places = item.evidence.findings.map((finding) => markdownCode(locationText(finding))).join(', ');
    const more = (item.evidence.total ?? 0) - item.evidence.findings.length;
    return `${markdownText(text)}: ${places}${more > 0 ? ` and ${more} more` : ''}`;
  }
  return markdownText(text);
}

/** The JSON export and `check --format json`: one entry per review unit under `components`. */
export function checklistJson(units: readonly ChecklistUnit[], orphans: readonly Orphan[] = []) {
  return {
    components: units.map((unit) => ({
      folder: unit.folder,
      path: unit.path,
      ecosystem: unit.ecosystem,
      ecosystemName: unit.ecosystemName,
      members: unit.members,
      ...(unit.workspace ? { workspace: unit.workspace } : {}),
      // The day the unit is to be reviewed by, when one is set, and whether it has passed.
      ...(unit.reviewBy ? { reviewBy: unit.reviewBy, overdue: unit.overdue === true } : {}),
      items: unit.items.map(
        ({
          key: _key,
          root: _root,
          reviewKey: _reviewKey,
          probe: _probe,
          appliesWhen: _condition,
          applicability,
          evidence,
          recordedEvidence,
          ...item
        }) => ({
          ...item,
          // The profile's title, or the text cut short (a team profile may give no title).
          title: itemTitle(item),
          // Every item says whether it applies here; one without a condition, or not evaluated, applies.
          applicability: applicability
            ? {
                status: applicability.status,
                ...(applicability.reason ? { reason: applicability.reason } : {}),
                locations: applicability.locations,
                ...(applicability.anyway ? { anyway: applicability.anyway } : {}),
              }
            : { status: 'applies', locations: [], ...(_condition ? { reason: 'not evaluated' } : {}) },
          stateLabel: stateLabel(item.state, item.group),
          // Items without a probe, or not evaluated, say so rather than leaving the field out.
          evidence: evidence
            ? {
                status: evidence.status,
                locations: evidence.locations,
                ...(evidence.reason ? { reason: evidence.reason } : {}),
                ...(evidence.chain ? { chain: evidence.chain } : {}),
                ...(evidence.findings ? { findings: evidence.findings, total: evidence.total ?? evidence.findings.length } : {}),
              }
            : { status: 'not-checked', locations: [], reason: _probe ? 'not evaluated' : 'no probe' },
          ...(recordedEvidence ? { recordedEvidence } : {}),
          evidenceLost: isEvidenceLost({ state: item.state, recordedEvidence, evidence }),
          ...(evidence?.status === 'present' ? { newFindings: newFindings({ state: item.state, recordedEvidence, evidence }) } : {}),
        }),
      ),
    })),
    orphans: orphans.map(({ root: _root, ...orphan }) => orphan),
    /** What a tick means in each group of `items`. */
    groups: groupDisplays().map(({ group, label, tickMeans }) => ({ group, label, tickMeans })),
  };
}
