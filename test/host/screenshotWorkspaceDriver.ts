/**
 * Runs inside the extension host during `npm run screenshots`, on the Cargo workspace fixture:
 * the side panel with one review for the whole workspace, in the dark theme.
 */
import * as vscode from 'vscode';
import { activateApi, screenshot } from '../integration/helpers';

export async function run(): Promise<void> {
  const api = await activateApi();
  await api.ready();
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('workbench.view.extension.stackGuide');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'Cargo.toml'));
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await screenshot('cargo-workspace-dark');
}
