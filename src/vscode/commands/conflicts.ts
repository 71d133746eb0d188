import * as vscode from 'vscode';
import { resolveConflictText } from '../../core/review/mergeReview';
import { keyString, REVIEW_LIMITS } from '../../core/review/reviewData';
import { conflictAllowance } from '../../core/limits';
import { COMMANDS } from '../constants';
import { readUserUri, writeUriAtomically } from '../files/vscodeFileSystem';
import type { StackGuideModel } from '../model';
import type { CommandGroup, Surfaces } from './types';

/** A conflicted review file merged entry by entry, after the user has seen what was chosen. */
export function conflictCommands({ model }: Surfaces): CommandGroup<typeof COMMANDS.resolveReviewConflict> {
  return {
    [COMMANDS.resolveReviewConflict]: async (uri?: vscode.Uri) => {
      const target =
        uri instanceof vscode.Uri ? uri : model.checklist.errors.find((error) => error.status.error.conflict && error.uri)?.uri;
      if (!target) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Stack Guide: no review file has a merge conflict.'));
        return undefined;
      }
      return resolveConflict(model, target);
    },
  };
}

/**
 * Merges a conflicted review file entry by entry (the newer decision wins, the other stays in its
 * history), shows what was chosen, and writes only when the user confirms.
 */
async function resolveConflict(model: StackGuideModel, uri: vscode.Uri): Promise<'written' | 'cancelled' | 'failed'> {
  const file = vscode.workspace.asRelativePath(uri, true);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(
      await readUserUri(model.disks, uri, { maxBytes: conflictAllowance(REVIEW_LIMITS.maxLegacyBytes) }),
    );
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
        ? vscode.l10n.t(
            '{0} by {1} ({2}) wins; {3} by {4} ({5}) is kept in its history',
            winner.state,
            winner.by,
            winner.at,
            loser.state,
            loser.by,
            loser.at,
          )
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
    confirm = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Resolve the review conflict in {0}', file),
      matchOnDetail: true,
      ignoreFocusOut: true,
    });
  } while (confirm && confirm !== write && confirm !== cancel);
  if (confirm !== write) return 'cancelled';
  await writeUriAtomically(uri, new TextEncoder().encode(result.text));
  await model.reloadReviews();
  model.log.info(`Resolved the review conflict in ${file}: ${lines.map((line) => `${line.label}: ${line.detail}`).join('; ')}`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Stack Guide: {0} merged. Stage it to finish the git merge.', file));
  return 'written';
}
