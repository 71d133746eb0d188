import * as vscode from 'vscode';
import type { StackGuideModel } from '../model';

/**
 * Waits for the first detection, so a command run first thing after the window opens answers from
 * what is in the workspace, not from an empty state. A wait longer than a moment shows progress.
 */
export async function firstAnswer(model: StackGuideModel): Promise<void> {
  const ready = model.ready();
  const quick = await Promise.race([ready.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 300))]);
  if (quick) return;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Stack Guide: detecting ecosystems…') },
    () => ready,
  );
}
