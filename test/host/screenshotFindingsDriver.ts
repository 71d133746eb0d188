/**
 * Runs inside the extension host during `npm run screenshots -- --only findings`, on the findings
 * fixture (a Go HTTP service with four code findings in three items, and two items that do not
 * apply): the Review Checklist with its "Not applicable here" group open to each item's reason,
 * then the risk items open to their findings, with the file opened at one of them.
 */
import * as vscode from 'vscode';
import { activateApi, clickInWebview, eventually, screenshot, workbenchShows, workspaceRoot } from '../integration/helpers';

/** A tree row's twistie, found by the text the row shows. */
const twistie = (rowText: string) => `.monaco-list-row:has-text(${JSON.stringify(rowText)}) .monaco-tl-twistie`;

/** Waits for the workbench to show `text`; the failure says what was looked for, the screenshot taken then says why. */
async function shows(text: string): Promise<void> {
  if (await workbenchShows(text)) return;
  await screenshot('findings-failed');
  throw new Error(`the workbench does not show "${text}" (see findings-failed.png)`);
}

export async function run(): Promise<void> {
  const api = await activateApi();
  await api.ready();
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
  // The code pass runs after detection, in the background.
  await eventually(
    'the code findings of three items',
    () => api.checklist().filter((item) => item.evidence?.status === 'present').length === 3,
    60_000,
  );
  await vscode.commands.executeCommand('workbench.view.extension.stackGuide');
  // A side bar wide enough for the rows' descriptions (the reasons are a sentence long): the
  // command resizes the part that has the focus, here the editor, so the side bar grows.
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.joinPath(workspaceRoot(), 'go.mod'));
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  for (let i = 0; i < 10; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
  // The Stacks view collapsed to its header: the checklist gets the height (and shows its last group).
  await shows('Delivery checks');
  await clickInWebview('Delivery checks', '.pane-header:has-text("Stacks")');
  await shows('Not applicable here (2)');

  // 1. The items that do not apply here, each open to the fact that decided it.
  await clickInWebview('Not applicable here (2)', twistie('Not applicable here (2)'));
  await shows('database/sql pool limits set for the database');
  await clickInWebview('Not applicable here (2)', twistie('GOMAXPROCS and GOMEMLIMIT fit the container'));
  await clickInWebview('Not applicable here (2)', twistie('database/sql pool limits set for the database'));
  // The SQL reason is longer than the row: the page beside it, at that item, shows the whole of it.
  await vscode.commands.executeCommand('stackGuide.openReference', 'go', 'item-go.delivery.sql-pool');
  await eventually('the reason on the page', () => workbenchShows('It counts in no badge and fails no gate'));
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await screenshot('applicability-dark');

  // 2. The risks found in the code: each item open to its count and its finding, the file opened at one.
  await clickInWebview('Not applicable here (2)', twistie('Not applicable here (2)'));
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  for (const title of ['Request data reaches SQL, templates, sh or URLs', 'Errors dropped, compared by text or not wrapped'])
    await clickInWebview('Not applicable here (2)', twistie(title));
  await shows('present: 2 places, first at main.go:11');
  await clickInWebview('Not applicable here (2)', '.monaco-list-row:has-text("r.FormValue")');
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await screenshot('findings-dark');
}
