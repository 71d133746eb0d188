/**
 * Runs inside the extension host during `npm run screenshots`: puts the workbench in each
 * theme, opens the side panel and the Go page with a few ticks, and asks the launcher for a
 * screenshot at each step.
 */
import * as vscode from 'vscode';
import { activateApi, eventually, screenshot, selectInWebview, webviewShows } from '../integration/helpers';

const THEMES: [string, string][] = [
  ['dark', 'Default Dark Modern'],
  ['light', 'Default Light Modern'],
  ['high-contrast', 'Default High Contrast'],
];

export async function run(): Promise<void> {
  const api = await activateApi();
  await api.detect();
  await api.setItemState('go.delivery.timeouts', 'done');
  await api.setItemState('go.delivery.runtime', 'done');
  await api.setItemState('go.risk.errors', 'n/a', 'internal tool, no production traffic');
  await vscode.commands.executeCommand('workbench.view.extension.stackGuide');
  await vscode.commands.executeCommand('stackGuide.openReference', 'go');
  await eventually('the Go page', () => webviewShows('Go usage and adoption since 2020'));
  for (const [name, theme] of THEMES) {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await screenshot(`go-${name}`);
  }
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('stackGuide.openReference', 'go', 'adoption');
  await selectInWebview('Go usage and adoption since 2020', 'select#compare', 'rust');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await screenshot('go-adoption-compare-dark');
  await vscode.commands.executeCommand('stackGuide.openReference', 'go', 'delivery-checks');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await screenshot('go-delivery-checks-dark');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'stackguide.stack-guide#getStarted', false);
  await eventually('the walkthrough', () => webviewShows('Nothing is sent anywhere'));
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await screenshot('walkthrough-dark');
}
