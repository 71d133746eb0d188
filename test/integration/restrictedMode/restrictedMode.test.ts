import * as assert from 'assert';
import * as vscode from 'vscode';
import type { StackGuideApi } from '../../../src/vscode/api';
import {
  activateApi,
  browserAvailable,
  clickInWebview,
  countInWorkbench,
  eventually,
  readText,
  workbenchShows,
  workspaceRoot,
} from '../helpers';

const MESSAGE = 'Restricted Mode: workspace profiles are read as data only.';
const MESSAGE_ELEMENT = `.pane-body .message:has-text("${MESSAGE}")`;
/**
 * The row of the item .stackguide/profiles/house.yaml adds, in the Review Checklist tree: it has no
 * title, so the row shows its text cut at a word (the whole text ends what a screen reader says).
 */
const HOUSE_ROW =
  '.monaco-list-row[aria-label^="The service exposes /readyz and the deployment…, "][aria-label$=", The service exposes /readyz and the deployment probes it."]';

/**
 * This run (test/integration/runs.ts, `untrusted`) opens the folder with workspace trust enabled
 * and never trusted. The fixture's .vscode/settings.json names a team profile folder and another
 * review folder and version-1 file, which package.json lists in restrictedConfigurations; its
 * .stackguide/profiles holds a workspace profile.
 */
describe('Restricted Mode (an untrusted folder, real VS Code host)', () => {
  let api: StackGuideApi;
  const ids = () => new Set(api.checklist().map((item) => item.id));
  const root = () => workspaceRoot();
  const stateOf = (id: string) => api.checklist().find((item) => item.id === id)?.state;

  before(async () => {
    api = await activateApi();
    await api.ready();
  });

  it('the window is in Restricted Mode, and the workspace values of the restricted settings are withheld', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'the folder is not trusted');
    const onDisk = await readText(vscode.Uri.joinPath(root(), '.vscode', 'settings.json'));
    assert.match(onDisk, /"stackGuide\.profiles\.paths": \["team-profiles"\]/, 'the workspace does set them');
    const config = vscode.workspace.getConfiguration('stackGuide', root());
    assert.deepStrictEqual(config.get('profiles.paths'), []);
    assert.strictEqual(config.get('review.folder'), '.stackguide/review');
    assert.strictEqual(config.get('review.file'), '.stackguide/review.yaml');
  });

  it('still detects Go and builds its checklist', () => {
    assert.deepStrictEqual(
      api.units().map((unit) => [unit.path, unit.ecosystem]),
      [['.', 'go']],
    );
    assert.ok(ids().has('go.delivery.timeouts'));
    assert.ok(api.checklist().length > 10, 'the Go checklist has its items');
  });

  it('reads .stackguide/profiles as data: its item is added and its drop applied', () => {
    assert.ok(ids().has('house.delivery.readiness'), "the workspace profile's item");
    assert.ok(!ids().has('go.delivery.containers'), 'the item the workspace profile drops');
  });

  it("ignores the team profile folder named by the workspace's stackGuide.profiles.paths", () => {
    assert.ok(!ids().has('outside.delivery.canary'), 'its item is not added');
    assert.ok(ids().has('go.delivery.logging'), 'the item it would drop is still there');
  });

  it("ignores the workspace's stackGuide.review.folder and stackGuide.review.file: their ticks are not read", () => {
    // custom/review/go.quality.race.yaml and custom/review.yaml tick these two; read, they would not be open.
    assert.strictEqual(stateOf('go.quality.race'), 'open');
    assert.strictEqual(stateOf('go.quality.vuln'), 'open');
  });

  it('a tick goes to the default .stackguide/review, and the files the workspace settings name are left alone', async () => {
    const legacy = vscode.Uri.joinPath(root(), 'custom', 'review.yaml');
    const legacyBefore = await readText(legacy);
    await api.setItemState('go.delivery.timeouts', 'done');
    assert.match(
      await readText(vscode.Uri.joinPath(root(), '.stackguide', 'review', 'go.delivery.timeouts.yaml')),
      /^state: done\nby: Test Reviewer$/m,
    );
    assert.strictEqual(stateOf('go.delivery.timeouts'), 'done');
    const custom = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(root(), 'custom', 'review'));
    assert.deepStrictEqual(
      custom.map(([name]) => name),
      ['go.quality.race.yaml'],
      'nothing written to the review folder the workspace names',
    );
    assert.strictEqual(await readText(legacy), legacyBefore, 'the version-1 file the workspace names is neither migrated nor removed');
  });

  it('the views show the checklist, and the Stacks view says that workspace profiles are read as data only', async function () {
    if (!browserAvailable()) this.skip();
    await vscode.commands.executeCommand('stackGuide.showChecklist');
    assert.ok(await workbenchShows('Delivery checks'), 'the Review Checklist shows the Go delivery checks');
    assert.strictEqual(await countInWorkbench('Delivery checks', HOUSE_ROW), 1, "with the workspace profile's item");
    assert.ok(await workbenchShows(MESSAGE));
    assert.strictEqual(await countInWorkbench('Delivery checks', MESSAGE_ELEMENT), 1);
  });

  it('trusting the folder loads the team profile folder named by the setting, and the message goes away', async function () {
    if (!browserAvailable()) this.skip(); // the trust editor's button is clicked in the browser
    await vscode.commands.executeCommand('workbench.trust.manage');
    await clickInWebview('Delivery checks', '.workspace-trust-editor .workspace-trust-buttons-row .monaco-button:has-text("Trust")');
    await eventually('the folder to be trusted', () => vscode.workspace.isTrusted);
    await eventually('the team profile folder to load', () => ids().has('outside.delivery.canary') && !ids().has('go.delivery.logging'));
    await eventually('the message gone', async () => (await countInWorkbench('Delivery checks', MESSAGE_ELEMENT)) === 0);
    // Trust changes several settings in one event: the review folder and file the workspace names are read too.
    await eventually(
      "the ticks of the workspace's review folder and file",
      () => stateOf('go.quality.race') !== 'open' && stateOf('go.quality.vuln') !== 'open',
    );
  });
});
