import * as assert from 'assert';
import type { StackGuideApi } from '../../../src/vscode/api';
import { DETECTED_THRESHOLD } from '../../../src/core/detect/detector';
import { browserAvailable, countInWebview, eventually } from '../helpers';
import { activatedOnItsOwn, activationEvent, hostLogs, stackGuideLogWith } from '../activationCommon/wakeUp';

/**
 * Fixture deep-services: the only markers are services/api/go.mod (two folders down) and
 * apps/web/site/package.json (three down). Nothing in this suite activates the extension.
 */
describe('Stack Guide wakes up on markers two and three folders down (real VS Code host)', () => {
  let api: StackGuideApi;

  before(async () => {
    api = await activatedOnItsOwn();
    await api.ready();
  });

  it('is activated by VS Code, during startup, by one of its workspaceContains globs', async function () {
    const logs = hostLogs();
    if (!logs) this.skip();
    const event = await activationEvent(logs);
    // VS Code logs the extension's glob patterns together, not the one that matched; no root or
    // one-level marker exists here, so a match means one of the deeper globs.
    assert.ok(event?.startsWith('workspaceContains:'), `activated by a workspaceContains glob, not by ${event}`);
  });

  it('detects Go in services/api and JavaScript in apps/web/site, and nothing at the root', async () => {
    // The same run the extension did on its own, asked for again through its API (no command).
    const detection = await api.detect();
    assert.strictEqual(detection.folders.length, 1);
    const detected = detection.folders[0].components.map((component) => ({
      path: component.path,
      ecosystems: component.ecosystems.filter((match) => match.confidence >= DETECTED_THRESHOLD).map((match) => match.id),
    }));
    assert.deepStrictEqual(detected, [
      { path: 'apps/web/site', ecosystems: ['javascript'] },
      { path: 'services/api', ecosystems: ['go'] },
    ]);
    assert.deepStrictEqual([...new Set(api.checklist().map((item) => item.ecosystem))].sort(), ['go', 'javascript']);
  });

  it('has open high-severity items for the badge, and logged no error', async function () {
    const openHigh = api.checklist().filter((item) => item.severity === 'high' && item.state === 'open');
    assert.ok(openHigh.length > 0, 'open high-severity items');
    const logs = hostLogs();
    if (!logs) this.skip();
    const log = await stackGuideLogWith(logs, /services\/api: go /, /apps\/web\/site: javascript /);
    assert.deepStrictEqual(
      log.split('\n').filter((line) => /\[(error|warning)\]/.test(line)),
      [],
    );
  });

  it('shows its status-bar entry and the badge in the workbench', async function () {
    if (!browserAvailable()) this.skip();
    // The status bar names the first component's ecosystem: JavaScript (apps/web/site sorts first).
    assert.ok(
      (await countInWebview('JavaScript', '.statusbar-item:has-text("JavaScript") .codicon-layers:visible')) >= 1,
      'the status-bar entry',
    );
    // The badge counts what applies here: once the units' facts are read, as the view does.
    await api.evidenceReady();
    const openHigh = api
      .checklist()
      .filter((item) => item.severity === 'high' && item.state === 'open' && item.applicability?.status !== 'not-applicable').length;
    await eventually(
      `the activity-bar badge shows ${openHigh}`,
      async () => (await countInWebview('JavaScript', `.activitybar .badge-content:text-is("${openHigh}")`)) >= 1,
      20_000,
    );
  });
});
