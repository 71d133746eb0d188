import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateApi, browserAvailable, eventually, reloadWindow, webviewShows, webviewTabs, workspaceRoot } from '../helpers';

// This suite runs twice: once before a window reload, once after (it starts again in the new window).
describe('the reference page across a window reload', () => {
  it('is restored by its serializer, with its content', async function () {
    if (!browserAvailable()) this.skip();
    const marker = path.join(path.dirname(workspaceRoot().fsPath), 'restore-phase');
    if (!fs.existsSync(marker)) {
      const api = await activateApi();
      await api.ready();
      await vscode.commands.executeCommand('stackGuide.openReference', 'go');
      await eventually(
        'the Go page',
        async () => webviewTabs('Go — Stack Guide').length === 1 && (await webviewShows('Go usage and adoption since 2020')),
      );
      fs.writeFileSync(marker, 'reloading');
      await new Promise((resolve) => setTimeout(resolve, 1500)); // let the workbench save its editor state
      await reloadWindow();
    }
    await eventually('the restored Go tab', () => webviewTabs('Go — Stack Guide').length === 1, 30_000);
    assert.ok(await webviewShows('Go usage and adoption since 2020'), 'the restored page has its content');
  });
});
