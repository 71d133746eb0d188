import * as assert from 'assert';
import * as vscode from 'vscode';
import type { StackGuideApi } from '../../../src/vscode/api';
import { activateApi, eventually, readText, workspaceRoot, writeText } from '../helpers';

const settings = () => vscode.workspace.getConfiguration('stackGuide', workspaceRoot());
const ids = (api: StackGuideApi) => new Set(api.checklist().map((item) => item.id));

/** The decision file of one item of the root unit. */
function entryUri(id: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), '.stackguide', 'review', `${id}.yaml`);
}

describe('workspace settings in the real VS Code host', () => {
  let api: StackGuideApi;

  before(async () => {
    api = await activateApi();
    await api.ready();
  });

  describe('stackGuide.profiles.paths', () => {
    after(async () => {
      await settings().update('profiles.paths', undefined, vscode.ConfigurationTarget.Workspace);
    });

    it('without the setting, the team-profiles folder is not read: the built-in Go checklist', () => {
      assert.ok(ids(api).has('go.delivery.logging'));
      assert.ok(!ids(api).has('acme.delivery.readiness'));
    });

    it('naming the folder in the workspace setting loads its profile: an item added, one dropped, the rest kept', async () => {
      await settings().update('profiles.paths', ['team-profiles'], vscode.ConfigurationTarget.Workspace);
      await eventually('the Acme item in the checklist', () => ids(api).has('acme.delivery.readiness'));
      const acme = api.checklist().find((item) => item.id === 'acme.delivery.readiness');
      assert.deepStrictEqual([acme?.ecosystem, acme?.group, acme?.severity, acme?.unit], ['go', 'delivery', 'high', '.']);
      assert.ok(!ids(api).has('go.delivery.logging'), 'the dropped item is gone');
      assert.ok(ids(api).has('go.delivery.timeouts'), 'the other Go items stay');
    });

    it('an item of the team profile can be ticked like any other', async () => {
      await api.setItemState('acme.delivery.readiness', 'done');
      assert.match(await readText(entryUri('acme.delivery.readiness')), /^state: done$/m);
    });

    it('removing the setting restores the built-in profile; the tick stays on disk as an orphan', async () => {
      await settings().update('profiles.paths', undefined, vscode.ConfigurationTarget.Workspace);
      await eventually(
        'the built-in Go checklist back',
        () => ids(api).has('go.delivery.logging') && !ids(api).has('acme.delivery.readiness'),
      );
      assert.ok(
        api.orphans().some((orphan) => orphan.id === 'acme.delivery.readiness' && orphan.state === 'done'),
        'the Acme tick is kept as an orphan',
      );
      assert.match(await readText(entryUri('acme.delivery.readiness')), /^state: done$/m);
    });
  });

  describe('the reviewer recorded with a tick', () => {
    after(async () => {
      await settings().update('reviewer', undefined, vscode.ConfigurationTarget.Global);
    });

    it("with stackGuide.reviewer empty (its default), is the user name in the folder's .git/config", async () => {
      // The launcher's user settings name "Test Reviewer". In this remote (code-server) window VS Code
      // writes a machine-overridable setting to the remote user settings, which cannot remove the
      // launcher's value but override it: the empty string, the default, which means "not set".
      await settings().update('reviewer', '', vscode.ConfigurationTarget.Global);
      await eventually('the reviewer setting to be empty', () => settings().get<string>('reviewer') === '');
      // Written here: git keeps no .git folder inside a fixture.
      await writeText(
        vscode.Uri.joinPath(workspaceRoot(), '.git', 'config'),
        '[core]\n\trepositoryformatversion = 0\n\tbare = false\n[user]\n\temail = ada@example.com\n\tname = Ada Lovelace\n[remote "origin"]\n\turl = https://example.com/settings.git\n',
      );
      await api.setItemState('go.delivery.timeouts', 'done');
      assert.match(await readText(entryUri('go.delivery.timeouts')), /^state: done\nby: Ada Lovelace$/m);
      assert.strictEqual(api.checklist().find((item) => item.id === 'go.delivery.timeouts')?.by, 'Ada Lovelace');
    });

    it('with the setting, is the setting, not the git user name', async () => {
      await settings().update('reviewer', 'Grace Hopper', vscode.ConfigurationTarget.Global);
      await eventually('the reviewer setting', () => settings().get<string>('reviewer') === 'Grace Hopper');
      await api.setItemState('go.quality.race', 'done');
      assert.match(await readText(entryUri('go.quality.race')), /^state: done\nby: Grace Hopper$/m);
      assert.strictEqual(api.checklist().find((item) => item.id === 'go.quality.race')?.by, 'Grace Hopper');
      assert.match(await readText(entryUri('go.delivery.timeouts')), /^by: Ada Lovelace$/m, 'the earlier tick keeps its reviewer');
    });
  });
});
