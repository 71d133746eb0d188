import * as vscode from 'vscode';
import { detectedEcosystems, type Detection } from '../../core/detect/detector';
import { checklistJson, checklistMarkdown, itemMarkdown } from '../../core/review/exportChecklist';
import { checklistItems, SECTION_KEYS, type ChecklistGroup } from '../../core/profiles/model';
import { COMMANDS, VIEWS } from '../constants';
import type { StackGuideContext } from '../session';
import type { ChecklistNode, ChecklistView } from '../views/checklistView';
import { showWriteError } from '../views/checklistView';
import type { ReferencePanels } from '../webviews/reference/panel';
import { ecosystemOfNode } from '../views/stacksView';
import { resolveConflictText } from '../../core/review/mergeReview';
import { keyString, REVIEW_LIMITS } from '../../core/review/reviewData';
import { readUserUri, writeUriAtomically } from '../files/vscodeFileSystem';
import { severityLabel } from '../labels';

interface Surfaces {
  context: StackGuideContext;
  panels: ReferencePanels;
  checklist: ChecklistView;
}

// VS Code passes a command whatever its caller gives (a tree node, a URI, nothing); each handler
// states and checks what it accepts, which `unknown[]` would not let its signature say.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (...args: any[]) => unknown;

/** Every contributed command id. */
export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** One handler per command id, no more and no fewer: a missing or stray handler does not compile. */
export type CommandHandlers = { [Id in CommandId]: Handler };

/** Command id → handler; extension.ts registers them all. */
export function commandHandlers({ context, panels, checklist }: Surfaces): CommandHandlers {
  return {
    [COMMANDS.detect]: async (): Promise<Detection> =>
      vscode.window.withProgress({ location: { viewId: VIEWS.stacks }, title: vscode.l10n.t('Detecting ecosystems') }, () => context.detect({ full: true })),

    [COMMANDS.openReference]: async (arg?: unknown, anchor?: string) => {
      // The picker marks what is detected: it waits for the first detection rather than mark nothing.
      if (typeof arg === 'string' || ecosystemOfNode(arg)) await context.loadProfiles();
      else await firstAnswer(context);
      const id = typeof arg === 'string' ? arg : ecosystemOfNode(arg) ?? (await pickEcosystem(context));
      if (!id) return undefined;
      if (!context.profile(id)) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Stack Guide has no reference page for "{0}".', id));
        return undefined;
      }
      panels.open(id, typeof anchor === 'string' ? anchor : undefined);
      return id;
    },

    [COMMANDS.searchGuidance]: async () => {
      await firstAnswer(context);
      const picked = await vscode.window.showQuickPick(guidanceItems(context), {
        title: vscode.l10n.t('Search Stack Guide guidance'),
        placeHolder: vscode.l10n.t('Type to search every section, delivery check, risk and quality check'),
        matchOnDescription: true,
        matchOnDetail: true,
      });
      if (picked?.target) panels.open(picked.target.ecosystem, picked.target.anchor);
      return picked?.target;
    },

    [COMMANDS.showChecklist]: () => vscode.commands.executeCommand(`${VIEWS.checklist}.focus`),

    [COMMANDS.exportChecklist]: async () => {
      await firstAnswer(context);
      const { units, orphans, errors } = context.checklist;
      if (errors.length > 0) {
        const { file, line, message } = errors[0].status.error;
        const uri = errors[0].uri;
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('Stack Guide: the review state {0} cannot be read (line {1}: {2}). An export now would show ticked items as open; fix it first.', file, line, message),
          uri ? vscode.l10n.t('Open Review File') : vscode.l10n.t('Reset Personal Review State'),
        );
        if (choice && uri) await vscode.commands.executeCommand(COMMANDS.openReviewFile, uri, line);
        else if (choice) await vscode.commands.executeCommand(COMMANDS.resetPersonalReview);
        return;
      }
      if (units.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Stack Guide: nothing to export, no detected ecosystem has a checklist.'));
        return;
      }
      const choice = await vscode.window.showQuickPick(
        [
          { label: `$(markdown) ${vscode.l10n.t('Markdown in a new editor')}`, id: 'md-editor' },
          { label: `$(clippy) ${vscode.l10n.t('Markdown to the clipboard')}`, detail: vscode.l10n.t('Ready to paste into a pull-request description'), id: 'md-clipboard' },
          { label: `$(json) ${vscode.l10n.t('JSON in a new editor')}`, id: 'json' },
        ],
        { title: vscode.l10n.t('Export the review checklist') },
      );
      if (!choice) return;
      if (choice.id === 'md-clipboard') {
        await vscode.env.clipboard.writeText(checklistMarkdown(units, orphans));
        void vscode.window.showInformationMessage(vscode.l10n.t('Stack Guide: checklist copied as Markdown.'));
        return;
      }
      const content = choice.id === 'json' ? JSON.stringify(checklistJson(units, orphans), null, 2) : checklistMarkdown(units, orphans);
      const document = await vscode.workspace.openTextDocument({ content, language: choice.id === 'json' ? 'json' : 'markdown' });
      await vscode.window.showTextDocument(document);
    },

    [COMMANDS.openReviewFile]: async (uri?: vscode.Uri, line?: number, file?: string) => {
      const target =
        uri ??
        context.checklist.errors.find((error) => error.uri && (!file || vscode.workspace.asRelativePath(error.uri, true) === file))?.uri;
      if (!target) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Stack Guide: no review file to open (ticks are kept in the workspace state, or nothing is broken).'));
        return;
      }
      const document = await vscode.workspace.openTextDocument(target);
      const position = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
      await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
    },

    [COMMANDS.markNotApplicable]: async (node?: ChecklistNode) => {
      if (node?.kind !== 'item') return;
      const reason = await vscode.window.showInputBox({
        title: vscode.l10n.t('Mark as not applicable'),
        prompt: node.item.text,
        placeHolder: vscode.l10n.t('Why does this not apply here?'),
        validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('A reason helps the next reviewer')),
      });
      if (reason === undefined) return;
      try {
        await context.setItemState(node.item.key, 'n/a', reason.trim());
      } catch (error) {
        await showWriteError(error, context);
      }
    },

    [COMMANDS.acceptRisk]: async (node?: ChecklistNode) => {
      if (node?.kind !== 'item') return;
      const reason = await vscode.window.showInputBox({
        title: vscode.l10n.t('Accept the risk (1/2): why is it not fixed?'),
        prompt: node.item.text,
        placeHolder: vscode.l10n.t('The reason, e.g. "fixed with the queue rewrite in Q3; traffic is internal until then"'),
        value: node.item.state === 'accepted' ? node.item.note : undefined,
        validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('An accepted risk needs a reason')),
      });
      if (reason === undefined) return;
      const owner = await vscode.window.showInputBox({
        title: vscode.l10n.t('Accept the risk (2/2): who owns it?'),
        prompt: vscode.l10n.t('The person or team who answers for this risk until it is fixed'),
        value: node.item.owner ?? (await context.reviewerFor(node.item.key)),
        validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('An accepted risk needs an owner')),
      });
      if (owner === undefined) return;
      try {
        await context.setItemState(node.item.key, 'accepted', reason.trim(), owner.trim());
      } catch (error) {
        await showWriteError(error, context);
      }
    },

    [COMMANDS.reopenItem]: async (node?: ChecklistNode) => {
      if (node?.kind !== 'item') return;
      try {
        await context.setItemState(node.item.key, 'open');
      } catch (error) {
        await showWriteError(error, context);
      }
    },

    [COMMANDS.tickWithEvidence]: async (node?: ChecklistNode) => {
      if (node?.kind !== 'item') return;
      try {
        const locations = await context.tickWithEvidence(node.item.key);
        void vscode.window.setStatusBarMessage(vscode.l10n.t('Stack Guide: ticked with evidence at {0}', locations.join(', ')), 4000);
      } catch (error) {
        await showWriteError(error, context);
      }
    },

    [COMMANDS.addNote]: async (node?: ChecklistNode) => {
      if (node?.kind !== 'item') return;
      const note = await vscode.window.showInputBox({
        title: vscode.l10n.t('Note on this item'),
        prompt: vscode.l10n.t('{0} (leave empty to remove the note)', node.item.text),
        value: node.item.note ?? '',
      });
      if (note === undefined) return;
      try {
        await context.setItemNote(node.item.key, note);
      } catch (error) {
        await showWriteError(error, context);
      }
    },

    [COMMANDS.copyItemMarkdown]: async (node?: ChecklistNode) => {
      if (node?.kind !== 'item') return;
      await vscode.env.clipboard.writeText(itemMarkdown(node.item));
      vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Copied as Markdown')}`, 2000);
    },

    [COMMANDS.openItemOnPage]: (node?: ChecklistNode) => {
      if (node?.kind !== 'item') return;
      panels.open(node.item.ecosystem, `item-${node.item.id}`);
    },

    [COMMANDS.hideDone]: () => checklist.setFilter('hideDone', true),
    [COMMANDS.showDone]: () => checklist.setFilter('hideDone', false),
    [COMMANDS.onlyHighSeverity]: () => checklist.setFilter('highOnly', true),
    [COMMANDS.allSeverities]: () => checklist.setFilter('highOnly', false),

    [COMMANDS.resetPersonalReview]: async () => {
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t("Forget the personal review ticks kept in this workspace's state? The shared review file is not touched."),
        { modal: true },
        vscode.l10n.t('Forget Personal Ticks'),
      );
      if (!choice) return;
      const reset = await context.resetPersonalReview();
      void vscode.window.showInformationMessage(
        reset > 0
          ? vscode.l10n.t('Stack Guide: personal review state cleared in {0} folder(s).', reset)
          : vscode.l10n.t('Stack Guide: no folder keeps its ticks in the workspace state (stackGuide.review.storage).'),
      );
    },

    [COMMANDS.resolveReviewConflict]: async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : context.checklist.errors.find((error) => error.status.error.conflict && error.uri)?.uri;
      if (!target) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Stack Guide: no review file has a merge conflict.'));
        return undefined;
      }
      return resolveConflict(context, target);
    },

    [COMMANDS.showLog]: () => context.log.show(),
  };
}

/**
 * Waits for the first detection, so a command run first thing after the window opens answers from
 * what is in the workspace, not from an empty state. A wait longer than a moment shows progress.
 */
async function firstAnswer(context: StackGuideContext): Promise<void> {
  const ready = context.ready();
  const quick = await Promise.race([ready.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 300))]);
  if (quick) return;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Stack Guide: detecting ecosystems…') }, () => ready);
}

async function pickEcosystem(context: StackGuideContext): Promise<string | undefined> {
  const detected = detectedEcosystems(context.detection);
  const ordered = [...context.profiles].sort((a, b) => {
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
    items.push({ label: profile.name, description: isDetected ? `$(pass) ${vscode.l10n.t('detected')}` : undefined, detail: profile.summary, id: profile.id });
  }
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Open a Stack Guide reference page'), matchOnDetail: true, placeHolder: vscode.l10n.t('Type an ecosystem name') });
  return picked?.id;
}

type GuidanceItem = vscode.QuickPickItem & { target?: { ecosystem: string; anchor: string } };

/** One item's group, as the guidance search describes it. */
function groupNoun(group: ChecklistGroup): string {
  if (group === 'delivery') return vscode.l10n.t('delivery check');
  return group === 'risks' ? vscode.l10n.t('risk') : vscode.l10n.t('quality check');
}

/** Every section, check and risk of every profile, detected ecosystems first. */
function guidanceItems(context: StackGuideContext): GuidanceItem[] {
  const detected = detectedEcosystems(context.detection);
  const ordered = [...context.profiles].sort((a, b) => Number(detected.includes(b.id)) - Number(detected.includes(a.id)) || a.name.localeCompare(b.name));
  const items: GuidanceItem[] = [];
  for (const profile of ordered) {
    items.push({ label: profile.name, kind: vscode.QuickPickItemKind.Separator });
    for (const key of SECTION_KEYS) {
      const section = profile.sections[key];
      items.push({ label: `$(book) ${section.title}`, description: profile.name, detail: section.lead, target: { ecosystem: profile.id, anchor: `section-${key}` } });
    }
    for (const item of checklistItems(profile)) {
      items.push({
        label: `${item.group === 'risks' ? '$(warning)' : '$(checklist)'} ${item.text}`,
        description: `${profile.name} · ${groupNoun(item.group)} · ${severityLabel(item.severity)}`,
        detail: item.why,
        target: { ecosystem: profile.id, anchor: `item-${item.id}` },
      });
    }
  }
  return items;
}

/**
 * Merges a conflicted review file entry by entry (the newer decision wins, the other stays in its
 * history), shows what was chosen, and writes only when the user confirms.
 */
async function resolveConflict(context: StackGuideContext, uri: vscode.Uri): Promise<'written' | 'cancelled' | 'failed'> {
  const file = vscode.workspace.asRelativePath(uri, true);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readUserUri(uri, { maxBytes: REVIEW_LIMITS.maxLegacyBytes }));
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Stack Guide cannot read {0}: {1}', file, (error as Error).message));
    return 'failed';
  }
  const result = resolveConflictText(text, file);
  if (!result.ok) {
    const choice = await vscode.window.showErrorMessage(
      vscode.l10n.t('Stack Guide cannot merge {0}: line {1}: {2}. {3}', file, result.error.line, result.error.message, result.error.hint),
      vscode.l10n.t('Open Review File'),
    );
    if (choice) await vscode.commands.executeCommand(COMMANDS.openReviewFile, uri, result.error.line);
    return 'failed';
  }
  const lines = result.choices.map((choice) => {
    const label = `${choice.key.unit === '.' ? '' : `${choice.key.unit} `}${choice.key.id}${choice.key.member ? ` (${choice.key.member})` : ''}`;
    if (choice.chose === 'same') return { label, detail: vscode.l10n.t('both sides agree: {0}', choice.winner.state) };
    const { winner, loser } = choice;
    return {
      label,
      detail: loser
        ? vscode.l10n.t('{0} by {1} ({2}) wins; {3} by {4} ({5}) is kept in its history', winner.state, winner.by, winner.at, loser.state, loser.by, loser.at)
        : vscode.l10n.t('{0} by {1} ({2}) wins; the other side is kept in its history', winner.state, winner.by, winner.at),
    };
  });
  const unique = new Set(result.choices.map((choice) => keyString(choice.key))).size;
  // A quick pick rather than a modal: it lists every choice, and works from the keyboard alone.
  const write: vscode.QuickPickItem = {
    label: `$(git-merge) ${vscode.l10n.t('Write the merged file')}`,
    detail: vscode.l10n.t('{0} decision(s) merged in {1}; nothing is written until you choose this', unique, file),
  };
  const cancel: vscode.QuickPickItem = { label: `$(close) ${vscode.l10n.t('Cancel')}`, detail: vscode.l10n.t('Leave the file as it is') };
  const items: vscode.QuickPickItem[] = [
    write,
    cancel,
    { label: vscode.l10n.t('What the merge chose'), kind: vscode.QuickPickItemKind.Separator },
    ...lines.map((line) => ({ label: `$(info) ${line.label}`, detail: line.detail })),
  ];
  let confirm: vscode.QuickPickItem | undefined;
  do {
    confirm = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Resolve the review conflict in {0}', file), matchOnDetail: true, ignoreFocusOut: true });
  } while (confirm && confirm !== write && confirm !== cancel);
  if (confirm !== write) return 'cancelled';
  await writeUriAtomically(uri, new TextEncoder().encode(result.text));
  await context.reloadReviews();
  context.log.info(`Resolved the review conflict in ${file}: ${lines.map((line) => `${line.label}: ${line.detail}`).join('; ')}`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Stack Guide: {0} merged. Stage it to finish the git merge.', file));
  return 'written';
}
