import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DetectionCache } from '../../src/core/detect/detectionCache';
import { detectFolder } from '../../src/core/detect/detector';
import type { FileSystem } from '../../src/core/fileSystem';
import { NodeFileSystem } from '../../src/node/nodeFileSystem';
import { makeTree } from './treeHelper';

/** Counts the reads that reach the disk. */
function counting(inner: FileSystem) {
  const reads: string[] = [];
  const fs: FileSystem = {
    readDirectory: (p) => (reads.push(`ls ${p}`), inner.readDirectory(p)),
    readFile: (p) => (reads.push(`cat ${p}`), inner.readFile(p)),
  };
  return { fs, reads };
}

function monorepo(): string {
  const files: Record<string, string> = { 'package.json': '{"private":true,"workspaces":["packages/*"]}', 'pnpm-lock.yaml': '' };
  for (let i = 0; i < 30; i++) files[`packages/p${i}/package.json`] = `{"name":"p${i}","dependencies":{"react":"18"}}`;
  files['services/api/go.mod'] = 'module api';
  return makeTree(files);
}

describe('detection cache (incremental re-detection)', () => {
  it('re-reads only the changed manifest and its folder, and answers as a full run does', async () => {
    const dir = monorepo();
    const { fs: disk, reads } = counting(new NodeFileSystem(dir));
    const cache = new DetectionCache(disk);
    await detectFolder(cache, 'w');
    const firstReads = reads.length;
    assert.ok(firstReads > 30, `the first run reads the tree (${firstReads} reads)`);

    reads.length = 0;
    fs.writeFileSync(path.join(dir, 'packages/p7/package.json'), '{"name":"p7","devDependencies":{"typescript":"5"}}');
    cache.invalidate('packages/p7/package.json');
    const incremental = await detectFolder(cache, 'w');
    assert.deepStrictEqual(reads.sort(), ['cat packages/p7/package.json', 'ls packages/p7']);
    assert.strictEqual(incremental.components.find((c) => c.path === 'packages/p7')?.ecosystems[0].id, 'typescript');
    assert.deepStrictEqual(incremental, await detectFolder(new NodeFileSystem(dir), 'w'), 'the same answer as a full run');
  });

  it('forgets a deleted folder with everything below it, and sees a new one', async () => {
    const dir = monorepo();
    const cache = new DetectionCache(new NodeFileSystem(dir));
    await detectFolder(cache, 'w');
    fs.rmSync(path.join(dir, 'services'), { recursive: true });
    cache.invalidate('services');
    fs.mkdirSync(path.join(dir, 'tools/cli'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'tools/cli/Cargo.toml'), '[package]\nname = "cli"\n');
    cache.invalidate('tools');
    const after = await detectFolder(cache, 'w');
    assert.deepStrictEqual(after, await detectFolder(new NodeFileSystem(dir), 'w'));
    assert.ok(!after.components.some((c) => c.path === 'services/api'));
    assert.ok(after.components.some((c) => c.path === 'tools/cli'));
  });

  it('does not keep a failed read', async () => {
    let fail = true;
    const flaky: FileSystem = {
      readDirectory: async () => {
        if (fail) throw new Error('EBUSY');
        return [];
      },
      readFile: async () => new Uint8Array(),
    };
    const cache = new DetectionCache(flaky);
    await assert.rejects(cache.readDirectory('.'));
    fail = false;
    assert.deepStrictEqual(await cache.readDirectory('.'), []);
  });
});
