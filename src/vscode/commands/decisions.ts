import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { showWriteError, type ChecklistNode } from '../views/checklistView';
import type { CommandGroup, Surfaces } from './types';

type DecisionCommand =
  | typeof COMMANDS.markNotApplicable
  | typeof COMMANDS.acceptRisk
  | typeof COMMANDS.reopenItem
  | typeof COMMANDS.tickWithEvidence
  | typeof COMMANDS.addNote
  | typeof COMMANDS.resetPersonalReview
  | typeof COMMANDS.hideDone
  | typeof COMMANDS.showDone
  | typeof COMMANDS.onlyHighSeverity
  | typeof COMMANDS.allSeverities;

/** Decisions on an item (not applicable, accepted, reopened, ticked with evidence, a note) and the tree's filters. */
export function decisionCommands({ model, checklist }: Surfaces): CommandGroup<DecisionCommand> {
  return {
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
        await model.setItemState(node.item.key, 'n/a', reason.trim());
      } catch (error) {
        await showWriteError(error, model);
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
        value: node.item.owner ?? (await model.reviewerFor(node.item.key)),
        validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('An accepted risk needs an owner')),
      });
      if (owner === undefined) return;
      try {
        await model.setItemState(node.item.key, 'accepted', reason.trim(), owner.trim());
      } catch (error) {
        await showWriteError(error, model);
      }
    },

    [COMMANDS.reopenItem]: async (node?: ChecklistNode) => {
      if (node?.kind !== 'item') return;
      try {
        await model.setItemState(node.item.key, 'open');
      } catch (error) {
        await showWriteError(error, model);
      }
    },

    [COMMANDS.tickWithEvidence]: async (node?: ChecklistNode) => {
      if (node?.kind !== 'item') return;
      try {
        const locations = await model.tickWithEvidence(node.item.key);
        void vscode.window.setStatusBarMessage(vscode.l10n.t('Stack Guide: ticked with evidence at {0}', locations.join(', ')), 4000);
      } catch (error) {
        await showWriteError(error, model);
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
        await model.setItemNote(node.item.key, note);
      } catch (error) {
        await showWriteError(error, model);
      }
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
      const reset = await model.resetPersonalReview();
      void vscode.window.showInformationMessage(
        reset > 0
          ? vscode.l10n.t('Stack Guide: personal review state cleared in {0} folder(s).', reset)
          : vscode.l10n.t('Stack Guide: no folder keeps its ticks in the workspace state (stackGuide.review.storage).'),
      );
    },
  };
}
