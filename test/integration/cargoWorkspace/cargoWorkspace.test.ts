import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { StackGuideApi } from '../../../src/vscode/api';
import { activateApi, eventually, workspaceRoot } from '../helpers';

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
});
