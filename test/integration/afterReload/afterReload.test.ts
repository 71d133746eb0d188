import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateApi, readText, workspaceRoot } from '../helpers';

// Runs in a new window on the workspace the goWorkspace suite left behind.
describe('Stack Guide after the window is reopened', () => {
  it('keeps the tick made in the previous window', async () => {
    const api = await activateApi();
    await api.detect();
    const item = api.checklist().find((candidate) => candidate.id === 'go.delivery.timeouts' && candidate.unit === '.');
    assert.strictEqual(item?.state, 'done');
    const text = await readText(vscode.Uri.joinPath(workspaceRoot(), '.stackguide', 'review', 'go.delivery.timeouts.yaml'));
    assert.match(text, /^state: done$/m);
  });
});
