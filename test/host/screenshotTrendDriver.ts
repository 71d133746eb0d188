/**
 * Runs inside the extension host during `npm run screenshots -- --only trend`, on the Go service
 * fixture: the workspace copy becomes a git repository whose review changes over six dated
 * commits, one of them tagged v1.0 (as in test/integration/reviewTrend), and the screenshot shows
 * the page's "Review over time" block beside the checklist's unit row with its change since the tag.
 */
import { execFileSync } from 'child_process';
import * as vscode from 'vscode';
import {
  activateApi,
  clickInWebview,
  countInWebview,
  eventually,
  screenshot,
  webviewShows,
  workbenchShows,
  workspaceRoot,
} from '../integration/helpers';

/** git in the workspace copy, each commit dated. */
function git(date: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: workspaceRoot().fsPath,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
}

/** The Go page's text that no other view shows. */
const PAGE = 'What must be visible in a credible implementation';

/** One tick per commit, two weeks apart; the tag follows the third. */
const TICKS = [
  'go.delivery.lockfile',
  'go.delivery.runtime',
  'go.delivery.timeouts',
  'go.delivery.shutdown',
  'go.quality.race',
  'go.quality.handlers',
];
const TAGGED = 2;

export async function run(): Promise<void> {
  const api = await activateApi();
  await api.ready();
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
  // Two weeks apart, the last one today: the commits' days agree with the decisions' (which are today's).
  const day = (n: number) => new Date(Date.now() - (TICKS.length - n) * 14 * 86_400_000).toISOString();
  git(day(0), 'init', '-q', '-b', 'main');
  git(day(0), 'config', 'user.name', 'Test Reviewer');
  git(day(0), 'config', 'user.email', 'reviewer@example.com');
  git(day(0), 'config', 'commit.gpgsign', 'false');
  git(day(0), 'add', '-A');
  git(day(0), 'commit', '-q', '-m', 'go-service');
  for (let i = 0; i < TICKS.length; i++) {
    await api.setItemState(TICKS[i], 'done');
    git(day(1 + i), 'add', '.stackguide');
    git(day(1 + i), 'commit', '-q', '-m', `review: ${TICKS[i]} done`);
    if (i === TAGGED) git(day(1 + i), 'tag', 'v1.0');
  }

  await vscode.commands.executeCommand('workbench.view.extension.stackGuide');
  await vscode.commands.executeCommand('stackGuide.openReference', 'go', 'review-over-time');
  await eventually('the page', () => webviewShows(PAGE));
  // The page is drawn first; the trend follows once git has answered.
  await eventually('the trend on the page', async () => (await countInWebview(PAGE, 'circle.trend-done-point')) === TICKS.length);
  // The Stacks view collapsed to its header: the checklist starts at the top.
  await clickInWebview('Delivery checks', '.pane-header:has-text("Stacks")');
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
  const since = `+${TICKS.length - 1 - TAGGED} done since v1.0`;
  if (!(await workbenchShows(since))) {
    await screenshot('trend-failed');
    throw new Error(`the unit row does not show "${since}" (see trend-failed.png)`);
  }
  await vscode.commands.executeCommand('stackGuide.openReference', 'go', 'review-over-time');
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await screenshot('trend-dark');
}
