import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as vscode from 'vscode';
import type { ApiChecklistItem, StackGuideApi } from '../../../src/vscode/api';
import {
  activateApi,
  axeAudit,
  browserAvailable,
  countInWebview,
  countInWorkbench,
  eventually,
  keys,
  readText,
  webviewShows,
  workbenchShows,
  workspaceRoot,
} from '../helpers';

function item(api: StackGuideApi, id: string): ApiChecklistItem {
  const found = api.checklist().find((candidate) => candidate.id === id);
  assert.ok(found, `the checklist has ${id}`);
  return found;
}

/** git in the workspace copy, each commit dated: the fixture becomes a repository with a review history at test time. */
function git(date: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: workspaceRoot().fsPath,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
}

/** The page's text that no other page shows: the Go page's delivery checks are drawn. */
const PAGE = 'What must be visible in a credible implementation';

describe('review over time (real VS Code host, git in the extension host)', () => {
  let api: StackGuideApi;

  before(async function () {
    // Both tests read the page and the tree in the browser.
    if (!browserAvailable()) this.skip();
    api = await activateApi();
    await api.ready();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('an accepted risk past its until day shows as expired in the tree and on the page', async () => {
    const ID = 'go.delivery.lockfile';
    // The model takes any day; only the input box and review set refuse a past one. 2020 is past on every clock.
    await api.setItemState(ID, 'accepted', 'a vendored module', 'Bo', { until: '2020-01-01' });
    await eventually('the item expired', () => item(api, ID).state === 'expired');
    await vscode.commands.executeCommand('stackGuide.showChecklist');
    assert.ok(await workbenchShows('Delivery checks'), 'the Review Checklist shows');
    const row = `.monaco-list-row[aria-label*="expired, accepted risk until 2020-01-01"]`;
    await eventually('the expired row in the tree', async () => (await countInWorkbench('Delivery checks', row)) === 1);
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    assert.ok(await webviewShows(PAGE), 'the page shows');
    await eventually('the expired item on the page', async () => (await countInWebview(PAGE, `li[data-item="${ID}"].state-expired`)) === 1);
    assert.strictEqual(await countInWebview(PAGE, `li[data-item="${ID}"] .dates`), 1);
    assert.ok(await webviewShows('accepted risk until 2020-01-01'), 'the page says what expired, and when');
  });

  it('the page draws the trend from git, one point per commit that changed the review; the unit row shows the change since the last tag', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const day = (n: number) => `2026-0${1 + Math.floor(n / 2)}-${n % 2 === 0 ? '05' : '20'}T09:00:00Z`;
    git(day(0), 'init', '-q', '-b', 'main');
    git(day(0), 'config', 'user.name', 'Test Reviewer');
    git(day(0), 'config', 'user.email', 'reviewer@example.com');
    git(day(0), 'config', 'commit.gpgsign', 'false');
    git(day(0), 'commit', '-q', '--allow-empty', '-m', 'init');
    // The expired risk of the first test, then one tick per commit; a tag after the second.
    git(day(1), 'add', '.stackguide');
    git(day(1), 'commit', '-q', '-m', 'accepted risk');
    const ticks = ['go.delivery.timeouts', 'go.delivery.shutdown', 'go.quality.handlers'];
    for (let i = 0; i < ticks.length; i++) {
      await api.setItemState(ticks[i], 'done');
      git(day(2 + i), 'add', '.stackguide');
      git(day(2 + i), 'commit', '-q', '-m', `tick ${ticks[i]}`);
      if (i === 0) git(day(2 + i), 'tag', 'v1.0');
    }
    const commits = 1 + ticks.length;

    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    assert.ok(await webviewShows(PAGE), 'the page shows');
    // The page is drawn first; the trend follows once git has answered.
    await eventually('the trend on the page', async () => (await countInWebview(PAGE, 'circle.trend-done-point')) === commits);
    assert.strictEqual(await countInWebview(PAGE, 'circle.trend-open-high-point'), commits);
    assert.strictEqual(await countInWebview(PAGE, 'table.trend-table tbody tr'), commits, 'the table has a row per point');
    assert.strictEqual(await countInWebview(PAGE, 'line.milestone'), 1, 'the tag is marked');
    assert.ok(await webviewShows('Done and open high-severity items at each commit that changed the review'));
    // The chart and its table pass axe-core's WCAG A and AA audit, as the rest of the page does.
    const serious = (await axeAudit(PAGE)).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepStrictEqual(
      serious.map((v) => `${v.id}: ${v.targets.join(', ')}`),
      [],
    );

    // Two more done since v1.0 (the tick it tagged is counted at the tag).
    await vscode.commands.executeCommand('stackGuide.showChecklist');
    assert.ok(await workbenchShows('+2 done since v1.0'), 'the unit row shows the change since the last milestone');
  });

  it('Set Review-By Date… writes the unit file; a past day shows overdue on the unit row and on the page', async () => {
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    assert.ok(await webviewShows(PAGE), 'the page shows');
    // The unit row's node, as the tree hands it to the context menu's command.
    const unit = { root: workspaceRoot().toString(), path: '.', ecosystem: 'go', ecosystemName: 'Go' };
    const command = vscode.commands.executeCommand('stackGuide.setReviewBy', { kind: 'unit', unit });
    assert.ok(await workbenchShows('Review Go (.) by when?'), 'the input box asks for the day');
    await keys('2020-02-01', 'Enter');
    await command;
    const file = vscode.Uri.joinPath(workspaceRoot(), '.stackguide', 'review', '.go.unit.yaml');
    assert.match(await readText(file), /^reviewBy: "2020-02-01"$/m);
    assert.match(await readText(file), /^by: Test Reviewer$/m);
    await eventually('overdue on the page', async () => (await countInWebview(PAGE, '.review-by.overdue')) === 1);
    assert.ok(await webviewShows('overdue'), 'the page says overdue');
    // The expired item and the overdue day pass axe-core's audit too (the warning colour is not their text's colour).
    const serious = (await axeAudit(PAGE)).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepStrictEqual(
      serious.map((v) => `${v.id}: ${v.targets.join(', ')}`),
      [],
    );
    await vscode.commands.executeCommand('stackGuide.showChecklist');
    assert.ok(await workbenchShows('overdue: review by 2020-02-01'), 'the unit row says overdue, with the day');
  });
});
