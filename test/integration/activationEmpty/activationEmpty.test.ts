import * as assert from 'assert';
import * as vscode from 'vscode';
import type { StackGuideApi } from '../../../src/vscode/api';
import { browserAvailable, countInWebview } from '../helpers';
import { activatedOnItsOwn, activationEvent, hostLogs, stackGuideLogWith } from '../activationCommon/wakeUp';

/**
 * Fixture no-markers: notes and no marker at any depth. Stack Guide still wakes up once the
 * window has started (onStartupFinished), finds nothing, and says nothing.
 */
describe('Stack Guide stays quiet in a folder with nothing to detect (real VS Code host)', () => {
  let api: StackGuideApi;

  before(async () => {
    api = await activatedOnItsOwn();
    await api.ready();
  });

  it('was activated after startup (onStartupFinished), no workspaceContains glob matched', async function () {
    const logs = hostLogs();
    if (!logs) this.skip();
    assert.strictEqual(await activationEvent(logs), 'onStartupFinished');
  });

  it('detects nothing: no checklist, so no badge', () => {
    assert.deepStrictEqual(api.checklist(), []);
    assert.notStrictEqual(api.timings().firstDetection, undefined, 'the first detection ran');
  });

  it('logged no error or warning', async function () {
    const logs = hostLogs();
    if (!logs) this.skip();
    const log = await stackGuideLogWith(logs, /Detection took \d+ ms over 1 folder/);
    assert.deepStrictEqual(
      log.split('\n').filter((line) => /\[(error|warning)\]/.test(line)),
      [],
    );
    assert.doesNotMatch(logs.extensionHost(), /stackguide\.stack-guide[^\n]*(failed|error)/i);
  });

  it('showed no notification (the only toast is the one this test shows as a control)', async function () {
    if (!browserAvailable()) this.skip();
    const probe = `activationEmpty probe ${Date.now()}`;
    void vscode.window.showInformationMessage(probe);
    const toasts = await countInWebview(probe, '.notification-toast');
    const ours = await countInWebview(probe, `.notification-toast:has-text("${probe}")`);
    assert.strictEqual(ours, 1, 'the control toast is seen, so a toast from Stack Guide would have been too');
    assert.strictEqual(toasts, 1, `toasts on screen besides the control: ${toasts - 1}`);
  });

  it('has no status-bar entry', async function () {
    if (!browserAvailable()) this.skip();
    const probe = `activationEmpty status ${Date.now()}`;
    void vscode.window.showInformationMessage(probe);
    assert.strictEqual(await countInWebview(probe, '.statusbar-item .codicon-layers:visible'), 0);
  });
});
