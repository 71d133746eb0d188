/**
 * "Review this change" in the real VS Code host: the fixture (two Go services) becomes a git
 * repository here, committed on main, with a branch that follows main. Editing one service's file
 * on the branch leaves only that service's touched items in the Review Checklist, the other service
 * one "unchanged" row, the view's description says what is compared; toggled off, the whole
 * checklist is back.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as vscode from 'vscode';
import type { StackGuideApi } from '../../../src/vscode/api';
import { activateApi, browserAvailable, countInWorkbench, eventually, readText, saveText, workbenchShows, workspaceRoot } from '../helpers';

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: workspaceRoot().fsPath,
    encoding: 'utf8',
  });
}

/** The touched items' ids and the unchanged units, as the API reports the mode. */
function shown(api: StackGuideApi) {
  const review = api.changeReview();
  if (!review) return undefined;
  return {
    changed: review.folders.flatMap((folder) => folder.changed),
    touched: review.touched.map((item) => `${api.checklist().find((candidate) => candidate.key === item.key)?.unit}#${item.id}`).sort(),
    unchanged: [...review.unchangedUnits].sort(),
  };
}

// Rows carry the item's title first in their aria-label; the view's title buttons their title.
const ANCHOR = 'Delivery checks'; // a group row: text of the workbench that no webview shows
const row = (prefix: string) => `.monaco-list-row[aria-label^="${prefix}"]`;
const TIMEOUTS = row('HTTP servers and outbound calls set timeouts, '); // touched by orders/main.go
const SHUTDOWN = row('SIGTERM drains requests with Server.Shutdown, '); // touched by nothing
const UNCHANGED = '.monaco-list-row:has-text("payments · unchanged")';
const button = (title: string) => `.pane-header .action-label[aria-label="${title}"]`;
const count = (selector: string) => countInWorkbench(ANCHOR, selector);

describe('Review this change (real VS Code host)', () => {
  let api: StackGuideApi;

  before(async () => {
    api = await activateApi();
    await api.ready();
    await api.evidenceReady();
    assert.deepStrictEqual(
      api
        .units()
        .map((unit) => unit.path)
        .sort(),
      ['orders', 'payments'],
    );
  });

  it('in a folder that is not a git repository, says so and keeps the whole checklist', async function () {
    const on = await vscode.commands.executeCommand('stackGuide.reviewChange', 'main');
    assert.strictEqual(on, false);
    assert.strictEqual(api.changeReview(), undefined);
    if (!browserAvailable()) this.skip(); // the notification is in the browser's DOM
    assert.ok(await workbenchShows('is not a git repository'), 'a notification says the folder is no git repository');
  });

  it('on a branch that follows main, with nothing changed yet: no item touched, both services unchanged', async () => {
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'two services');
    git('checkout', '-q', '-b', 'feature');
    git('branch', '-q', '--set-upstream-to=main');
    const on = await vscode.commands.executeCommand('stackGuide.reviewChange');
    assert.strictEqual(on, true, 'the upstream is the ref: nothing is asked');
    assert.strictEqual(api.changeReview()?.folders[0].ref, 'main');
    assert.deepStrictEqual(shown(api), { changed: [], touched: [], unchanged: ['orders', 'payments'] });
  });

  it('after a file of one service is edited and saved, only that service and its touched items show', async function () {
    const main = vscode.Uri.joinPath(workspaceRoot(), 'orders', 'main.go');
    await saveText(main, `${await readText(main)}\n// drain on SIGTERM next\n`);
    // The same items `stack-guide check --changed-since main` lists for this change.
    const expected = {
      changed: ['orders/main.go'],
      touched: ['orders#go.delivery.timeouts', 'orders#go.risk.errors', 'orders#go.risk.untrusted-input'],
      unchanged: ['payments'],
    };
    await eventually('the edit in the change', () => JSON.stringify(shown(api)) === JSON.stringify(expected) || undefined);
    assert.deepStrictEqual(
      api.changeReview()?.touched.find((item) => item.id === 'go.delivery.timeouts')?.touchedBy,
      [{ path: 'orders/main.go' }],
      'the item says which changed file touches it',
    );
    if (!browserAvailable()) this.skip(); // the rows are in the browser's DOM
    await vscode.commands.executeCommand('stackGuide.showChecklist');
    assert.ok(await workbenchShows('Changes since main: 1 file(s)'), 'the view description says what is compared');
    await eventually(
      'one timeouts row (orders), no untouched row, payments in one unchanged row, the toggle button',
      async () =>
        (
          await Promise.all([
            count(TIMEOUTS),
            count(SHUTDOWN),
            count(UNCHANGED),
            count(button('Show All Items (Stop Reviewing the Change)')),
          ])
        ).join() === '1,0,1,1',
    );
  });

  it('toggled off, the whole checklist is back', async function () {
    await vscode.commands.executeCommand('stackGuide.reviewAllItems');
    assert.strictEqual(api.changeReview(), undefined);
    if (!browserAvailable()) this.skip(); // the rows are in the browser's DOM
    await eventually('the untouched rows back, no unchanged row, the Review This Change button', async () => {
      const [shutdown, unchanged, toggle] = await Promise.all([count(SHUTDOWN), count(UNCHANGED), count(button('Review This Change'))]);
      return shutdown >= 1 && unchanged === 0 && toggle === 1;
    });
    assert.strictEqual(await count('.pane-header:has-text("Changes since")'), 0, 'the description no longer names a ref');
  });

  it('a ref git does not know is refused with its name, and the whole checklist stays', async function () {
    const on = await vscode.commands.executeCommand('stackGuide.reviewChange', 'no-such-branch');
    assert.strictEqual(on, false);
    assert.strictEqual(api.changeReview(), undefined);
    if (!browserAvailable()) this.skip(); // the notification is in the browser's DOM
    assert.ok(await workbenchShows('git knows no commit "no-such-branch"'));
  });
});
