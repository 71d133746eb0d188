import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem, NodeWritableFileSystem } from '../../src/node/nodeFileSystem';
import { loadProfiles } from '../../src/core/profiles/loader';
import { checklistItems } from '../../src/core/profiles/model';
import { DEFAULT_LAYOUT, readReview, type EntryKey, type ReviewEntry } from '../../src/core/review/reviewData';
import { serializeEntry } from '../../src/core/review/entryFile';
import { lockPath } from '../../src/core/review/reviewLock';
import { ReviewWriteError, updateEntry } from '../../src/core/review/reviewWriter';
import { makeTree, PROFILES_DIR, REPO } from './treeHelper';

const CLI = path.join(REPO, 'dist', 'cli.js');
const GO_IDS = checklistItems(
  loadProfiles([{ file: 'go.yaml', bytes: fs.readFileSync(path.join(PROFILES_DIR, 'go.yaml')) }]).profiles[0],
).map((item) => item.id);
const LOCK = path.join('.stackguide', 'review.lock');

function run(cwd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const done = (by: string, at: string): ReviewEntry => ({ state: 'done', by, at, textHash: '00000001' });

describe('concurrent review writers (the review lock)', function () {
  this.timeout(120_000);

  it('16 real `review set` processes on a version-1 review all record their decision, and none is lost', async () => {
    // Sixteen Go modules, each its own review unit with an old tick in the version-1 file, and a
    // seventeenth that no process changes. Each process migrates the file: without the lock, one
    // that read it before another's write puts the old tick back over that one's new decision.
    const id = GO_IDS[0];
    const modules = Array.from({ length: 16 }, (_, i) => `m${i}`);
    const tick = (m: string) => [
      `  ${m}:`,
      `    ${id}:`,
      '      state: done',
      '      by: Legacy',
      '      at: "2026-11-01T00:00:00.000Z"',
      '      textHash: "00000001"',
    ];
    const legacy = ['version: 1', 'components:', ...[...modules, 'legacy'].flatMap(tick), ''].join('\n');
    const dir = makeTree({
      ...Object.fromEntries([...modules, 'legacy'].map((m) => [`${m}/go.mod`, `module ${m}\n`])),
      '.stackguide/review.yaml': legacy,
    });
    const results = await Promise.all(
      modules.map((m) => run(dir, ['review', 'set', id, '.', '--unit', m, '--state', 'n/a', '--note', `by ${m}`, '--by', `P-${m}`])),
    );
    results.forEach((result, i) => assert.strictEqual(result.code, 0, `process ${i}: ${result.stderr}`));
    const read = await readReview(new NodeFileSystem(dir), DEFAULT_LAYOUT);
    assert.ok(read.ok, JSON.stringify(read));
    const got = Object.fromEntries(
      read.data.entries.map((stored) => [
        stored.key.unit,
        [stored.entry.state, stored.entry.by, ...(stored.entry.history ?? []).map((past) => past.by)].join(' '),
      ]),
    );
    assert.deepStrictEqual(got, Object.fromEntries([...modules.map((m) => [m, `n/a P-${m}`]), ['legacy', 'done Legacy']]));
    assert.strictEqual(read.data.legacyFile, undefined, 'the version-1 file was migrated once');
    assert.ok(!fs.existsSync(path.join(dir, LOCK)), 'the lock is released');
  });

  it('a write that cannot get the lock in time says so, and writes nothing', async () => {
    const dir = makeTree({ [LOCK]: JSON.stringify({ token: 'other', at: Date.now() }) });
    const key: EntryKey = { unit: '.', id: 'go.a.b' };
    await assert.rejects(
      updateEntry(new NodeWritableFileSystem(dir), DEFAULT_LAYOUT, key, () => done('Ana', '2026-11-29T10:00:00.000Z'), undefined, {
        lock: { waitMs: 300, staleMs: 60_000 },
      }),
      (error: unknown) =>
        error instanceof ReviewWriteError &&
        error.error.file === lockPath(DEFAULT_LAYOUT) &&
        /another Stack Guide write holds the review lock/.test(error.error.message) &&
        /try again/.test(error.error.hint),
    );
    assert.ok(!fs.existsSync(path.join(dir, '.stackguide', 'review')), 'nothing was written');
    assert.ok(fs.existsSync(path.join(dir, LOCK)), "the other writer's lock is left alone");
  });

  it('a stale lock (left by a write that died) is removed by the next write', async () => {
    for (const content of [JSON.stringify({ token: 'dead', at: Date.now() - 61_000 }), '']) {
      const dir = makeTree({ [LOCK]: content });
      let clock = Date.now();
      // An unreadable lock is dated from when it was first seen: the clock moves past the stale age.
      const now = () => (clock += 1000);
      await updateEntry(
        new NodeWritableFileSystem(dir),
        DEFAULT_LAYOUT,
        { unit: '.', id: 'go.a.b' },
        () => done('Ana', '2026-11-29T10:00:00.000Z'),
        undefined,
        { lock: { waitMs: 600_000, staleMs: 60_000 }, now },
      );
      assert.ok(fs.existsSync(path.join(dir, '.stackguide', 'review', 'go.a.b.yaml')));
      assert.ok(!fs.existsSync(path.join(dir, LOCK)));
    }
  });

  it("a folder in the lock's place is reported once it is stale, not thrown as a raw error", async () => {
    const dir = makeTree({ [`${LOCK}/x`]: '' });
    let clock = Date.now();
    await assert.rejects(
      updateEntry(
        new NodeWritableFileSystem(dir),
        DEFAULT_LAYOUT,
        { unit: '.', id: 'go.a.b' },
        () => done('Ana', '2026-11-29T10:00:00.000Z'),
        undefined,
        { lock: { waitMs: 600_000, staleMs: 60_000 }, now: () => (clock += 1000) },
      ),
      (error: unknown) =>
        error instanceof ReviewWriteError && /review lock/.test(error.error.message) && error.error.file === lockPath(DEFAULT_LAYOUT),
    );
  });

  it('never writes over a decision file that changed after it was read (a writer that takes no lock)', async () => {
    const key: EntryKey = { unit: '.', id: 'go.a.b' };
    const file = '.stackguide/review/go.a.b.yaml';
    const dir = makeTree({ [file]: serializeEntry(key, done('Ana', '2026-11-29T10:00:00.000Z')) });
    const inner = new NodeWritableFileSystem(dir);
    const newer = serializeEntry(key, done('Bo', '2026-11-29T12:00:00.000Z'));
    let changed = false;
    const sneaky = Object.assign(Object.create(inner) as NodeWritableFileSystem, {
      // Between the read and the write, another program writes a newer decision.
      async readFile(relativePath: string, options?: { maxBytes?: number }) {
        const bytes = await inner.readFile(relativePath, options);
        if (relativePath === file && !changed) {
          changed = true;
          fs.writeFileSync(path.join(dir, file), newer);
        }
        return bytes;
      },
    });
    await assert.rejects(
      updateEntry(sneaky, DEFAULT_LAYOUT, key, () => done('Cy', '2026-11-29T11:00:00.000Z')),
      (error: unknown) => error instanceof ReviewWriteError && /changed while this decision was being written/.test(error.error.message),
    );
    assert.strictEqual(fs.readFileSync(path.join(dir, file), 'utf8'), newer, 'the newer decision is still there');
  });
});
