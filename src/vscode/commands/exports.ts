import * as vscode from 'vscode';
import { checklistJson, checklistMarkdown, itemMarkdown } from '../../core/review/exportChecklist';
import { COMMANDS } from '../constants';
import type { ChecklistNode } from '../views/checklistView';
import { firstAnswer } from './firstAnswer';
import type { CommandGroup, Surfaces } from './types';

type ExportCommand = typeof COMMANDS.exportChecklist | typeof COMMANDS.openReviewFile | typeof COMMANDS.copyItemMarkdown;

/** The checklist exported, an item copied, the review file opened at a line. */
export function exportCommands({ model }: Surfaces): CommandGroup<ExportCommand> {
  return {
    [COMMANDS.exportChecklist]: async () => {
      await firstAnswer(model);
      const { units, orphans, errors } = model.checklist;
      if (errors.length > 0) {
        const { file, line, message } = errors[0].status.error;
        const uri = errors[0].uri;
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t(
            'Stack Guide: the review state {0} cannot be read (line {1}: {2}). An export now would show ticked items as open; fix it first.',
            file,
            line,
            message,
          ),
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
          {
            label: `$(clippy) ${vscode.l10n.t('Markdown to the clipboard')}`,
            detail: vscode.l10n.t('Ready to paste into a pull-request description'),
            id: 'md-clipboard',
          },
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
        model.checklist.errors.find((error) => error.uri && (!file || vscode.workspace.asRelativePath(error.uri, true) === file))?.uri;
      if (!target) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Stack Guide: no review file to open (ticks are kept in the workspace state, or nothing is broken).'),
        );
        return;
      }
      const document = await vscode.workspace.openTextDocument(target);
      const position = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
      await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
    },

    [COMMANDS.copyItemMarkdown]: async (node?: ChecklistNode) => {
      if (node?.kind !== 'item') return;
      await vscode.env.clipboard.writeText(itemMarkdown(node.item));
      vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Copied as Markdown')}`, 2000);
    },
  };
}
