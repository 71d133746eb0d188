import * as assert from 'assert';
import * as vscode from 'vscode';
import type { StackGuideApi } from '../../../src/vscode/api';
import { activateApi, browserAvailable, countInWebview, eventually } from '../helpers';

/**
 * Fixture go-service with the display language German: the launcher starts code-server with
 * --locale de and a German browser, and registers a stand-in language pack so that VS Code takes
 * the language up (test/host/codeServer.ts registerLanguagePack). What is checked is what VS Code
 * shows, read from the workbench's DOM: the titles it took from package.nls.de.json, and the text
 * the extension produced at run time through vscode.l10n.t with l10n/bundle.l10n.de.json.
 */
/** Text the workbench's frame shows once the checklist is drawn: how the launcher finds that frame. */
const WORKBENCH = 'Auslieferungsprüfungen';

describe('Stack Guide in German (real VS Code host, display language de)', () => {
  let api: StackGuideApi;

  before(async function () {
    // Desktop VS Code (npm run test:electron) resolves --locale de only with the German language pack installed.
    if (!browserAvailable() && vscode.env.language !== 'de') this.skip();
    api = await activateApi();
    await api.ready();
    await vscode.commands.executeCommand('stackGuide.stacks.focus');
    await vscode.commands.executeCommand('stackGuide.showChecklist');
  });

  it("runs with vscode.env.language de, and loaded the extension's German bundle", () => {
    assert.strictEqual(vscode.env.language, 'de');
    assert.match(vscode.l10n.uri?.path ?? '', /\/l10n\/bundle\.l10n\.de\.json$/);
  });

  it('shows the view name and a view-title command as package.nls.de.json names them', async function () {
    if (!browserAvailable()) this.skip();
    // The Stacks view's title bar: the Detect Ecosystems button is labelled with the command title.
    assert.strictEqual(await countInWebview(WORKBENCH, '.pane-header:has-text("Review-Checkliste")'), 1, 'the Review Checklist view');
    assert.ok((await countInWebview(WORKBENCH, '[aria-label="Ökosysteme erkennen"]')) >= 1, 'the Detect Ecosystems button');
    assert.strictEqual(await countInWebview(WORKBENCH, '[aria-label="Detect Ecosystems"]'), 0, 'no English title left');
  });

  it('shows the checklist tree in German: group rows, severities and states from vscode.l10n.t', async function () {
    if (!browserAvailable()) this.skip();
    assert.ok(
      (await countInWebview('Auslieferungsprüfungen', '.monaco-list-row:has-text("Auslieferungsprüfungen")')) >= 1,
      'the Delivery checks group',
    );
    // An item row reads the profile's English title, then the German words around it.
    const item = api
      .checklist()
      .find((candidate) => candidate.severity === 'high' && candidate.state === 'open' && !/["\\]/.test(candidate.title));
    assert.ok(item, 'an open high-severity item');
    const row = `.monaco-list-row[aria-label^="${item.title}, Schweregrad hoch, offen"]`;
    assert.strictEqual(await countInWebview('Auslieferungsprüfungen', row), 1, `the row of ${item.id}`);
    assert.strictEqual(
      await countInWebview('Auslieferungsprüfungen', '.monaco-list-row[aria-label*=", high severity"]'),
      0,
      'no English severity left',
    );
  });

  it('shows a notification in German', async function () {
    if (!browserAvailable()) this.skip();
    void vscode.commands.executeCommand('stackGuide.resolveReviewConflict');
    const german = 'Stack Guide: Keine Review-Datei hat einen Merge-Konflikt.';
    await eventually('the notification', async () => (await countInWebview(german, `.notification-toast:has-text("${german}")`)) === 1);
  });

  it("leaves the workbench's own strings in English: the stand-in language pack translates none of them", async function () {
    if (!browserAvailable()) this.skip();
    assert.ok((await countInWebview(WORKBENCH, '.activitybar [aria-label^="Explorer"]')) >= 1, 'the Explorer in the activity bar');
  });
});
