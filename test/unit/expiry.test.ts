import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseEntry, serializeEntry } from '../../src/core/review/entryFile';
import { defaultUntil, fixedClock, isExpired, parseDay, today } from '../../src/core/review/expiry';
import { cliIn, GO_HIGH } from './cliHelper';
import { makeTree } from './treeHelper';

describe('decisions that expire (until: YYYY-MM-DD, a fixed clock)', () => {
  const clock = fixedClock('2026-03-10T23:59:59Z');

  it('an accepted risk or n/a expires the day after its last day; other states never do', () => {
    assert.strictEqual(today(clock), '2026-03-10');
    assert.strictEqual(isExpired({ state: 'accepted', until: '2026-03-10' }, clock), false, 'the last day still holds');
    assert.strictEqual(isExpired({ state: 'accepted', until: '2026-03-09' }, clock), true);
    assert.strictEqual(isExpired({ state: 'n/a', until: '2025-12-31' }, clock), true);
    assert.strictEqual(isExpired({ state: 'done', until: '2025-12-31' }, clock), false);
    assert.strictEqual(isExpired({ state: 'accepted' }, clock), false);
  });

  it('a default from the severity: 90, 180 and 365 days', () => {
    assert.strictEqual(defaultUntil('high', clock), '2026-06-08');
    assert.strictEqual(defaultUntil('medium', clock), '2026-09-06');
    assert.strictEqual(defaultUntil('low', fixedClock('2028-02-29T12:00:00Z')), '2029-02-28');
    assert.strictEqual(parseDay('2026-02-29'), undefined);
    assert.strictEqual(parseDay('2028-02-29'), '2028-02-29');
    assert.strictEqual(parseDay('2026-1-01'), undefined);
  });

  it('until is written and read back, and a bad one is refused with its line', () => {
    const key = { unit: '.', id: 'go.risks.x' };
    const entry = {
      state: 'accepted' as const,
      by: 'Ana',
      at: '2026-01-01T00:00:00.000Z',
      textHash: '00000000',
      note: 'legacy client',
      owner: 'Bo',
      until: '2026-04-01',
    };
    const text = serializeEntry(key, entry);
    assert.match(text, /\nuntil: "2026-04-01"\n/);
    const parsed = parseEntry(text, 'x.yaml');
    assert.ok(parsed.ok);
    assert.deepStrictEqual(parsed.entry, entry);
    const plain = parseEntry(text.replace('"2026-04-01"', '2026-04-01'), 'x.yaml');
    assert.ok(plain.ok && plain.entry.until === '2026-04-01', 'an unquoted day is text under YAML 1.2');
    const bad = parseEntry(text.replace('"2026-04-01"', '"next spring"'), 'x.yaml');
    assert.ok(!bad.ok);
    assert.strictEqual(bad.error.line, text.split('\n').findIndex((line) => line.startsWith('until:')) + 1);
    assert.match(bad.error.message, /"until" must be a day as YYYY-MM-DD, got "next spring"/);
  });

  it('history counts an accepted risk past its day, at that commit, as expired and open', async function () {
    this.timeout(60_000);
    const dir = makeTree({ 'go.mod': 'module x\n' });
    const git = (date: string, ...args: string[]) =>
      execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
    git('2026-01-01T12:00:00Z', 'init', '-q');
    git('2026-01-01T12:00:00Z', 'config', 'user.name', 'Ana');
    git('2026-01-01T12:00:00Z', 'config', 'user.email', 'ana@example.com');
    const [risk, other] = GO_HIGH.map((item) => item.id);
    assert.strictEqual(
      (await cliIn(dir, 'review', 'set', risk, '.', '--state', 'accepted', '--note', 'legacy client', '--owner', 'Bo', '--by', 'Ana')).code,
      0,
    );
    const file = path.join(dir, '.stackguide/review', `${risk}.yaml`);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('\nowner: Bo\n', '\nowner: Bo\nuntil: "2026-01-03"\n'));
    git('2026-01-02T12:00:00Z', 'add', '-A');
    git('2026-01-02T12:00:00Z', 'commit', '-qm', 'accept until the 3rd');
    assert.strictEqual((await cliIn(dir, 'review', 'set', other, '.', '--state', 'done', '--by', 'Ana')).code, 0);
    git('2026-01-05T12:00:00Z', 'add', '-A');
    git('2026-01-05T12:00:00Z', 'commit', '-qm', 'another tick, after the day');
    const { entries } = JSON.parse((await cliIn(dir, 'history', '.', '--no-evidence')).stdout);
    const pick = (unit: Record<string, number>) => [unit.accepted, unit.expired, unit.done, unit.openHigh];
    assert.deepStrictEqual(pick(entries[0].units[0]), [1, 0, 0, GO_HIGH.length - 1]);
    assert.deepStrictEqual(pick(entries[1].units[0]), [0, 1, 1, GO_HIGH.length - 1]);
  });
});
