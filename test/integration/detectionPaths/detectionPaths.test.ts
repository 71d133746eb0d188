import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { buildProductMonorepo } from '../../../bench/synth';
import type { StackGuideApi } from '../../../src/vscode/api';
import { folderConfig } from '../../../src/vscode/config';
import { detectFolder, type DetectOptions, type FolderDetection } from '../../../src/core/detect/detector';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { VscodeFileSystem } from '../../../src/vscode/files/vscodeFileSystem';
import { activateApi, workspaceRoot } from '../helpers';

/**
 * In the editor, local folders are read through Node's fs and other folders through
 * vscode.workspace.fs. Here both read the same local folder: VscodeFileSystem, loaded by this
 * suite outside the extension, has no local disk installed, so it goes through
 * vscode.workspace.fs for everything. Both paths must give the same detection (but for a linked
 * manifest, see throughVscodeFs), in the real host, on the fixture and on a generated monorepo of
 * 100 components; and the extension's own detection must equal what the Node path gives for the
 * workspace folder.
 */
function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test window has a workspace folder');
  return folder;
}

/** The options the extension passes for the workspace folder (maxDepth, files.exclude and its own excludes). */
function extensionOptions(): DetectOptions {
  const folder = workspaceFolder();
  const config = folderConfig(folder);
  return { root: folder.uri.toString(), maxDepth: config.maxDepth, exclude: config.exclude, pinned: config.pinned };
}

/** Detects `relative` (a folder of the workspace, '.' for its root) through both file systems. */
async function bothWays(relative: string, options: DetectOptions): Promise<{ vscodeResult: FolderDetection; nodeResult: FolderDetection }> {
  const parts = relative === '.' ? [] : relative.split('/');
  const uri = parts.length === 0 ? workspaceRoot() : vscode.Uri.joinPath(workspaceRoot(), ...parts);
  const name = workspaceFolder().name;
  const vscodeResult = await detectFolder(new VscodeFileSystem(uri), name, options);
  const nodeResult = await detectFolder(new NodeFileSystem(path.join(workspaceRoot().fsPath, ...parts)), name, options);
  return { vscodeResult, nodeResult };
}

/**
 * What the vscode.workspace.fs path is expected to give: the Node path's answer, except for a
 * manifest reached through a symbolic link. There a link's target cannot be known, so the file is
 * not read (see readUserUri) and its component is still found, from its name, without its content.
 */
function throughVscodeFs(nodeResult: FolderDetection, linkedManifests: string[]): FolderDetection {
  return {
    ...nodeResult,
    components: nodeResult.components.map((component) =>
      linkedManifests.includes(component.path)
        ? { ...component, ecosystems: component.ecosystems.map((match) => ({ ...match, notes: ['package.json could not be parsed'] })) }
        : component,
    ),
  };
}

/** The extension's full detection of the workspace folder, compared with the Node path's. */
async function assertExtensionAgrees(api: StackGuideApi, nodeResult: FolderDetection): Promise<void> {
  const detection = await api.detect();
  assert.strictEqual(detection.folders.length, 1);
  assert.deepStrictEqual(detection.folders[0].components, nodeResult.components, 'components');
  assert.deepStrictEqual(detection.folders[0].workspaces, nodeResult.workspaces, 'build workspaces');
}

describe('detection through vscode.workspace.fs and through Node fs (real VS Code host)', () => {
  let api: StackGuideApi;
  const generated = () => path.join(workspaceRoot().fsPath, 'generated');

  before(async () => {
    api = await activateApi();
    await api.ready();
  });

  after(async function () {
    this.timeout(30_000);
    fs.rmSync(generated(), { recursive: true, force: true });
  });

  it('gives the same result on the fixture through both file systems, and the extension agrees', async () => {
    const { vscodeResult, nodeResult } = await bothWays('.', extensionOptions());
    assert.deepStrictEqual(vscodeResult, nodeResult);
    assert.deepStrictEqual(
      nodeResult.components.map((component) => [component.path, component.ecosystems.map((match) => match.id)]),
      [
        ['.', ['go']],
        ['web', ['typescript']],
      ],
      'the fixture is what the other suites expect, so the comparison is not vacuous',
    );
    await assertExtensionAgrees(api, nodeResult);
  });

  it('gives the same result on a generated monorepo of 100 components and 1,500 files through both file systems', async function () {
    this.timeout(120_000);
    const tree = buildProductMonorepo(generated());
    assert.strictEqual(tree.files, 1500);
    // Where the two file systems could differ: a linked folder, a linked manifest, a dangling link.
    fs.symlinkSync('packages/pkg-00', path.join(generated(), 'linked-pkg'), 'dir');
    fs.mkdirSync(path.join(generated(), 'services', 'alias'));
    fs.symlinkSync('../../packages/pkg-01/package.json', path.join(generated(), 'services', 'alias', 'package.json'));
    fs.mkdirSync(path.join(generated(), 'services', 'broken'));
    fs.symlinkSync('../../nowhere/go.mod', path.join(generated(), 'services', 'broken', 'go.mod'));
    const { vscodeResult, nodeResult } = await bothWays('generated', { root: 'generated' });
    assert.deepStrictEqual(vscodeResult, throughVscodeFs(nodeResult, ['services/alias']));
    assert.strictEqual(
      nodeResult.components.length,
      tree.components + 1,
      'every generated component is found, and the one with a linked package.json',
    );
    assert.ok(nodeResult.components.some((component) => component.path === 'services/alias'));
    assert.deepStrictEqual(nodeResult.skipped, [{ path: 'linked-pkg', reason: 'symbolic link not followed' }]);
    assert.deepStrictEqual(
      nodeResult.workspaces.map((workspace) => `${workspace.kind} ${workspace.root} ${workspace.members.length}`),
      [
        'dotnet dotnet 6',
        'deno edge 4',
        'go-work go 8',
        'gradle jvm 11',
        'maven maven 4',
        'dart mobile 4',
        'pnpm . 23',
        'uv python 9',
        'cargo rust 12',
        'mix umbrella 3',
      ],
    );
    assert.strictEqual(nodeResult.workspaceProblems, undefined);
  });

  it('gives the same result on the workspace folder holding the monorepo, deeper than the default depth, through both file systems', async function () {
    this.timeout(120_000);
    const { vscodeResult, nodeResult } = await bothWays('.', { ...extensionOptions(), maxDepth: 5 });
    assert.deepStrictEqual(vscodeResult, throughVscodeFs(nodeResult, ['generated/services/alias']));
    assert.ok(
      nodeResult.components.some((component) => component.path === 'generated/rust/crates/c11'),
      'the deeper members are reached',
    );
  });

  it('the extension detects in the workspace folder holding the monorepo what the Node path does', async function () {
    this.timeout(120_000);
    // Let the file events of the generation settle; api.detect() reads everything again anyway.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const { vscodeResult, nodeResult } = await bothWays('.', extensionOptions());
    assert.deepStrictEqual(vscodeResult, throughVscodeFs(nodeResult, ['generated/services/alias']));
    assert.ok(nodeResult.components.some((component) => component.path === 'generated/packages/pkg-00'));
    await assertExtensionAgrees(api, nodeResult);
  });

  it('after the monorepo is deleted, the extension again detects what the Node path does', async function () {
    this.timeout(60_000);
    fs.rmSync(generated(), { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const { vscodeResult, nodeResult } = await bothWays('.', extensionOptions());
    assert.deepStrictEqual(vscodeResult, nodeResult);
    assert.strictEqual(nodeResult.components.length, 2);
    await assertExtensionAgrees(api, nodeResult);
  });
});
