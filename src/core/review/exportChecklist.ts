import { itemLabel, progressText, type ChecklistItem, type ChecklistUnit, type Orphan } from './checklist';
import { decisionText, evidenceText, GROUP_DISPLAY, stateLabel } from './display';
import { isEvidenceLost } from '../evidence/checklistEvidence';
import { locationText } from '../evidence/evaluate';
import { markdownCode, markdownText } from '../report/text';

const MARK: Record<ChecklistItem['state'], string> = { open: '[ ]', done: '[x]', 'n/a': '[x]', accepted: '[x]', stale: '[ ]' };

/**
 * Markdown for a pull-request description: per review unit, one task list per group under a
 * heading that says what a tick means there, so a reader who sees only this text can tell a
 * check from a risk. Repository and profile text is escaped: it never becomes markup.
 */
export function checklistMarkdown(units: readonly ChecklistUnit[], orphans: readonly Orphan[] = []): string {
  return ['## Stack Guide review', '', ...checklistSections(units, orphans)].join('\n');
}

/** The units' task lists and the orphans, as lines: shared by the export and `check --format markdown`. */
export function checklistSections(units: readonly ChecklistUnit[], orphans: readonly Orphan[]): string[] {
  const out: string[] = [];
  for (const unit of units) {
    out.push(`### ${markdownText(unit.ecosystemName)} — ${markdownCode(unit.path)} (${progressText(unit.items)})`, '');
    if (unit.members.length > 0) out.push(`${markdownText(unitMembersText(unit))}: ${unit.members.map(markdownCode).join(', ')}`, '');
    for (const { group, label, tickMeans } of GROUP_DISPLAY) {
      const items = unit.items.filter((item) => item.group === group);
      if (items.length === 0) continue;
      out.push(`#### ${label} (${tickMeans})`, '');
      for (const item of items) out.push(itemMarkdown(item));
      out.push('');
    }
  }
  if (orphans.length > 0) {
    out.push('### Orphaned review entries', '');
    for (const orphan of orphans) out.push(`- ${markdownCode(itemLabel(orphan))} (${markdownText(orphan.state)}) in ${markdownCode(orphan.file)}`);
    out.push('');
  }
  return out;
}

/** "3 members of the Cargo workspace", the one wording of a unit's member list. */
export function unitMembersText(unit: Pick<ChecklistUnit, 'members' | 'workspace'>): string {
  const count = `${unit.members.length} member${unit.members.length === 1 ? '' : 's'}`;
  return unit.workspace ? `${count} of the ${WORKSPACE_LABELS[unit.workspace.kind]} (${unit.workspace.manifest})` : count;
}

const WORKSPACE_LABELS: Record<NonNullable<ChecklistUnit['workspace']>['kind'], string> = {
  cargo: 'Cargo workspace',
  'go-work': 'Go workspace',
  npm: 'npm workspace',
  pnpm: 'pnpm workspace',
  gradle: 'Gradle build',
  maven: 'Maven build',
  dotnet: '.NET solution',
  mix: 'Mix umbrella',
  dart: 'pub workspace',
  deno: 'Deno workspace',
  uv: 'uv workspace',
};

/** One task-list line: the item, its severity, and what was decided by whom (a done risk reads "mitigated"). */
export function itemMarkdown(item: ChecklistItem): string {
  const decided = item.by ? decisionText(item) : item.state === 'open' ? undefined : stateLabel(item.state, item.group);
  const suffix = [
    `_${item.severity}_`,
    decided ? markdownText(decided) : undefined,
    item.note ? `${item.state === 'accepted' ? 'reason' : 'note'}: ${markdownText(item.note)}` : undefined,
    evidenceMarkdown(item),
  ]
    .filter(Boolean)
    .join(' · ');
  const member = item.member ? ` (${markdownCode(item.member)})` : '';
  return `- ${MARK[item.state]} ${markdownText(item.text)}${member} — ${suffix}`;
}

/** "evidence: `ci.yml:42`", "**evidence lost**: …", "no evidence found". */
function evidenceMarkdown(item: ChecklistItem): string | undefined {
  const text = evidenceText(item);
  if (!text) return undefined;
  if (isEvidenceLost(item)) return `evidence lost: ${item.recordedEvidence!.map(markdownCode).join(', ')} no longer shows it`;
  if (item.evidence?.status === 'found' && item.evidence.chain) return `evidence: ${item.evidence.chain.map((location) => markdownCode(locationText(location))).join(' → ')}`;
  if (item.evidence?.status === 'found') return `evidence: ${item.evidence.locations.map((location) => markdownCode(locationText(location))).join(', ')}`;
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
      items: unit.items.map(({ key: _key, root: _root, reviewKey: _reviewKey, probe: _probe, evidence, recordedEvidence, ...item }) => ({
        ...item,
        stateLabel: stateLabel(item.state, item.group),
        // Items without a probe, or not evaluated, say so rather than leaving the field out.
        evidence: evidence ? { status: evidence.status, locations: evidence.locations, ...(evidence.reason ? { reason: evidence.reason } : {}), ...(evidence.chain ? { chain: evidence.chain } : {}) } : { status: 'not-checked', locations: [], reason: _probe ? 'not evaluated' : 'no probe' },
        ...(recordedEvidence ? { recordedEvidence } : {}),
        evidenceLost: isEvidenceLost({ state: item.state, recordedEvidence, evidence }),
      })),
    })),
    orphans: orphans.map(({ root: _root, ...orphan }) => orphan),
    /** What a tick means in each group of `items`. */
    groups: GROUP_DISPLAY.map(({ group, label, tickMeans }) => ({ group, label, tickMeans })),
  };
}

