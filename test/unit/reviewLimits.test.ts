import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem, NodeWritableFileSystem } from '../../src/node/nodeFileSystem';
import { REVIEW_LIMITS, type ReviewLimits } from '../../src/core/limits';
import { parseEntry, serializeEntry } from '../../src/core/review/entryFile';
import { mergeReviewFiles } from '../../src/core/review/mergeReview';
import { DEFAULT_LAYOUT, readReview, type EntryKey, type HistoryEntry, type ReviewEntry } from '../../src/core/review/reviewData';
import { ReviewWriteError, updateEntry } from '../../src/core/review/reviewWriter';
import { makeTree, prng } from './treeHelper';

const AT = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();

/** Every file under a folder with its content: what a refused write must leave exactly as it was. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(root, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return out;
}

function history(count: number, who: string): HistoryEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    state: i % 2 ? 'done' : 'n/a',
    by: `${who}${i}`,
    at: AT(i),
    note: `reason number ${i} given by ${who}`,
  }));
}

describe("the writer and the merge driver keep to the reader's limits (src/core/limits.ts)", function () {
  this.timeout(120_000);

  it('property: whatever the writer accepts, the reader reads with the same limits; what it refuses names the limit and changes nothing (seeded, small limits)', async () => {
    const limits: ReviewLimits = { maxFiles: 8, maxFileBytes: 1500, maxLegacyBytes: 64 * 1024, maxDepth: 4, maxEntries: 24 };
    const random = prng(25);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const word = () => pick(['a', 'b', 'svc', 'crates', 'x y', 'é', '日本', '..', '%', 'CON', 'deep']);
    let accepted = 0;
    let refused = 0;
    for (let trial = 0; trial < 12; trial++) {
      const root = makeTree({ 'README.md': '' });
      const wfs = new NodeWritableFileSystem(root);
      for (let step = 0; step < 25; step++) {
        const unit = random() < 0.2 ? '.' : Array.from({ length: 1 + Math.floor(random() * 5) }, word).join('/');
        const key: EntryKey = { unit, id: `go.${pick(['a', 'b', 'c'])}.${pick(['x', 'y'])}` };
        if (random() < 0.3) key.member = Array.from({ length: 1 + Math.floor(random() * 4) }, word).join('/');
        const entry: ReviewEntry = {
          state: pick(['done', 'n/a', 'open'] as const),
          by: pick(['Ana', 'Bo']),
          at: AT(step),
          textHash: '0000abcd',
        };
        if (random() < 0.5) entry.note = 'n'.repeat(Math.floor(random() * 1600));
        if (random() < 0.3) entry.history = history(Math.floor(random() * 20), 'H');
        const before = snapshot(root);
        try {
          await updateEntry(wfs, DEFAULT_LAYOUT, key, () => entry, undefined, { limits });
          accepted++;
        } catch (error) {
          assert.ok(error instanceof ReviewWriteError, String(error));
          assert.match(error.error.message, /more than the limit of|would not be read back/);
          assert.deepStrictEqual(snapshot(root), before, 'a refused write changes nothing');
          refused++;
        }
        const read = await readReview(new NodeFileSystem(root), DEFAULT_LAYOUT, undefined, limits);
        assert.ok(read.ok, `trial ${trial} step ${step}: the reader refuses what the writer wrote: ${JSON.stringify(read)}`);
      }
    }
    assert.ok(accepted > 20 && refused > 20, `both outcomes are exercised (${accepted} accepted, ${refused} refused)`);
  });

  it('refuses a 480 KB note, naming the 256 KB limit, and writes nothing', async () => {
    const root = makeTree({ 'README.md': '' });
    await assert.rejects(
      updateEntry(new NodeWritableFileSystem(root), DEFAULT_LAYOUT, { unit: '.', id: 'go.a.b' }, () => ({
        state: 'n/a',
        by: 'Ana',
        at: AT(1),
        textHash: '1',
        note: 'x'.repeat(480 * 1024),
      })),
      (error: unknown) =>
        error instanceof ReviewWriteError &&
        /more than the limit of 256\.0 KB|more than the limit of 262144 bytes/.test(error.error.message) &&
        /Shorten its note/.test(error.error.hint),
    );
    assert.deepStrictEqual(fs.readdirSync(path.join(root, '.stackguide')), [], 'no decision file, and the lock is released');
  });

  it('refuses a per-member decision 33 folders down, where the reader stops at 32', async () => {
    const root = makeTree({ 'README.md': '' });
    // The item's folder and 32 of the member's: its file is 33 folders below the review folder.
    const member = Array.from({ length: 33 }, (_, i) => `m${i}`).join('/');
    await assert.rejects(
      updateEntry(new NodeWritableFileSystem(root), DEFAULT_LAYOUT, { unit: '.', id: 'go.a.b', member }, () => ({
        state: 'done',
        by: 'Ana',
        at: AT(1),
        textHash: '1',
      })),
      (error: unknown) =>
        error instanceof ReviewWriteError && /33 folders deep in the review folder, more than the limit of 32/.test(error.error.message),
    );
    assert.deepStrictEqual(fs.readdirSync(path.join(root, '.stackguide')), [], 'no decision file, and the lock is released');
  });

  it('refuses as a whole a migration of 25,000 version-1 ticks (more than 20,000 decision files) and keeps the version-1 file', async () => {
    const lines = ['version: 1', 'components:'];
    for (let c = 0; c < 50; c++) {
      lines.push(`  c${c}:`);
      for (let i = 0; i < 500; i++)
        lines.push(`    go.i.t${i}:`, '      state: done', '      by: Ana', `      at: "${AT(i)}"`, '      textHash: "00000001"');
    }
    const legacy = `${lines.join('\n')}\n`;
    const root = makeTree({ '.stackguide/review.yaml': legacy });
    await assert.rejects(
      updateEntry(new NodeWritableFileSystem(root), DEFAULT_LAYOUT, { unit: '.', id: 'go.a.b' }, () => ({
        state: 'done',
        by: 'Bo',
        at: AT(1),
        textHash: '1',
      })),
      (error: unknown) =>
        error instanceof ReviewWriteError &&
        /moving the version-1 ticks would leave 25001 decision files in the review folder, more than the limit of 20000/.test(
          error.error.message,
        ) &&
        /version-1 file is kept/.test(error.error.hint),
    );
    assert.deepStrictEqual(snapshot(root), { '.stackguide/review.yaml': legacy });
    assert.strictEqual(REVIEW_LIMITS.maxFiles, 20_000);
  });

  it('property: whatever the merge driver accepts, the reader reads; two readable decisions that would merge over the limit are refused', () => {
    const random = prng(3);
    const key: EntryKey = { unit: '.', id: 'go.delivery.timeouts' };
    let refused = 0;
    for (let trial = 0; trial < 16; trial++) {
      const sides = ['Ana', 'Bo'].map((who, i): string => {
        for (let count = Math.floor(random() * 2400); ; count = Math.floor(count * 0.9)) {
          const text = serializeEntry(key, { state: 'done', by: who, at: AT(5000 + i), textHash: '1', history: history(count, who) });
          if (Buffer.byteLength(text) <= REVIEW_LIMITS.maxFileBytes) return text;
        }
      });
      const result = mergeReviewFiles('', sides[0], sides[1], 'x.yaml');
      if (result.ok) {
        assert.ok(Buffer.byteLength(result.text) <= REVIEW_LIMITS.maxFileBytes);
        assert.ok(parseEntry(result.text, 'x.yaml').ok);
      } else {
        assert.match(result.error.message, /the merged decision would be .*, more than the limit of/);
        refused++;
      }
    }
    assert.ok(refused > 0 && refused < 16, `both outcomes are exercised (${refused} refused)`);
  });
});
