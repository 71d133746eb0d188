import { progress, STATE_LABELS, type ChecklistComponent, type ChecklistItem, type Orphan } from './checklist';

const MARK: Record<ChecklistItem['state'], string> = { open: '[ ]', done: '[x]', 'n/a': '[x]', stale: '[ ]' };

/** Markdown for a pull-request description: one task list per component and ecosystem. */
export function checklistMarkdown(components: readonly ChecklistComponent[], orphans: readonly Orphan[] = []): string {
  const out: string[] = ['## Stack Guide review', ''];
  for (const component of components) {
    const { closed, total } = progress(component.items);
    out.push(`### ${component.ecosystemName} — \`${component.path}\` (${closed}/${total})`, '');
    for (const item of component.items) out.push(itemMarkdown(item));
    out.push('');
  }
  if (orphans.length > 0) {
    out.push('### Orphaned review entries', '');
    for (const orphan of orphans) out.push(`- \`${orphan.component}\` \`${orphan.id}\` (${orphan.state})`);
    out.push('');
  }
  return out.join('\n');
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
  return `- ${MARK[item.state]} ${escapeMarkdown(item.text)} — ${suffix}`;
}

export function checklistJson(components: readonly ChecklistComponent[], orphans: readonly Orphan[] = []) {
  return { components, orphans };
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}
