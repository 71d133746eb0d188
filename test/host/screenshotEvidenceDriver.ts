/**
 * Runs inside the extension host during `npm run screenshots`, on the evidence fixture: one check
 * ticked with its evidence, one whose evidence was found, one whose recorded evidence went away,
 * the page at the quality checks and the checklist row expanded to its evidence.
 */
import * as vscode from 'vscode';
import { activateApi, keys, eventually, readText, screenshot, webviewShows, workspaceRoot } from '../integration/helpers';

export async function run(): Promise<void> {
  const api = await activateApi();
  await api.detect();
  await api.evidenceReady();
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
  await api.tickWithEvidence('go.quality.race');
  await api.tickWithEvidence('go.delivery.lockfile');
  // The lockfile's proof goes away after the tick: the item shows "evidence lost".
  const sum = vscode.Uri.joinPath(workspaceRoot(), 'go.sum');
  await readText(sum);
  await vscode.workspace.fs.delete(sum);
  await eventually('evidence lost', () => api.checklist().find((item) => item.id === 'go.delivery.lockfile')?.evidenceLost, 20_000);
  await vscode.commands.executeCommand('workbench.view.extension.stackGuide');
  await vscode.commands.executeCommand('stackGuide.openReference', 'go');
  await eventually('the evidence on the page', () => webviewShows('evidence: .github/workflows/ci.yml:9'), 20_000);
  // Open two rows to their evidence with the keyboard, as a keyboard user would: the lockfile
  // (third row from the top) and the race detector (fourth from the bottom).
  await vscode.commands.executeCommand('stackGuide.checklist.focus');
  for (let i = 0; i < 6; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
  await new Promise((resolve) => setTimeout(resolve, 500));
  await keys(undefined, 'End', 'ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowRight');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await keys(undefined, 'Home', 'ArrowDown', 'ArrowDown', 'ArrowRight');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  // The page scrolled to the item, under the checklist row opened to its evidence.
  await vscode.commands.executeCommand('stackGuide.openReference', 'go', 'item-go.quality.race');
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await screenshot('evidence-dark');
}
