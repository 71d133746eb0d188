import * as vscode from 'vscode';
import { detectedEcosystems, type Detection } from '../../core/detect/detector';
import { checklistItems, SECTION_KEYS } from '../../core/profiles/model';
import { groupDisplay, itemTitle, severityLabel } from '../../core/review/display';
import { COMMANDS, VIEWS } from '../constants';
import type { StackGuideModel } from '../model';
import type { ChecklistNode } from '../views/checklistView';
import { ecosystemOfNode } from '../views/stacksView';
import { firstAnswer } from './firstAnswer';
import type { CommandGroup, Surfaces } from './types';

type PageCommand =
  | typeof COMMANDS.detect
  | typeof COMMANDS.openReference
  | typeof COMMANDS.searchGuidance
  | typeof COMMANDS.showChecklist
  | typeof COMMANDS.openItemOnPage
  | typeof COMMANDS.showLog;

/** Detection, the reference pages, the guidance search and the log. */
export function pageCommands({ model, panels }: Surfaces): CommandGroup<PageCommand> {
  return {
    [COMMANDS.detect]: async (): Promise<Detection> =>
      vscode.window.withProgress({ location: { viewId: VIEWS.stacks }, title: vscode.l10n.t('Detecting ecosystems') }, () =>
        model.detect({ full: true }),
      ),

    [COMMANDS.openReference]: async (arg?: unknown, anchor?: string) => {
      // The picker marks what is detected: it waits for the first detection rather than mark nothing.
      if (typeof arg === 'string' || ecosystemOfNode(arg)) await model.loadProfiles();
      else await firstAnswer(model);
      const id = typeof arg === 'string' ? arg : (ecosystemOfNode(arg) ?? (await pickEcosystem(model)));
      if (!id) return undefined;
      if (!model.profile(id)) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Stack Guide has no reference page for "{0}".', id));
        return undefined;
      }
      panels.open(id, typeof anchor === 'string' ? anchor : undefined);
      return id;
    },

    [COMMANDS.searchGuidance]: async () => {
      await firstAnswer(model);
      const picked = await vscode.window.showQuickPick(guidanceItems(model), {
        title: vscode.l10n.t('Search Stack Guide guidance'),
        placeHolder: vscode.l10n.t('Type to search every section, delivery check, risk and quality check'),
        matchOnDescription: true,
        matchOnDetail: true,
      });
      if (picked?.target) panels.open(picked.target.ecosystem, picked.target.anchor);
      return picked?.target;
    },

    [COMMANDS.showChecklist]: () => vscode.commands.executeCommand(`${VIEWS.checklist}.focus`),

    [COMMANDS.openItemOnPage]: (node?: ChecklistNode) => {
      if (node?.kind !== 'item') return;
      panels.open(node.item.ecosystem, `item-${node.item.id}`);
    },

    [COMMANDS.showLog]: () => model.log.show(),
  };
}

async function pickEcosystem(model: StackGuideModel): Promise<string | undefined> {
  const detected = detectedEcosystems(model.detection);
  const ordered = [...model.profiles].sort((a, b) => {
    const rank = (id: string) => (detected.includes(id) ? detected.indexOf(id) : detected.length + 1);
    return rank(a.id) - rank(b.id) || a.name.localeCompare(b.name);
  });
  const items: (vscode.QuickPickItem & { id?: string })[] = [];
  let separatorDone = false;
  if (detected.length > 0) items.push({ label: vscode.l10n.t('Detected in this workspace'), kind: vscode.QuickPickItemKind.Separator });
  for (const profile of ordered) {
    const isDetected = detected.includes(profile.id);
    if (!isDetected && !separatorDone) {
      items.push({ label: vscode.l10n.t('All ecosystems'), kind: vscode.QuickPickItemKind.Separator });
      separatorDone = true;
    }
    items.push({
      label: profile.name,
      description: isDetected ? `$(pass) ${vscode.l10n.t('detected')}` : undefined,
      detail: profile.summary,
      id: profile.id,
    });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Open a Stack Guide reference page'),
    matchOnDetail: true,
    placeHolder: vscode.l10n.t('Type an ecosystem name'),
  });
  return picked?.id;
}

type GuidanceItem = vscode.QuickPickItem & { target?: { ecosystem: string; anchor: string } };

/** Every section, check and risk of every profile, detected ecosystems first. */
function guidanceItems(model: StackGuideModel): GuidanceItem[] {
  const detected = detectedEcosystems(model.detection);
  const ordered = [...model.profiles].sort(
    (a, b) => Number(detected.includes(b.id)) - Number(detected.includes(a.id)) || a.name.localeCompare(b.name),
  );
  const items: GuidanceItem[] = [];
  for (const profile of ordered) {
    items.push({ label: profile.name, kind: vscode.QuickPickItemKind.Separator });
    for (const key of SECTION_KEYS) {
      const section = profile.sections[key];
      items.push({
        label: `$(book) ${section.title}`,
        description: profile.name,
        detail: section.lead,
        target: { ecosystem: profile.id, anchor: `section-${key}` },
      });
    }
    for (const item of checklistItems(profile)) {
      items.push({
        // The short title, and the whole text below it (the search matches both).
        label: `${item.group === 'risks' ? '$(warning)' : '$(checklist)'} ${itemTitle(item)}`,
        description: `${profile.name} · ${groupDisplay(item.group, vscode.l10n.t).noun} · ${severityLabel(item.severity, vscode.l10n.t)}`,
        detail: item.text,
        target: { ecosystem: profile.id, anchor: `item-${item.id}` },
      });
    }
  }
  return items;
}
