import { itemLabel, progress, STATE_LABELS, type ChecklistItem, type ChecklistUnit, type Orphan } from './checklist';

const MARK: Record<ChecklistItem['state'], string> = { open: '[ ]', done: '[x]', 'n/a': '[x]', stale: '[ ]' };

/** Markdown for a pull-request description: one task list per review unit. */
export function checklistMarkdown(units: readonly ChecklistUnit[], orphans: readonly Orphan[] = []): string {
  const out: string[] = ['## Stack Guide review', ''];
  for (const unit of units) {
    const { closed, total } = progress(unit.items);
    out.push(`### ${unit.ecosystemName} — \`${escapeCode(unit.path)}\` (${closed}/${total})`, '');
    if (unit.members.length > 0) out.push(`${unitMembersText(unit)}: ${unit.members.map((member) => `\`${escapeCode(member)}\``).join(', ')}`, '');
    for (const item of unit.items) out.push(itemMarkdown(item));
    out.push('');
  }
  if (orphans.length > 0) {
    out.push('### Orphaned review entries', '');
    for (const orphan of orphans) out.push(`- \`${escapeCode(itemLabel(orphan))}\` (${orphan.state}) in \`${escapeCode(orphan.file)}\``);
    out.push('');
  }
  return out.join('\n');
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

function escapeCode(text: string): string {
  return text.replace(/`/g, "'").replace(/[\r\n]/g, ' ');
}

/** One task-list line: the item, its severity, and who closed it how. */
export function itemMarkdown(item: ChecklistItem): string {
  const suffix = [
    `_${item.severity}_`,
    item.state === 'n/a' || item.state === 'stale' ? STATE_LABELS[item.state] : undefined,
    item.by ? `${escapeMarkdown(item.by)}${item.at ? `, ${item.at.slice(0, 10)}` : ''}` : undefined,
    item.note ? `note: ${escapeMarkdown(item.note)}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const member = item.member ? ` (\`${escapeCode(item.member)}\`)` : '';
  return `- ${MARK[item.state]} ${escapeMarkdown(item.text)}${member} — ${suffix}`;
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
      items: unit.items.map(({ key: _key, root: _root, reviewKey: _reviewKey, ...item }) => item),
    })),
    orphans: orphans.map(({ root: _root, ...orphan }) => orphan),
  };
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}
