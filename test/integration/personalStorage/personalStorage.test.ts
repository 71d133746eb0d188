import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateApi, workspaceRoot } from '../helpers';

describe('personal review storage (stackGuide.review.storage = workspaceState)', () => {
  it('keeps ticks in the workspace state and writes nothing to the repository', async () => {
    const api = await activateApi();
    await api.ready();
    await api.setItemState('go.delivery.timeouts', 'done');
    assert.strictEqual(api.checklist().find((item) => item.id === 'go.delivery.timeouts')?.state, 'done');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(workspaceRoot(), '.stackguide'))), 'no .stackguide folder was created');
  });
});
