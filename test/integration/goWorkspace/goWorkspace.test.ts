import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { StackGuideApi } from '../../../src/vscode/api';
import type { Detection } from '../../../src/core/detect/detector';
import {
  activateApi,
  browserAvailable,
  clickInWebview,
  countInWebview,
  eventually,
  keys,
  selectInWebview,
  webviewShows,
  readText,
  webviewTabs,
  workspaceRoot,
  writeText,
} from '../helpers';

/** True once ticking the item fails with the expected message (the store may need a moment to notice). */
async function tickIsRefused(api: StackGuideApi, id: string, message: RegExp): Promise<boolean> {
  try {
    await api.setItemState(id, 'done');
    return false;
  } catch (error) {
    return message.test((error as Error).message);
  }
}

/** The review file of one item of the root unit. */
function entryUri(id: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), '.stackguide', 'review', `${id}.yaml`);
}

/** Presses `key` in the workbench until the command showing a quick pick answers (it may take a moment to appear). */
async function answerQuickPick<T>(command: Thenable<T>, key: string): Promise<T> {
  let answered = false;
  const answer = Promise.resolve(command).finally(() => (answered = true));
  for (let attempt = 0; attempt < 20 && !answered; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (!answered) await keys(undefined, key);
  }
  return answer;
}

/** File names in the review folder, sorted. */
async function reviewFiles(): Promise<string[]> {
  const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(workspaceRoot(), '.stackguide', 'review'));
  return entries.map(([name]) => name).sort();
}

describe('Stack Guide in a Go workspace (real VS Code host)', () => {
  let api: StackGuideApi;
  let reviewUri: vscode.Uri;

  before(async () => {
    api = await activateApi();
    reviewUri = vscode.Uri.joinPath(workspaceRoot(), '.stackguide', 'review');
  });

  it('activates on go.mod and contributes its commands', async () => {
    const extension = vscode.extensions.getExtension('stackguide.stack-guide');
    assert.strictEqual(extension?.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['stackGuide.detect', 'stackGuide.openReference', 'stackGuide.showChecklist', 'stackGuide.exportChecklist']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });

  it('stackGuide.detect reports Go at the root and TypeScript in web/, never the manifests in node_modules or vendor', async () => {
    const detection = await vscode.commands.executeCommand<Detection>('stackGuide.detect');
    assert.strictEqual(detection.folders.length, 1);
    const components = detection.folders[0].components;
    const root = components.find((component) => component.path === '.');
    assert.ok(root, 'a component at the root');
    assert.strictEqual(root.ecosystems[0].id, 'go');
    assert.deepStrictEqual(root.ecosystems[0].evidence.includes('go.mod'), true);
    const web = components.find((component) => component.path === 'web');
    assert.strictEqual(web?.ecosystems[0].id, 'typescript');
    assert.deepStrictEqual(
      components.map((component) => component.path).filter((p) => p.includes('node_modules') || p.includes('vendor')),
      [],
    );
  });

  it('lists every built-in profile', () => {
    const ids = api.listProfiles().map((profile) => profile.id);
    for (const id of ['go', 'typescript', 'rust', 'python']) assert.ok(ids.includes(id), `profile ${id}`);
  });

  it('stackGuide.openReference go opens one webview tab, and asking again reveals it', async () => {
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    await eventually('the Go page tab', () => webviewTabs('Go — Stack Guide').length === 1);
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    await eventually('the Go page to be active again', () => {
      const tabs = webviewTabs('Go — Stack Guide');
      return tabs.length === 1 && tabs[0].isActive;
    });
    assert.strictEqual(webviewTabs('Go — Stack Guide').length, 1, 'no second Go tab');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the Go page, in the real webview, shows its title, adoption block and current point', async function () {
    if (!browserAvailable()) this.skip();
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    assert.ok(await webviewShows('Go usage and adoption since 2020'), 'the page shows the adoption block');
    assert.ok(await webviewShows('17/100'), 'the page shows the current point: the 2025 survey value, rounded');
    assert.ok(await webviewShows('Latest surveyed year: 2025'));
    assert.ok(await webviewShows('What must be visible in a credible implementation'), 'the page shows the delivery checks');
  });

  it('the checklist holds Go delivery checks, risks and quality checks', () => {
    const go = api.checklist().filter((item) => item.ecosystem === 'go' && item.unit === '.');
    assert.ok(go.some((item) => item.id === 'go.delivery.timeouts' && item.group === 'delivery'));
    assert.ok(go.filter((item) => item.group === 'risks').length >= 3);
    assert.ok(go.filter((item) => item.group === 'quality').length >= 4);
    assert.ok(
      go.every((item) => item.state === 'open'),
      'nothing is ticked in a fresh workspace',
    );
  });

  it('a tick is kept in its own file under .stackguide/review/ with who and when', async () => {
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    await api.setItemState('go.delivery.timeouts', 'done');
    const text = await readText(entryUri('go.delivery.timeouts'));
    assert.match(text, /^item: go\.delivery\.timeouts$/m);
    assert.match(text, /^state: done\nby: Test Reviewer\nat: "?\d{4}-\d\d-\d\dT/m);
    assert.strictEqual(api.checklist().find((item) => item.id === 'go.delivery.timeouts')?.state, 'done');
    assert.deepStrictEqual(await reviewFiles(), ['go.delivery.timeouts.yaml'], 'one tick writes one file');
  });

  it('the open page follows the tick made in the tree', async function () {
    if (!browserAvailable()) this.skip();
    assert.ok(await webviewShows('by Test Reviewer on'), 'the open page shows who ticked');
  });

  it('a review file added on disk (a pull, another window) reloads the checklist', async () => {
    await writeText(
      entryUri('go.risk.errors'),
      'version: 2\nunit: .\nitem: go.risk.errors\nstate: n/a\nby: Someone Else\nat: 2026-01-02T03:04:05.000Z\ntextHash: "00000000"\nnote: errors are handled by the framework\n',
    );
    // The hash does not match the item's text, so the change shows as a stale tick.
    await eventually('the added item to show up', () => api.checklist().find((item) => item.id === 'go.risk.errors')?.state === 'stale');
    assert.strictEqual(
      api.checklist().find((item) => item.id === 'go.delivery.timeouts')?.state,
      'done',
      'the earlier tick is still there',
    );
  });

  it('a review file with merge-conflict markers refuses ticks, stays unchanged, and "Resolve Review Conflict" merges it on confirmation', async function () {
    const uri = entryUri('go.quality.race');
    const conflicted = [
      'version: 2',
      'unit: .',
      'item: go.quality.race',
      '<<<<<<< HEAD',
      'state: done',
      'by: Ana',
      'at: 2026-11-20T10:00:00.000Z',
      '=======',
      'state: n/a',
      'by: Bo',
      'at: 2026-11-21T10:00:00.000Z',
      'note: no concurrency here',
      '>>>>>>> feature',
      'textHash: "00000000"',
      '',
    ].join('\n');
    await writeText(uri, conflicted);
    await eventually('the tree to notice the conflict', () => tickIsRefused(api, 'go.quality.memory', /conflict/));
    assert.strictEqual(await readText(uri), conflicted, 'the file on disk is untouched');
    if (!browserAvailable()) this.skip();
    // The command asks before writing; Escape leaves the file as it is.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.strictEqual(
      await answerQuickPick(vscode.commands.executeCommand<string>('stackGuide.resolveReviewConflict', uri), 'Escape'),
      'cancelled',
    );
    assert.strictEqual(await readText(uri), conflicted, 'nothing written without the choice');
    assert.strictEqual(
      await answerQuickPick(vscode.commands.executeCommand<string>('stackGuide.resolveReviewConflict', uri), 'Enter'),
      'written',
    );
    const merged = await readText(uri);
    assert.match(merged, /^state: n\/a$/m, 'the newer decision wins');
    assert.match(merged, /by: Ana/, 'the other is kept in its history');
    await eventually('the checklist to recover', () => api.checklist().find((item) => item.id === 'go.quality.race')?.by === 'Bo');
    const race = api.checklist().find((item) => item.id === 'go.quality.race');
    assert.deepStrictEqual(
      race?.history?.map((entry) => entry.by),
      ['Ana'],
    );
  });

  it('a read-only review file refuses the change to its item, still shows its tick, and is left as it is', async function () {
    const uri = entryUri('go.delivery.timeouts');
    const file = uri.fsPath;
    const before = await readText(uri);
    fs.chmodSync(file, 0o444);
    try {
      await eventually('the change to be refused', async () => {
        try {
          await api.setItemState('go.delivery.timeouts', 'open');
          return false;
        } catch (error) {
          return /the review file is read-only/.test((error as Error).message);
        }
      });
      assert.strictEqual(await readText(uri), before, 'the file is unchanged');
      assert.strictEqual(fs.statSync(file).mode & 0o777, 0o444, 'still read-only');
      assert.strictEqual(api.checklist().find((item) => item.id === 'go.delivery.timeouts')?.state, 'done', 'its tick is still shown');
      await api.setItemState('go.quality.memory', 'done'); // other items have files of their own
    } finally {
      fs.chmodSync(file, 0o644);
    }
    await api.setItemState('go.quality.memory', 'open');
  });

  it('deleting the review folder while the tree is open reopens its items; the next tick writes a new file', async () => {
    const before = await readText(entryUri('go.delivery.timeouts'));
    await vscode.workspace.fs.delete(reviewUri, { recursive: true });
    await eventually(
      'the tree to follow the deletion',
      () => api.checklist().find((item) => item.id === 'go.delivery.timeouts')?.state === 'open',
    );
    await api.setItemState('go.delivery.runtime', 'done');
    assert.match(await readText(entryUri('go.delivery.runtime')), /^state: done$/m);
    await writeText(entryUri('go.delivery.timeouts'), before);
    await eventually('the earlier tick back', () => api.checklist().find((item) => item.id === 'go.delivery.timeouts')?.state === 'done');
  });

  it('a tick made in another window meanwhile survives the next tick here', async () => {
    await writeText(
      entryUri('go.quality.handlers'),
      'version: 2\nunit: .\nitem: go.quality.handlers\nstate: done\nby: Other Window\nat: "2026-11-28T00:00:00.000Z"\ntextHash: "0"\n',
    );
    await api.setItemState('go.quality.vuln', 'done'); // before this window's watcher has reloaded
    assert.match(await readText(entryUri('go.quality.handlers')), /^by: Other Window$/m);
    assert.match(await readText(entryUri('go.quality.vuln')), /^state: done\nby: Test Reviewer$/m);
    await eventually(
      'both in the checklist',
      () => api.checklist().find((item) => item.id === 'go.quality.handlers')?.by === 'Other Window',
    );
  });

  it('marks an item not applicable with its reason, and copies it as Markdown', async () => {
    await api.setItemState('go.risk.errors', 'n/a', 'internal tool, no production traffic');
    const item = api.checklist().find((candidate) => candidate.id === 'go.risk.errors');
    assert.strictEqual(item?.state, 'n/a');
    assert.strictEqual(item?.note, 'internal tool, no production traffic');
    await vscode.commands.executeCommand('stackGuide.copyItemMarkdown', { kind: 'item', item });
    assert.match(
      await vscode.env.clipboard.readText(),
      // Then what the code probe saw: no error compared by its message in the service's Go files.
      /^- \[x\] Errors are ignored, logged and then dropped, .* — _medium_ · not applicable by Test Reviewer on \d{4}-\d\d-\d\d · note: internal tool, no production traffic · absent: no errors compared by their message \(.*\) in 2 source files$/,
    );
    await api.setItemState('go.risk.errors', 'open');
    assert.strictEqual(
      api.checklist().find((candidate) => candidate.id === 'go.risk.errors')?.note,
      'internal tool, no production traffic',
      'reopening keeps the note',
    );
  });

  it('accepts a risk with a reason and an owner: written to its file, shown as "accepted risk", not counted as open', async function () {
    await api.setItemState('go.risk.errors', 'accepted', 'the error middleware logs and wraps them until the rewrite', 'platform team');
    const text = await readText(entryUri('go.risk.errors'));
    assert.match(text, /^state: accepted$/m);
    assert.match(text, /^note: the error middleware logs and wraps them until the rewrite$/m);
    assert.match(text, /^owner: platform team$/m);
    const item = api.checklist().find((candidate) => candidate.id === 'go.risk.errors');
    assert.deepStrictEqual([item?.state, item?.owner], ['accepted', 'platform team']);
    await assert.rejects(api.setItemState('go.risk.concurrency', 'accepted', 'no owner given'), /needs a reason and an owner/);
    if (!browserAvailable()) this.skip();
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    await eventually('the page to show the accepted risk', () => webviewShows('owner platform team'));
    assert.ok(await webviewShows('ticked: mitigated, or not present here'), 'the page says what a tick on a risk means');
  });

  it('"Show on Reference Page" opens the item\'s page at the item', async function () {
    const item = api.checklist().find((candidate) => candidate.id === 'go.quality.race');
    await vscode.commands.executeCommand('stackGuide.openItemOnPage', { kind: 'item', item });
    await eventually('the Go page to be active', () => webviewTabs('Go — Stack Guide')[0]?.isActive);
    if (!browserAvailable()) this.skip();
    assert.ok(await webviewShows('The test suite runs with the race detector (go test -race) in CI'));
  });

  it('ticking a check on the page ticks it in the tree and the review file', async function () {
    if (!browserAvailable()) this.skip();
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    await clickInWebview('Go usage and adoption since 2020', '[id="item-go.quality.memory"] input.tick');
    await eventually('the tick in the checklist', () => api.checklist().find((item) => item.id === 'go.quality.memory')?.state === 'done');
    assert.match(await readText(entryUri('go.quality.memory')), /^state: done$/m);
  });

  it('a page hidden behind another tab catches up with ticks made meanwhile', async function () {
    if (!browserAvailable()) this.skip();
    const title = 'Go usage and adoption since 2020';
    const ticked = '[id="item-go.quality.handlers"] input.tick:checked';
    await api.setItemState('go.quality.handlers', 'open');
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    await eventually('the page to show it open', async () => (await countInWebview(title, ticked)) === 0);
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile'); // the page is hidden now
    await api.setItemState('go.quality.handlers', 'done');
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    await eventually('the page to show the tick', async () => (await countInWebview(title, ticked)) === 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the page compares its adoption curve with another ecosystem', async function () {
    if (!browserAvailable()) this.skip();
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    assert.strictEqual(await countInWebview('Go usage and adoption since 2020', 'circle.compare-point'), 0);
    await selectInWebview('Go usage and adoption since 2020', 'select#compare', 'rust');
    await eventually(
      'a second curve',
      async () => (await countInWebview('Go usage and adoption since 2020', 'circle.compare-point')) === 5,
    );
  });

  it('Search Guidance finds a check across all profiles and opens its page there', async function () {
    if (!browserAvailable()) this.skip();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const picked = vscode.commands.executeCommand<{ ecosystem: string; anchor: string }>('stackGuide.searchGuidance');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await keys('govulncheck runs', 'Enter');
    assert.deepStrictEqual(await picked, { ecosystem: 'go', anchor: 'item-go.quality.vuln' });
    await eventually('the Go page', () => webviewTabs('Go — Stack Guide')[0]?.isActive);
  });

  it('creating Cargo.toml in a subfolder adds Rust to the detection and the checklist', async () => {
    await writeText(vscode.Uri.joinPath(workspaceRoot(), 'tools', 'Cargo.toml'), '[package]\nname = "tools"\nversion = "0.1.0"\n');
    await eventually(
      'Rust items in the checklist',
      () => api.checklist().some((item) => item.ecosystem === 'rust' && item.unit === 'tools'),
      15_000,
    );
  });
});
