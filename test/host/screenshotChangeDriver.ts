/**
 * Runs inside the extension host for `node out/test/host/screenshotChangeRepo.js`: a copy of a
 * public monorepo, committed on main, on a branch that follows main and edits one service's file
 * (the runner makes it). Review This Change is turned on, and the checklist is captured with only
 * the touched service open.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateApi, clickInWebview, eventually, screenshot, workbenchShows } from '../integration/helpers';

/** The edited file, as the runner passes it (screenshotChangeRepo.ts). */
const edit = process.env.STACK_GUIDE_CHANGED_FILE ?? 'src/shippingservice/quote.go';

export async function run(): Promise<void> {
  const api = await activateApi();
  await api.ready();
  await api.evidenceReady();
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('workbench.view.extension.stackGuide');
  const on = await vscode.commands.executeCommand('stackGuide.reviewChange');
  assert.strictEqual(on, true, 'the branch follows main: Review This Change compares with it');
  await eventually('touched items', () => (api.changeReview()?.touched.length ?? 0) > 0, 60_000);
  const review = api.changeReview()!;
  console.log(
    `[change] ${JSON.stringify({ changed: review.folders.flatMap((folder) => folder.changed), touched: review.touched.map((item) => item.id), unchanged: [...review.unchangedUnits].sort() })}`,
  );
  // A wider side bar: the resize command acts on the focused part, the editor, so the side bar grows.
  const file = vscode.workspace.workspaceFolders![0].uri;
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.joinPath(file, edit));
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  for (let i = 0; i < 10; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
  // The Stacks view collapsed to its header, so the checklist has the side bar's height.
  await eventually('the checklist', () => workbenchShows('Delivery checks'));
  await clickInWebview('Delivery checks', '.pane-header:has-text("Stacks")');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await screenshot('change-review-dark');
}
