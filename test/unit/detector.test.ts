import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { detectFolder, detectedEcosystems, type FolderDetection } from '../../src/core/detect/detector';
import { CancelledError, type FileSystem } from '../../src/core/fileSystem';
import { NodeFileSystem } from '../../src/node/nodeFileSystem';
import { makeTree } from './treeHelper';

async function detect(files: Record<string, string>, options = {}): Promise<FolderDetection> {
  const root = makeTree(files);
  return detectFolder(new NodeFileSystem(root), 'fixture', options);
}

function summary(result: FolderDetection): Record<string, string[]> {
  return Object.fromEntries(
    result.components.map((component) => [component.path, component.ecosystems.filter((m) => m.confidence >= 0.5).map((m) => m.id)]),
  );
}

describe('detection', () => {
  const markers: [string, Record<string, string>][] = [
    ['go', { 'go.mod': 'module x' }],
    ['go', { 'go.work': 'go 1.22' }],
    ['typescript', { 'package.json': '{"dependencies":{"express":"4"}}', 'tsconfig.json': '{}' }],
    ['javascript', { 'package.json': '{"dependencies":{"express":"4"}}' }],
    ['python', { 'pyproject.toml': '[project]' }],
    ['python', { 'requirements.txt': 'flask' }],
    ['python', { 'setup.py': '' }],
    ['python', { Pipfile: '' }],
    ['rust', { 'Cargo.toml': '[package]' }],
    ['java', { 'pom.xml': '<project/>' }],
    ['java', { 'build.gradle': "plugins { id 'java' }" }],
    ['kotlin', { 'build.gradle.kts': 'plugins { kotlin("jvm") version "2.0.0" }' }],
    ['csharp', { 'Orders.csproj': '<Project/>' }],
    ['csharp', { 'Orders.sln': '' }],
    ['php', { 'composer.json': '{}' }],
    ['ruby', { Gemfile: "source 'https://rubygems.org'" }],
    ['elixir', { 'mix.exs': 'defmodule X.MixProject do end' }],
    ['swift', { 'Package.swift': '// swift-tools-version:5.9' }],
    ['dart', { 'pubspec.yaml': 'name: x' }],
    ['cpp', { 'CMakeLists.txt': 'project(x CXX)' }],
    ['scala', { 'build.sbt': 'scalaVersion := "3.4.0"' }],
    ['deno', { 'deno.json': '{}' }],
    ['deno', { 'deno.jsonc': '{}' }],
  ];
  for (const [id, files] of markers) {
    it(`detects ${id} from ${Object.keys(files).join(' + ')}`, async () => {
      assert.deepStrictEqual(summary(await detect(files)), { '.': [id] });
    });
  }

  it('finds a Go service with a TypeScript front end in web/', async () => {
    const result = await detect({
      'go.mod': 'module x',
      'main.go': '',
      'web/package.json': '{"dependencies":{"react":"18"}}',
      'web/tsconfig.json': '{}',
    });
    assert.deepStrictEqual(summary(result), { '.': ['go'], web: ['typescript'] });
    assert.deepStrictEqual(result.components[0].ecosystems[0].evidence, ['go.mod', 'main.go']);
  });

  it('keeps a tooling-only package.json in a Python repo below the threshold', async () => {
    const result = await detect({
      'pyproject.toml': '[project]',
      'package.json': JSON.stringify({ devDependencies: { prettier: '3', husky: '9', 'lint-staged': '15', '@commitlint/cli': '19' } }),
    });
    assert.deepStrictEqual(summary(result), { '.': ['python'] });
    const js = result.components[0].ecosystems.find((m) => m.id === 'javascript');
    assert.ok(js && js.confidence < 0.5);
    assert.match(js.notes?.join() ?? '', /tooling-only/);
  });

  it('never counts manifests inside node_modules, vendor, target or .venv', async () => {
    const result = await detect({
      'go.mod': 'module x',
      'node_modules/a/go.mod': '',
      'node_modules/a/Cargo.toml': '',
      'vendor/b/go.mod': '',
      'target/debug/Cargo.toml': '',
      '.venv/lib/pyproject.toml': '',
      'dist/package.json': '{}',
    });
    assert.deepStrictEqual(summary(result), { '.': ['go'] });
  });

  it('finds every crate of a Rust workspace as its own component', async () => {
    const result = await detect({
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]',
      'Cargo.lock': '',
      'crates/core/Cargo.toml': '[package]',
      'crates/cli/Cargo.toml': '[package]',
    });
    assert.deepStrictEqual(summary(result), { '.': ['rust'], 'crates/cli': ['rust'], 'crates/core': ['rust'] });
    assert.strictEqual(result.components[0].ecosystems[0].confidence, 0.95);
  });

  it('tells Kotlin from Java in a Groovy Gradle build by reading it', async () => {
    const result = await detect({ 'build.gradle': "plugins { id 'org.jetbrains.kotlin.jvm' version '2.0.0' }" });
    assert.deepStrictEqual(summary(result), { '.': ['kotlin'] });
  });

  it('notes a Flutter app from pubspec.yaml', async () => {
    const result = await detect({ 'pubspec.yaml': 'name: app\ndependencies:\n  flutter:\n    sdk: flutter\n' });
    assert.deepStrictEqual(result.components[0].ecosystems[0].notes, ['Flutter app']);
  });

  it('stops at the depth bound', async () => {
    const files = { 'a/b/c/d/go.mod': 'module deep', 'a/go.mod': 'module shallow' };
    assert.deepStrictEqual(Object.keys(summary(await detect(files))), ['a']);
    assert.deepStrictEqual(Object.keys(summary(await detect(files, { maxDepth: 4 }))), ['a', 'a/b/c/d']);
  });

  it('skips folders matched by exclude globs and says so', async () => {
    const result = await detect({ 'go.mod': '', 'examples/demo/Cargo.toml': '', 'tools/Cargo.toml': '' }, { exclude: ['**/examples'] });
    assert.deepStrictEqual(summary(result), { '.': ['go'], tools: ['rust'] });
    assert.deepStrictEqual(result.skipped, [{ path: 'examples', reason: 'excluded by settings' }]);
  });

  it('does not follow a symbolic-link loop, and reports it', async () => {
    const root = makeTree({ 'go.mod': '', 'pkg/a.go': '' });
    fs.symlinkSync(root, path.join(root, 'pkg', 'loop'));
    const result = await detectFolder(new NodeFileSystem(root), 'x');
    assert.deepStrictEqual(summary(result), { '.': ['go'] });
    assert.deepStrictEqual(result.skipped, [{ path: 'pkg/loop', reason: 'symbolic link not followed' }]);
  });

  it('skips a folder that cannot be listed instead of failing', async () => {
    const inner = new NodeFileSystem(makeTree({ 'go.mod': '', 'secret/Cargo.toml': '' }));
    const fsWithLockedFolder: FileSystem = {
      readDirectory: (p) =>
        p === 'secret' ? Promise.reject(Object.assign(new Error('denied'), { code: 'EACCES' })) : inner.readDirectory(p),
      readFile: (p) => inner.readFile(p),
    };
    const result = await detectFolder(fsWithLockedFolder, 'x');
    assert.deepStrictEqual(summary(result), { '.': ['go'] });
    assert.deepStrictEqual(result.skipped, [{ path: 'secret', reason: 'cannot be listed (EACCES)' }]);
  });

  it('lists each folder once and reads only manifests that need reading', async () => {
    const inner = new NodeFileSystem(
      makeTree({ 'go.mod': '', 'go.sum': '', 'web/package.json': '{}', 'web/src/a.ts': '', 'docs/x.md': '' }),
    );
    const listed: string[] = [];
    const read: string[] = [];
    await detectFolder(
      { readDirectory: (p) => (listed.push(p), inner.readDirectory(p)), readFile: (p) => (read.push(p), inner.readFile(p)) },
      'x',
    );
    assert.deepStrictEqual(listed.sort(), ['.', 'docs', 'web', 'web/src']);
    assert.deepStrictEqual(read, ['web/package.json']);
  });

  it('uses pinned ecosystems instead of detecting', async () => {
    const result = await detect({ 'go.mod': '' }, { pinned: ['rust'] });
    assert.deepStrictEqual(summary(result), { '.': ['rust'] });
    assert.strictEqual(result.pinned, true);
  });

  it('stops when cancelled', async () => {
    await assert.rejects(detect({ 'go.mod': '' }, { token: { isCancellationRequested: true } }), CancelledError);
  });

  it('orders detected ecosystems across folders by confidence', () => {
    const ids = detectedEcosystems({
      folders: [
        {
          folder: 'a',
          root: 'a',
          skipped: [],
          workspaces: [],
          components: [
            {
              path: '.',
              ecosystems: [
                { id: 'javascript', confidence: 0.3, evidence: [] },
                { id: 'python', confidence: 0.7, evidence: [] },
              ],
            },
          ],
        },
        {
          folder: 'b',
          root: 'b',
          skipped: [],
          workspaces: [],
          components: [{ path: '.', ecosystems: [{ id: 'go', confidence: 0.95, evidence: [] }] }],
        },
      ],
    });
    assert.deepStrictEqual(ids, ['go', 'python']);
  });
});
