import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { StackGuideApi } from '../../../src/api';
import type { Detection } from '../../../src/core/detect/detector';
import { activateApi, browserAvailable, clickInWebview, countInWebview, eventually, keys, selectInWebview, webviewShows, readText, webviewTabs, workspaceRoot, writeText } from '../helpers';

/** True once ticking the item fails with the expected message (the store may need a moment to notice). */
async function tickIsRefused(api: StackGuideApi, id: string, message: RegExp): Promise<boolean> {
  try {
    await api.setItemState(id, 'done');
    return false;
  } catch (error) {
    return message.test((error as Error).message);
  }
}

describe('Stack Guide in a Go workspace (real VS Code host)', () => {
  let api: StackGuideApi;
  let reviewUri: vscode.Uri;

  before(async () => {
    api = await activateApi();
    reviewUri = vscode.Uri.joinPath(workspaceRoot(), '.stackguide', 'review.yaml');
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
    assert.ok(await webviewShows('61/100'), 'the page shows the current point');
    assert.ok(await webviewShows('What must be visible in a credible implementation'), 'the page shows the delivery checks');
  });

  it('the checklist holds Go delivery checks, risks and quality checks', () => {
    const go = api.checklist().filter((item) => item.ecosystem === 'go' && item.component === '.');
    assert.ok(go.some((item) => item.id === 'go.delivery.timeouts' && item.group === 'delivery'));
    assert.ok(go.filter((item) => item.group === 'risks').length >= 4);
    assert.ok(go.filter((item) => item.group === 'quality').length >= 4);
    assert.ok(go.every((item) => item.state === 'open'), 'nothing is ticked in a fresh workspace');
  });

  it('a tick is kept in .stackguide/review.yaml with who and when', async () => {
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    await api.setItemState('go.delivery.timeouts', 'done');
    const text = await readText(reviewUri);
    assert.match(text, /go\.delivery\.timeouts:\n\s+state: done\n\s+by: Test Reviewer\n\s+at: "?\d{4}-\d\d-\d\dT/);
    assert.strictEqual(api.checklist().find((item) => item.id === 'go.delivery.timeouts')?.state, 'done');
  });

  it('the open page follows the tick made in the tree', async function () {
    if (!browserAvailable()) this.skip();
    assert.ok(await webviewShows('by Test Reviewer on'), 'the open page shows who ticked');
  });

  it('an edit to the review file on disk reloads the checklist', async () => {
    const text = await readText(reviewUri);
    const edited = text.replace(
      /components:\n  \.:\n/,
      `components:\n  .:\n    go.risk.errors:\n      state: n/a\n      by: Someone Else\n      at: 2026-01-02T03:04:05.000Z\n      note: errors are handled by the framework\n      textHash: "00000000"\n`,
    );
    assert.notStrictEqual(edited, text, 'the fixture edit applies');
    await writeText(reviewUri, edited);
    // The hash does not match the item's text, so the change shows as a stale tick.
    await eventually('the edited item to show up', () => api.checklist().find((item) => item.id === 'go.risk.errors')?.state === 'stale');
    assert.strictEqual(api.checklist().find((item) => item.id === 'go.delivery.timeouts')?.state, 'done', 'the earlier tick is still there');
  });

  it('a review file with merge-conflict markers refuses ticks and stays byte for byte unchanged', async () => {
    const good = await readText(reviewUri);
    const conflicted = `${good}<<<<<<< HEAD\n    go.quality.race:\n      state: done\n=======\n>>>>>>> feature\n`;
    await writeText(reviewUri, conflicted);
    await eventually('the tree to notice the broken file', () => tickIsRefused(api, 'go.quality.memory', /merge-conflict markers/));
    assert.strictEqual(await readText(reviewUri), conflicted, 'the file on disk is untouched');
    await writeText(reviewUri, good);
    await eventually('the checklist to recover', () => api.checklist().find((item) => item.id === 'go.delivery.timeouts')?.state === 'done');
  });

  it('a review file replaced by a folder refuses ticks and leaves the folder alone', async () => {
    const good = await readText(reviewUri);
    await vscode.workspace.fs.delete(reviewUri);
    await vscode.workspace.fs.createDirectory(reviewUri);
    await writeText(vscode.Uri.joinPath(reviewUri, 'keep.txt'), 'not ours');
    await eventually('the tick to be refused', () => tickIsRefused(api, 'go.quality.memory', /the review file path is a folder/));
    assert.strictEqual(await readText(vscode.Uri.joinPath(reviewUri, 'keep.txt')), 'not ours');
    await vscode.workspace.fs.delete(reviewUri, { recursive: true });
    await writeText(reviewUri, good);
    await eventually('the checklist to recover', () => api.checklist().find((item) => item.id === 'go.delivery.timeouts')?.state === 'done');
  });

  it('a read-only review file refuses ticks, still shows its ticks, and is left as it is', async function () {
    const file = reviewUri.fsPath;
    const before = await readText(reviewUri);
    fs.chmodSync(file, 0o444);
    try {
      await eventually('the tick to be refused', () => tickIsRefused(api, 'go.quality.memory', /the review file is read-only/));
      assert.strictEqual(await readText(reviewUri), before, 'the file is unchanged');
      assert.strictEqual(fs.statSync(file).mode & 0o777, 0o444, 'still read-only');
      assert.strictEqual(api.checklist().find((item) => item.id === 'go.delivery.timeouts')?.state, 'done', 'its ticks are still shown');
    } finally {
      fs.chmodSync(file, 0o644);
    }
    await api.setItemState('go.quality.memory', 'open'); // writable again: the store follows
    // A read-only file that is deleted no longer blocks ticks.
    fs.chmodSync(file, 0o444);
    await assert.rejects(api.setItemState('go.quality.memory', 'done'), /read-only/);
    fs.rmSync(file);
    await api.setItemState('go.quality.memory', 'done');
    assert.match(await readText(reviewUri), /go\.quality\.memory:\n\s+state: done/);
    await writeText(reviewUri, before);
    await eventually('the earlier ticks back', () => api.checklist().find((item) => item.id === 'go.quality.memory')?.state === 'open');
  });

  it('deleting the review file while the tree is open reopens its items; the next tick writes a new file', async () => {
    const before = await readText(reviewUri);
    await vscode.workspace.fs.delete(reviewUri);
    await eventually('the tree to follow the deletion', () => api.checklist().find((item) => item.id === 'go.delivery.timeouts')?.state === 'open');
    await api.setItemState('go.delivery.runtime', 'done');
    assert.match(await readText(reviewUri), /go\.delivery\.runtime:\n\s+state: done/);
    await writeText(reviewUri, before);
    await eventually('the earlier ticks back', () => api.checklist().find((item) => item.id === 'go.delivery.timeouts')?.state === 'done');
  });

  it('a tick made in another window meanwhile survives the next tick here', async () => {
    const before = await readText(reviewUri);
    const otherWindow = before.replace(
      /components:\n  \.:\n/,
      'components:\n  .:\n    go.quality.handlers:\n      state: done\n      by: Other Window\n      at: "2026-11-28T00:00:00.000Z"\n      textHash: "0"\n',
    );
    assert.notStrictEqual(otherWindow, before);
    await writeText(reviewUri, otherWindow);
    await api.setItemState('go.quality.vuln', 'done'); // before this window's watcher has reloaded
    const after = await readText(reviewUri);
    assert.match(after, /go\.quality\.handlers:\n\s+state: done\n\s+by: Other Window/);
    assert.match(after, /go\.quality\.vuln:\n\s+state: done\n\s+by: Test Reviewer/);
  });

  it('marks an item not applicable with its reason, and copies it as Markdown', async () => {
    await api.setItemState('go.risk.prototype', 'n/a', 'internal tool, no production traffic');
    const item = api.checklist().find((candidate) => candidate.id === 'go.risk.prototype');
    assert.strictEqual(item?.state, 'n/a');
    assert.strictEqual(item?.note, 'internal tool, no production traffic');
    await vscode.commands.executeCommand('stackGuide.copyItemMarkdown', { kind: 'item', item });
    assert.match(
      await vscode.env.clipboard.readText(),
      /^- \[x\] Prototype speed is taken for the robustness of a maintainable system\. — _medium_ · not applicable · Test Reviewer, \d{4}-\d\d-\d\d · note: internal tool, no production traffic$/,
    );
    await api.setItemState('go.risk.prototype', 'open');
    assert.strictEqual(api.checklist().find((candidate) => candidate.id === 'go.risk.prototype')?.note, 'internal tool, no production traffic', 'reopening keeps the note');
  });

  it('"Show on Reference Page" opens the item\'s page at the item', async function () {
    const item = api.checklist().find((candidate) => candidate.id === 'go.quality.race');
    await vscode.commands.executeCommand('stackGuide.openItemOnPage', { kind: 'item', item });
    await eventually('the Go page to be active', () => webviewTabs('Go — Stack Guide')[0]?.isActive);
    if (!browserAvailable()) this.skip();
    assert.ok(await webviewShows('The test suite runs with the race detector in CI.'));
  });

  it('ticking a check on the page ticks it in the tree and the review file', async function () {
    if (!browserAvailable()) this.skip();
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    await clickInWebview('Go usage and adoption since 2020', '[id="item-go.quality.memory"] input.tick');
    await eventually('the tick in the checklist', () => api.checklist().find((item) => item.id === 'go.quality.memory')?.state === 'done');
    assert.match(await readText(reviewUri), /go\.quality\.memory:\n\s+state: done/);
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
    await eventually('a second curve', async () => (await countInWebview('Go usage and adoption since 2020', 'circle.compare-point')) === 7);
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
    await eventually('Rust items in the checklist', () => api.checklist().some((item) => item.ecosystem === 'rust' && item.component === 'tools'), 15_000);
  });
});
