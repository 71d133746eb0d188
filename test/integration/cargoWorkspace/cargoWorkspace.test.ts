import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { StackGuideApi } from '../../../src/vscode/api';
import { parseEntry } from '../../../src/core/review/entryFile';
import { activateApi, browserAvailable, eventually, EXTENSION_ID, workbenchShows, workspaceRoot } from '../helpers';

/** Runs git in the workspace copy, with an identity of its own. */
function git(...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Stack Guide Test', '-c', 'user.email=test@example.invalid', '-c', 'init.defaultBranch=main', ...args],
    {
      cwd: workspaceRoot().fsPath,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

function reviewFiles(): string[] {
  const folder = path.join(workspaceRoot().fsPath, '.stackguide', 'review');
  return fs.existsSync(folder) ? fs.readdirSync(folder).sort() : [];
}

const decided = (api: StackGuideApi, id: string) => api.checklist().find((item) => item.id === id && item.state !== 'open');

describe('a Cargo workspace of three crates (real VS Code host)', () => {
  let api: StackGuideApi;

  before(async () => {
    api = await activateApi();
    await api.ready();
  });

  it('shows one Rust review naming its three members, not one per crate', () => {
    const units = api.units().filter((unit) => unit.ecosystem === 'rust');
    assert.deepStrictEqual(
      units.map(({ path: unitPath, members, workspace }) => ({ unitPath, members, workspace })),
      [{ unitPath: '.', members: ['crates/api', 'crates/cli', 'crates/core'], workspace: { kind: 'cargo', manifest: 'Cargo.toml' } }],
    );
    const ids = api
      .checklist()
      .filter((item) => item.ecosystem === 'rust')
      .map((item) => item.id);
    assert.strictEqual(new Set(ids).size, ids.length, 'every check once');
  });

  it('moves the async-runtime item apart, with the manifests that decide it, and counts it in no badge', async () => {
    await api.evidenceReady();
    const asyncItem = api.checklist().find((item) => item.id === 'rust.delivery.async-boundaries');
    assert.strictEqual(asyncItem?.applicability?.status, 'not-applicable', JSON.stringify(asyncItem?.applicability));
    assert.match(asyncItem?.applicability?.reason ?? '', /no async runtime: none of tokio/);
    assert.deepStrictEqual(
      asyncItem?.applicability?.locations.map((location) => location.path),
      ['Cargo.toml', 'crates/api/Cargo.toml', 'crates/cli/Cargo.toml', 'crates/core/Cargo.toml'],
    );
    const lockfile = api.checklist().find((item) => item.id === 'rust.delivery.lockfile');
    assert.strictEqual(lockfile?.applicability?.status, 'applies', 'an item without a condition applies');
  });

  it('reads the version-1 file keyed by crate: no tick is lost, the newest of two wins and the other stays in its history', () => {
    const lockfile = decided(api, 'rust.delivery.lockfile');
    assert.strictEqual(lockfile?.by, 'Bo');
    assert.deepStrictEqual(
      lockfile?.history?.map((entry) => [entry.by, entry.from]),
      [['Ana', 'version 1, component crates/api']],
    );
    const clippy = decided(api, 'rust.quality.clippy');
    assert.strictEqual(clippy?.by, 'Cy');
    assert.strictEqual(clippy?.note, 'clippy runs in the monorepo pipeline');
    assert.deepStrictEqual(api.orphans(), []);
  });

  it('two reviewers tick different checks on two branches; git merges them without conflict and every tick is kept', async function () {
    this.timeout(60_000);
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'base with a version-1 review file');

    git('checkout', '-q', '-b', 'a');
    await api.setItemState('rust.risk.panics', 'done');
    // The first write moves every version-1 tick into the review folder and removes the old file.
    assert.ok(!fs.existsSync(path.join(workspaceRoot().fsPath, '.stackguide', 'review.yaml')), 'the version-1 file is gone');
    assert.deepStrictEqual(reviewFiles(), ['rust.delivery.lockfile.yaml', 'rust.quality.clippy.yaml', 'rust.risk.panics.yaml']);
    git('add', '-A');
    git('commit', '-q', '-m', 'a: panics reviewed');

    git('checkout', '-q', 'main');
    git('checkout', '-q', '-b', 'b');
    await eventually('the checklist to follow the checkout', () => !decided(api, 'rust.risk.panics'));
    await api.setItemState('rust.delivery.toolchain', 'done');
    git('add', '-A');
    git('commit', '-q', '-m', 'b: toolchain reviewed');

    git('merge', '-q', '--no-edit', 'a'); // throws on a conflict
    assert.strictEqual(git('status', '--porcelain'), '', 'a clean merge');
    for (const id of ['rust.risk.panics', 'rust.delivery.toolchain', 'rust.delivery.lockfile', 'rust.quality.clippy']) {
      await eventually(`${id} decided after the merge`, () => decided(api, id));
    }
    assert.strictEqual(decided(api, 'rust.delivery.lockfile')?.history?.length, 1, 'the history came through the merge once');
  });

  it('Applies Anyway on a row of the n/a group writes the mark to its decision file; the CLI reads it back; the undo puts it back', async function () {
    this.timeout(90_000);
    const id = 'rust.delivery.async-boundaries';
    const file = path.join(workspaceRoot().fsPath, '.stackguide', 'review', `${id}.yaml`);
    const asyncItem = () => api.checklist().find((item) => item.id === id)!;
    const apart = () => api.checklist().filter((item) => item.ecosystem === 'rust' && item.applicability?.status === 'not-applicable');
    // What the CLI a CI job runs makes of the review folder the editor wrote.
    const cliItem = () => {
      const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
      const run = spawnSync(
        process.execPath,
        [cli, 'check', workspaceRoot().fsPath, '--format', 'json', '--no-evidence', '--min-severity', 'low'],
        {
          encoding: 'utf8',
          env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        },
      );
      assert.ok(run.stdout, `check printed nothing: ${run.stderr}`);
      const report = JSON.parse(run.stdout) as {
        components: { ecosystem: string; items: { id: string; applicability: { status: string; reason?: string } }[] }[];
        blocking: { id: string }[];
        notApplicable: { id: string }[];
      };
      const item = report.components.find((unit) => unit.ecosystem === 'rust')!.items.find((candidate) => candidate.id === id)!;
      return {
        item,
        blocking: report.blocking.some((entry) => entry.id === id),
        apart: report.notApplicable.some((entry) => entry.id === id),
      };
    };
    await api.evidenceReady();
    assert.strictEqual(asyncItem().applicability?.status, 'not-applicable');
    const before = apart().length;
    if (browserAvailable()) {
      await vscode.commands.executeCommand('stackGuide.showChecklist');
      assert.ok(await workbenchShows(`Not applicable here (${before})`), 'the n/a group shows in the Review Checklist');
    }

    // The context-menu command, on the row as the tree hands it over.
    await vscode.commands.executeCommand('stackGuide.markAppliesAnyway', { kind: 'item', item: asyncItem() });
    await eventually('the item to apply', () => asyncItem().applicability?.status === 'applies');
    assert.match(
      asyncItem().applicability?.reason ?? '',
      /^marked applies anyway by .+ on \d{4}-\d\d-\d\d \(its condition: no async runtime/,
    );
    assert.strictEqual(apart().length, before - 1, 'it left the n/a group');
    const stored = parseEntry(fs.readFileSync(file, 'utf8'), file);
    assert.ok(stored.ok, stored.ok ? '' : stored.error.message);
    assert.strictEqual(stored.entry.state, 'open', 'never decided: an open entry carries the mark');
    assert.ok(stored.entry.appliesAnyway?.by, 'who marked it');
    assert.ok(!Number.isNaN(Date.parse(stored.entry.appliesAnyway?.at ?? '')), 'and when');
    if (browserAvailable() && before > 1)
      assert.ok(await workbenchShows(`Not applicable here (${before - 1})`), 'the tree counts one item fewer apart');
    const marked = cliItem();
    assert.strictEqual(marked.item.applicability.status, 'applies', JSON.stringify(marked.item.applicability));
    assert.match(marked.item.applicability.reason ?? '', /^marked applies anyway by /);
    assert.ok(marked.blocking && !marked.apart, 'open and applying: it fails the gate');

    await vscode.commands.executeCommand('stackGuide.clearAppliesAnyway', { kind: 'item', item: asyncItem() });
    await eventually('the item to be not applicable again', () => asyncItem().applicability?.status === 'not-applicable');
    assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /appliesAnyway/);
    const undone = cliItem();
    assert.strictEqual(undone.item.applicability.status, 'not-applicable');
    assert.ok(undone.apart && !undone.blocking);
  });
});
