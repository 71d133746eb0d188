import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ApiChecklistItem, StackGuideApi } from '../../../src/vscode/api';
import { activateApi, browserAvailable, countInWorkbench, eventually, keys, readText, workbenchShows, workspaceRoot } from '../helpers';

/** The decision file of one item of the root unit. */
function entryUri(id: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), '.stackguide', 'review', `${id}.yaml`);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Every decision file with its text, by name. */
async function reviewFiles(): Promise<Record<string, string>> {
  const folder = vscode.Uri.joinPath(workspaceRoot(), '.stackguide', 'review');
  const files: Record<string, string> = {};
  for (const [name] of (await vscode.workspace.fs.readDirectory(folder)).sort(([a], [b]) => a.localeCompare(b))) {
    files[name] = await readText(vscode.Uri.joinPath(folder, name));
  }
  return files;
}

/** What the review holds, as the API and the files show it. */
async function reviewState(api: StackGuideApi) {
  return {
    items: api.checklist().map(({ key, state, by, at, note, owner }) => ({ key, state, by, at, note, owner })),
    files: await reviewFiles(),
  };
}

function item(api: StackGuideApi, id: string): ApiChecklistItem {
  const found = api.checklist().find((candidate) => candidate.id === id);
  assert.ok(found, `the checklist has ${id}`);
  return found;
}

/**
 * Runs Add Note… on an item as the context menu does, waits for its input box to show in the
 * workbench, and answers it with keys; resolves when the command has finished.
 */
async function addNote(api: StackGuideApi, id: string, answer: () => Promise<void>): Promise<void> {
  const command = vscode.commands.executeCommand('stackGuide.addNote', { kind: 'item', item: item(api, id) });
  assert.ok(await workbenchShows('Note on this item'), 'the note input box shows');
  await answer();
  await command;
}

describe('checklist item commands and filters (real VS Code host)', () => {
  let api: StackGuideApi;

  before(async () => {
    api = await activateApi();
    await api.ready();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  describe('Add Note…', () => {
    before(function () {
      // The input box is answered with the browser's keyboard.
      if (!browserAvailable()) this.skip();
    });

    it('on an open item, writes the note to its decision file and the checklist, and leaves it open', async () => {
      await addNote(api, 'go.quality.handlers', () => keys('needs a fuzz test for the JSON decoder', 'Enter'));
      const text = await readText(entryUri('go.quality.handlers'));
      assert.match(text, /^item: go\.quality\.handlers$/m);
      assert.match(text, /^state: open$/m);
      assert.match(text, /^note: needs a fuzz test for the JSON decoder$/m);
      assert.match(text, /^by: Test Reviewer$/m);
      const handlers = item(api, 'go.quality.handlers');
      assert.deepStrictEqual([handlers.state, handlers.note], ['open', 'needs a fuzz test for the JSON decoder']);
    });

    it('on a ticked item, adds the note and keeps the tick, who and when', async () => {
      await api.setItemState('go.delivery.timeouts', 'done');
      const ticked = item(api, 'go.delivery.timeouts');
      await addNote(api, 'go.delivery.timeouts', () => keys('server and client timeouts checked with the platform team', 'Enter'));
      const text = await readText(entryUri('go.delivery.timeouts'));
      assert.match(text, /^state: done$/m);
      assert.match(text, /^note: server and client timeouts checked with the platform team$/m);
      const noted = item(api, 'go.delivery.timeouts');
      assert.deepStrictEqual(
        [noted.state, noted.by, noted.at, noted.note],
        ['done', ticked.by, ticked.at, 'server and client timeouts checked with the platform team'],
      );
    });

    it('Escape in the input box changes nothing', async () => {
      const before = await reviewState(api);
      await addNote(api, 'go.delivery.timeouts', () => keys(undefined, 'Escape'));
      assert.deepStrictEqual(await reviewState(api), before);
    });

    it('an empty note removes the note from the file and the checklist; the tick stays', async () => {
      // The box opens with the current note in it: select it all and delete it.
      await addNote(api, 'go.delivery.timeouts', () => keys(undefined, 'Control+a', 'Backspace', 'Enter'));
      const text = await readText(entryUri('go.delivery.timeouts'));
      assert.doesNotMatch(text, /^note:/m);
      assert.match(text, /^state: done$/m);
      const timeouts = item(api, 'go.delivery.timeouts');
      assert.deepStrictEqual([timeouts.state, timeouts.note], ['done', undefined]);

      await addNote(api, 'go.quality.handlers', () => keys(undefined, 'Control+a', 'Backspace', 'Enter'));
      assert.strictEqual(item(api, 'go.quality.handlers').note, undefined, 'the open item has no note any more');
      if (await exists(entryUri('go.quality.handlers'))) assert.doesNotMatch(await readText(entryUri('go.quality.handlers')), /^note:/m);
    });
  });

  describe('view filters', () => {
    // Rows of the Review Checklist tree carry the item's title, severity and state as their aria-label.
    const ANCHOR = 'Delivery checks';
    const row = (prefix: string) => `.monaco-list-row[aria-label^="${prefix}"]`;
    const TICKED = row('HTTP servers and outbound calls set timeouts, '); // go.delivery.timeouts: high, done
    const OPEN_HIGH = row('go.sum committed, tidy checked, no -mod=mod, '); // go.delivery.lockfile: high, open
    const OPEN_MEDIUM = row('SIGTERM drains requests with Server.Shutdown, '); // go.delivery.shutdown: medium, open
    // The view's title buttons: each pair is shown by a `when` clause on the filter's context key.
    const button = (title: string) => `.pane-header .action-label[aria-label="${title}"]`;
    const count = (selector: string) => countInWorkbench(ANCHOR, selector);
    const counts = async (...selectors: string[]) => Promise.all(selectors.map(count));
    let initial: Awaited<ReturnType<typeof reviewState>>;

    before(async function () {
      await api.setItemState('go.delivery.timeouts', 'done');
      initial = await reviewState(api);
      if (!browserAvailable()) return;
      await vscode.commands.executeCommand('stackGuide.showChecklist');
      assert.ok(await workbenchShows(ANCHOR), 'the Review Checklist shows the Go delivery checks');
      await eventually(
        'the ticked, the open high and the open medium rows',
        async () => (await counts(TICKED, OPEN_HIGH, OPEN_MEDIUM)).join() === '1,1,1',
      );
    });

    afterEach(async () => {
      assert.deepStrictEqual(await reviewState(api), initial, 'a filter changes nothing in the review, in the checklist API or on disk');
    });

    it('Hide Done Items hides ticked rows, keeps open ones, and swaps the title button for Show Done Items', async function () {
      await vscode.commands.executeCommand('stackGuide.hideDone');
      if (!browserAvailable()) this.skip(); // the rows and buttons are in the browser's DOM
      await eventually(
        'the Show Done Items button instead',
        async () => (await counts(button('Show Done Items'), button('Hide Done Items'))).join() === '1,0',
      );
      await eventually(
        'the ticked row hidden, the open rows kept',
        async () => (await counts(TICKED, OPEN_HIGH, OPEN_MEDIUM)).join() === '0,1,1',
      );
      assert.strictEqual(await count('.pane-header:has-text("open only")'), 1, 'the view description says "open only"');
    });

    it('Show Done Items brings the ticked rows back and the Hide Done Items button', async function () {
      await vscode.commands.executeCommand('stackGuide.showDone');
      if (!browserAvailable()) this.skip(); // the rows and buttons are in the browser's DOM
      await eventually(
        'the Hide Done Items button back',
        async () => (await counts(button('Hide Done Items'), button('Show Done Items'))).join() === '1,0',
      );
      await eventually('the ticked row back', async () => (await counts(TICKED, OPEN_HIGH, OPEN_MEDIUM)).join() === '1,1,1');
      assert.strictEqual(await count('.pane-header:has-text("open only")'), 0);
    });

    it('Show Only High Severity hides medium rows, done or not, and swaps its button for Show All Severities', async function () {
      await vscode.commands.executeCommand('stackGuide.onlyHighSeverity');
      if (!browserAvailable()) this.skip(); // the rows and buttons are in the browser's DOM
      await eventually(
        'the Show All Severities button instead',
        async () => (await counts(button('Show All Severities'), button('Show Only High Severity'))).join() === '1,0',
      );
      await eventually(
        'the medium row hidden, the high ones kept',
        async () => (await counts(TICKED, OPEN_HIGH, OPEN_MEDIUM)).join() === '1,1,0',
      );
      assert.strictEqual(await count('.pane-header:has-text("high only")'), 1, 'the view description says "high only"');
    });

    it('both filters together leave only open high-severity rows', async function () {
      await vscode.commands.executeCommand('stackGuide.hideDone');
      if (browserAvailable())
        await eventually('only the open high row', async () => (await counts(TICKED, OPEN_HIGH, OPEN_MEDIUM)).join() === '0,1,0');
      await vscode.commands.executeCommand('stackGuide.showDone');
      if (!browserAvailable()) this.skip(); // the rows and buttons are in the browser's DOM
      await eventually('the ticked high row back', async () => (await counts(TICKED, OPEN_HIGH, OPEN_MEDIUM)).join() === '1,1,0');
    });

    it('Show All Severities brings the medium rows back and the Show Only High Severity button', async function () {
      await vscode.commands.executeCommand('stackGuide.allSeverities');
      if (!browserAvailable()) this.skip(); // the rows and buttons are in the browser's DOM
      await eventually(
        'the Show Only High Severity button back',
        async () => (await counts(button('Show Only High Severity'), button('Show All Severities'))).join() === '1,0',
      );
      await eventually('every row back', async () => (await counts(TICKED, OPEN_HIGH, OPEN_MEDIUM)).join() === '1,1,1');
      assert.strictEqual(await count('.pane-header:has-text("high only")'), 0);
    });
  });

  describe('the Get started walkthrough', () => {
    it('opens from the command palette with its five steps, and the first step shows its page', async function () {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'stackguide.stack-guide#getStarted', false);
      if (!browserAvailable()) this.skip(); // the walkthrough is drawn in the browser
      assert.ok(await workbenchShows('Get started with Stack Guide'), 'the walkthrough title');
      for (const title of [
        'Find the stacks in this folder',
        'Read the reference page',
        'Tick a check',
        'Commit the review folder',
        'Gate CI on open checks',
      ]) {
        assert.ok(await workbenchShows(title), `the step "${title}"`);
      }
      // The selected step's media is media/walkthrough/detect.md, rendered as Markdown.
      assert.ok(await workbenchShows('Nothing is sent anywhere'), 'the first step shows its Markdown page');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });

  describe('an accepted risk past its until day', () => {
    const ID = 'go.delivery.lockfile'; // high, open until now
    after(() => api.setItemState(ID, 'open'));

    it('shows as expired, with its day, in the tree and the API, and counts as open', async function () {
      // The model takes any day; only the input box and review set refuse a past one. 2020 is past on every clock.
      await api.setItemState(ID, 'accepted', 'a vendored module', 'Bo', { until: '2020-01-01' });
      assert.match(await readText(entryUri(ID)), /^until: "2020-01-01"$/m);
      const expired = await eventually('the item expired', () => (item(api, ID).state === 'expired' ? item(api, ID) : undefined));
      assert.deepStrictEqual([expired.until, expired.expiredDecision, expired.owner], ['2020-01-01', 'accepted', 'Bo']);
      if (!browserAvailable()) this.skip(); // the tree is drawn in the browser
      await vscode.commands.executeCommand('stackGuide.showChecklist');
      assert.ok(await workbenchShows('Delivery checks'), 'the Review Checklist shows');
      // The row's aria-label is the item's title, severity, state and dates (the whole text last); its description says the same.
      const row = `.monaco-list-row[aria-label^="go.sum committed, tidy checked, no -mod=mod"][aria-label*="expired, accepted risk until 2020-01-01"]`;
      await eventually('the expired row', async () => (await countInWorkbench('Delivery checks', row)) === 1);
      assert.ok(await workbenchShows('1 expired'), "the view's counts show it apart, as open");
      // Accepted again with no day: the tree shows an accepted risk once more.
      await api.setItemState(ID, 'accepted', 'a vendored module', 'Bo');
      await eventually('accepted again', () => item(api, ID).state === 'accepted');
      await eventually('no expired row', async () => (await countInWorkbench('Delivery checks', row)) === 0);
    });
  });
});
