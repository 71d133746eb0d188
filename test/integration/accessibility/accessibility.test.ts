import * as assert from 'assert';
import * as vscode from 'vscode';
import type { StackGuideApi } from '../../../src/vscode/api';
import type { AxeViolation } from '../runs';
import { activateApi, axeAudit, browserAvailable, eventually, keys, tabOrder, webviewShows } from '../helpers';

/**
 * The three kinds of theme a user can pick, by the names VS Code 1.100 ships them under, and the
 * older Light+, whose muted text on a card once fell under AA's contrast (4.39:1).
 */
const KINDS = ['Default Dark Modern', 'Default Light Modern', 'Default High Contrast'];
const THEMES = [...KINDS, 'Default Light+'];

function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(', ')}`).join('\n');
}

describe('every reference page passes axe-core in dark, light and high-contrast themes (real VS Code host)', function () {
  let api: StackGuideApi;
  const backgrounds = new Map<string, string>();

  before(async () => {
    api = await activateApi();
    await api.ready();
  });

  after(async () => {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
  });

  for (const theme of THEMES) {
    it(`${theme}: no serious or critical WCAG A/AA violation on any of the pages`, async function () {
      if (!browserAvailable()) this.skip(); // axe-core runs in the browser's DOM
      this.timeout(240_000); // sixteen pages, each opened and audited
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      const failures: string[] = [];
      let audited = 0;
      for (const profile of api.listProfiles()) {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await vscode.commands.executeCommand('stackGuide.openReference', profile.id);
        const anchor = `${profile.name} usage and adoption since `;
        assert.ok(await webviewShows(anchor), `the ${profile.name} page is shown`);
        const report = await axeAudit(anchor);
        assert.ok(report.passed >= 10, `${profile.name}: axe checked the page (${report.passed} rules passed)`);
        backgrounds.set(theme, report.background);
        const serious = report.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        audited++;
        if (serious.length > 0) failures.push(`${profile.name}:\n${describeViolations(serious)}`);
      }
      assert.strictEqual(audited, 16, 'all 16 built-in pages were audited');
      assert.deepStrictEqual(failures, [], failures.join('\n\n'));
    });
  }

  it('the pages were drawn in three different kinds of theme', function () {
    if (!browserAvailable()) this.skip();
    assert.strictEqual(new Set(KINDS.map((theme) => backgrounds.get(theme))).size, 3, JSON.stringify([...backgrounds]));
  });

  it('the audit reports a violation when there is one: an image without a text alternative', async function () {
    if (!browserAvailable()) this.skip();
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    const report = await axeAudit('Go usage and adoption since ', true);
    assert.ok(
      report.violations.some((v) => v.id === 'image-alt' && v.impact === 'critical'),
      `image-alt is reported: ${describeViolations(report.violations)}`,
    );
    assert.strictEqual(
      (await axeAudit('Go usage and adoption since ')).violations.filter((v) => v.id === 'image-alt').length,
      0,
      'and the control is gone afterwards',
    );
  });

  describe('the page by keyboard alone', () => {
    const anchor = 'Go usage and adoption since ';

    it('Tab reaches the table of contents, the checkboxes, the compare select and the source links, with the focus always drawn', async function () {
      if (!browserAvailable()) this.skip();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('stackGuide.openReference', 'go');
      assert.ok(await webviewShows(anchor));
      const stops = await tabOrder(anchor, 'a.skip', 150);
      const describe = (stop: (typeof stops)[number]) =>
        `${stop.tag}${stop.id ? `#${stop.id}` : ''}${stop.classes ? `.${stop.classes}` : ''}`;
      assert.ok(
        stops.some((stop) => stop.tag === 'A' && stop.inToc),
        'a table-of-contents link',
      );
      assert.ok(
        stops.some((stop) => stop.tag === 'SELECT' && stop.id === 'compare'),
        'the compare select',
      );
      assert.ok(
        stops.some((stop) => stop.tag === 'INPUT' && stop.type === 'checkbox'),
        'a checkbox',
      );
      assert.ok(
        stops.some((stop) => stop.tag === 'A' && stop.classes.includes('external')),
        'a source link',
      );
      const hidden = stops.filter((stop) => stop.tag !== 'BODY' && !stop.visible).map(describe);
      assert.deepStrictEqual([...new Set(hidden)], [], 'every focused element shows the focus');
    });

    it('Space on a focused checkbox ticks the item, as a click does', async function () {
      if (!browserAvailable()) this.skip();
      const id = 'go.delivery.timeouts';
      assert.strictEqual(api.checklist().find((item) => item.id === id)?.state, 'open');
      await tabOrder(anchor, `input[aria-describedby="item-${id}-state"]`, 0);
      await keys(undefined, 'Space');
      await eventually('the item ticked', () => api.checklist().find((item) => item.id === id)?.state === 'done');
      await api.setItemState(id, 'open');
    });
  });
});
