import * as vscode from 'vscode';
import { defaultUntil, newDayProblem, SYSTEM_CLOCK, today, type Clock } from '../../core/review/expiry';
import type { ChecklistItem } from '../../core/review/checklist';
import { COMMANDS } from '../constants';
import { showWriteError, type ChecklistNode } from '../views/checklistView';
import type { CommandGroup, Surfaces } from './types';

type DecisionCommand =
  | typeof COMMANDS.markNotApplicable
  | typeof COMMANDS.acceptRisk
  | typeof COMMANDS.markNeedsAction
  | typeof COMMANDS.setReviewBy
  | typeof COMMANDS.reopenItem
  | typeof COMMANDS.markAppliesAnyway
  | typeof COMMANDS.clearAppliesAnyway
  | typeof COMMANDS.tickWithEvidence
  | typeof COMMANDS.addNote
  | typeof COMMANDS.resetPersonalReview
  | typeof COMMANDS.hideDone
  | typeof COMMANDS.showDone
  | typeof COMMANDS.onlyHighSeverity
  | typeof COMMANDS.allSeverities;

/** Decisions on an item (not applicable, accepted, reopened, applies anyway, ticked with evidence, a note) and the tree's filters. */
export function decisionCommands({ model, checklist }: Surfaces): CommandGroup<DecisionCommand> {
  /** A command that writes one decision on the item row it runs on; a refused write is shown, never lost silently. */
  const onItem =
    (write: (key: ChecklistItem['key']) => Promise<unknown>) =>
    async (node?: ChecklistNode): Promise<void> => {
      if (node?.kind !== 'item') return;
      try {
        await write(node.item.key);
      } catch (error) {
        await showWriteError(error, model);
      }
    };
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
      const until = await askUntil(node.item, vscode.l10n.t('Mark as not applicable: until when?'));
      if (until === undefined) return;
      try {
        await model.setItemState(node.item.key, 'n/a', reason.trim(), undefined, until ? { until } : {});
      } catch (error) {
        await showWriteError(error, model);
      }
    },

    [COMMANDS.acceptRisk]: async (node?: ChecklistNode) => {
      if (node?.kind !== 'item') return;
      const reason = await vscode.window.showInputBox({
        title: vscode.l10n.t('Accept the risk (1/3): why is it not fixed?'),
        prompt: node.item.text,
        placeHolder: vscode.l10n.t('The reason, e.g. "fixed with the queue rewrite in Q3; traffic is internal until then"'),
        value: node.item.state === 'accepted' ? node.item.note : undefined,
        validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('An accepted risk needs a reason')),
      });
      if (reason === undefined) return;
      const owner = await vscode.window.showInputBox({
        title: vscode.l10n.t('Accept the risk (2/3): who owns it?'),
        prompt: vscode.l10n.t('The person or team who answers for this risk until it is fixed'),
        value: node.item.owner ?? (await model.reviewerFor(node.item.key)),
        validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('An accepted risk needs an owner')),
      });
      if (owner === undefined) return;
      const until = await askUntil(node.item, vscode.l10n.t('Accept the risk (3/3): until when?'));
      if (until === undefined) return;
      try {
        await model.setItemState(node.item.key, 'accepted', reason.trim(), owner.trim(), until ? { until } : {});
      } catch (error) {
        await showWriteError(error, model);
      }
    },

    [COMMANDS.markNeedsAction]: async (node?: ChecklistNode) => {
      if (node?.kind !== 'item') return;
      const item = node.item;
      // Every answer is optional: the state alone says someone looked and found work to do.
      const note = await vscode.window.showInputBox({
        title: vscode.l10n.t('Needs action (1/3): what needs doing?'),
        prompt: item.text,
        placeHolder: vscode.l10n.t('Optional, e.g. "add a client timeout to the payment calls"'),
        value: item.note ?? '',
      });
      if (note === undefined) return;
      const owner = await vscode.window.showInputBox({
        title: vscode.l10n.t('Needs action (2/3): who does it?'),
        prompt: vscode.l10n.t('Optional: the person or team who does the work'),
        value: item.state === 'needs-action' ? (item.owner ?? '') : '',
      });
      if (owner === undefined) return;
      const due = await askDay({
        title: vscode.l10n.t('Needs action (3/3): due when?'),
        prompt: vscode.l10n.t('Optional: the day the work is due, as YYYY-MM-DD (leave empty for none)'),
        value: item.state === 'needs-action' ? (item.due ?? '') : '',
        allowPast: true,
      });
      if (due === undefined) return;
      try {
        await model.setItemState(item.key, 'needs-action', note.trim() || undefined, owner.trim() || undefined, due ? { due } : {});
      } catch (error) {
        await showWriteError(error, model);
      }
    },

    [COMMANDS.setReviewBy]: async (node?: ChecklistNode) => {
      if (node?.kind !== 'unit') return;
      const unit = node.unit;
      // A past day is allowed: the unit then shows as overdue at once, which is what was asked.
      const day = await askDay({
        title: vscode.l10n.t('Review {0} ({1}) by when?', unit.ecosystemName, unit.path),
        prompt: vscode.l10n.t(
          'The day by which this unit is to be reviewed again, as YYYY-MM-DD; from the day after it shows as overdue. Leave empty to remove it.',
        ),
        value: unit.reviewBy ?? '',
        allowPast: true,
      });
      if (day === undefined) return;
      try {
        await model.setUnitReviewBy(unit, day === '' ? undefined : day);
      } catch (error) {
        await showWriteError(error, model);
      }
    },

    [COMMANDS.reopenItem]: onItem((key) => model.setItemState(key, 'open')),

    // "Applies anyway" overrules the item's condition; its state is left as it is.
    [COMMANDS.markAppliesAnyway]: onItem((key) => model.setAppliesAnyway(key, true)),
    [COMMANDS.clearAppliesAnyway]: onItem((key) => model.setAppliesAnyway(key, false)),

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

/**
 * The last day an accepted risk or n/a decision holds, proposed from the item's severity (today plus
 * the days in core/profiles/reviewPeriods.json): '' for none, undefined when the user cancelled.
 */
function askUntil(item: ChecklistItem, title: string, clock: Clock = SYSTEM_CLOCK): Promise<string | undefined> {
  const proposed = item.until && newDayProblem(item.until, clock) === undefined ? item.until : defaultUntil(item.severity, clock);
  return askDay({
    title,
    prompt: vscode.l10n.t(
      'The last day this decision holds, as YYYY-MM-DD; from the day after it shows as expired and counts as open again. Leave empty for no expiry.',
    ),
    value: proposed,
    allowPast: false,
    clock,
  });
}

/** A day typed in (YYYY-MM-DD), checked as it is typed: '' for none, undefined when cancelled. */
async function askDay(options: {
  title: string;
  prompt: string;
  value: string;
  allowPast: boolean;
  clock?: Clock;
}): Promise<string | undefined> {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const answer = await vscode.window.showInputBox({
    title: options.title,
    prompt: options.prompt,
    value: options.value,
    placeHolder: vscode.l10n.t('YYYY-MM-DD'),
    validateInput: (value) => {
      const day = value.trim();
      if (day === '') return undefined;
      const problem = newDayProblem(day, clock);
      if (problem === 'format') return vscode.l10n.t('"{0}" is not a day as YYYY-MM-DD (for example {1})', day, today(clock));
      if (problem === 'past' && !options.allowPast)
        return vscode.l10n.t(
          '{0} is already past: the decision would be expired at once. Give today ({1}) or a later day, or leave it empty.',
          day,
          today(clock),
        );
      return undefined;
    },
  });
  return answer === undefined ? undefined : answer.trim();
}
