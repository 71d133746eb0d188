import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseEntry, serializeEntry } from '../../src/core/review/entryFile';
import { defaultUntil, fixedClock, isExpired, parseDay, today, type Clock } from '../../src/core/review/expiry';
import { cliAt, cliIn, GO_HIGH, GO_SERVICE } from './cliHelper';
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

describe('check and review set with expiring decisions (a fixed clock)', function () {
  this.timeout(60_000);
  const [risk, ...others] = GO_HIGH.map((item) => item.id);
  const decidedOn = fixedClock('2026-03-01T09:00:00Z');

  /** A Go service whose high items are all done but one, accepted until `until` (none: no expiry). */
  async function reviewed(until?: string): Promise<string> {
    const dir = makeTree(GO_SERVICE);
    for (const id of others)
      assert.strictEqual((await cliAt(decidedOn, dir, 'review', 'set', id, '.', '--state', 'done', '--by', 'Ana')).code, 0);
    const dates = until ? ['--until', until] : [];
    const set = await cliAt(
      decidedOn,
      dir,
      'review',
      'set',
      risk,
      '.',
      '--state',
      'accepted',
      '--note',
      'legacy client',
      '--owner',
      'Bo',
      '--by',
      'Ana',
      ...dates,
    );
    assert.strictEqual(set.code, 0, set.stderr);
    return dir;
  }
  const check = (clock: Clock, dir: string, ...args: string[]) => cliAt(clock, dir, 'check', '.', '--no-evidence', ...args);
  const itemOf = (json: string) =>
    (JSON.parse(json).components[0].items as { id: string; state: string; until?: string; expiredDecision?: string }[]).find(
      (item) => item.id === risk,
    )!;

  it('review set --until writes the day; the decision holds through it and is expired the day after', async () => {
    const dir = await reviewed('2026-03-15');
    const file = fs.readFileSync(path.join(dir, '.stackguide/review', `${risk}.yaml`), 'utf8');
    assert.match(file, /\nstate: accepted\n[\s\S]*\nuntil: "2026-03-15"\n/);
    assert.match(file, /\nat: 2026-03-01T09:00:00.000Z\n/, 'the time of the decision comes from the same clock');

    const lastDay = await check(fixedClock('2026-03-15T23:00:00Z'), dir, '--format', 'json');
    assert.strictEqual(lastDay.code, 0, 'on its last day an accepted risk still holds');
    assert.deepStrictEqual(
      [itemOf(lastDay.stdout).state, itemOf(lastDay.stdout).until, itemOf(lastDay.stdout).expiredDecision],
      ['accepted', '2026-03-15', undefined],
    );
    assert.deepStrictEqual(JSON.parse(lastDay.stdout).expired, []);

    const after = fixedClock('2026-03-16T00:00:00Z');
    const json = await check(after, dir, '--format', 'json');
    assert.strictEqual(json.code, 1, 'an expired accepted risk fails the gate');
    const report = JSON.parse(json.stdout);
    assert.deepStrictEqual(
      [itemOf(json.stdout).state, itemOf(json.stdout).until, itemOf(json.stdout).expiredDecision],
      ['expired', '2026-03-15', 'accepted'],
    );
    assert.deepStrictEqual(
      report.blocking.map((item: { id: string; state: string; until?: string }) => [item.id, item.state, item.until]),
      [[risk, 'expired', '2026-03-15']],
    );
    assert.deepStrictEqual(report.accepted, [], 'no longer an accepted risk');
    assert.deepStrictEqual(
      report.expired.map((item: { id: string }) => item.id),
      [risk],
    );
    assert.strictEqual(report.allowExpired, false);

    const text = await check(after, dir);
    assert.strictEqual(text.code, 1);
    assert.match(text.stdout, /\d+\/\d+ closed, 1 expired\n/, 'counted apart in the summary, not as accepted');
    assert.match(
      text.stdout,
      new RegExp(`  EXPIRED \\[high\\] ${risk.replace(/\./g, '\\.')}: .*\n        expired \\(accepted risk until 2026-03-15\\)\n`),
    );
    const markdown = await check(after, dir, '--format', 'markdown');
    assert.strictEqual(markdown.code, 1);
    assert.match(markdown.stdout, /\*\*expired \(accepted risk until 2026-03-15\)\*\*/);
    assert.match(
      markdown.stdout,
      /- \[ \] .*accepted risk by Ana on 2026-03-01, owner Bo · \*\*expired\*\* \(accepted risk until 2026-03-15\)/,
    );
  });

  it('--allow-expired keeps an expired decision open and listed, but out of the gate', async () => {
    const dir = await reviewed('2026-03-15');
    const after = fixedClock('2026-04-01T12:00:00Z');
    const json = await check(after, dir, '--format', 'json', '--allow-expired');
    assert.strictEqual(json.code, 0);
    const report = JSON.parse(json.stdout);
    assert.strictEqual(itemOf(json.stdout).state, 'expired', 'still expired');
    assert.deepStrictEqual(report.blocking, []);
    assert.deepStrictEqual(
      report.expired.map((item: { id: string; until: string }) => [item.id, item.until]),
      [[risk, '2026-03-15']],
    );
    assert.strictEqual(report.allowExpired, true);
    const text = await check(after, dir, '--allow-expired');
    assert.strictEqual(text.code, 0);
    assert.match(text.stdout, /1 expired decision\(s\) left out of the gate by --allow-expired\.\n/);
    assert.match(text.stdout, / {2}EXPIRED \(allowed\) \[high\] /);
  });

  it('an accepted risk without until never expires', async () => {
    const dir = await reviewed();
    const json = await check(fixedClock('2099-12-31T00:00:00Z'), dir, '--format', 'json');
    assert.strictEqual(json.code, 0);
    assert.deepStrictEqual([itemOf(json.stdout).state, itemOf(json.stdout).until], ['accepted', undefined]);
  });

  it('review set refuses a malformed or past --until, and --until on a state that does not expire', async () => {
    const dir = makeTree(GO_SERVICE);
    const set = (...args: string[]) => cliAt(decidedOn, dir, 'review', 'set', risk, '.', '--by', 'Ana', ...args);
    const bad = await set('--state', 'n/a', '--until', '2026-02-30');
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /--until must be a day as YYYY-MM-DD, got .2026-02-30./);
    const past = await set('--state', 'n/a', '--until', '2026-02-28');
    assert.strictEqual(past.code, 2);
    assert.match(past.stderr, /--until 2026-02-28 is already past \(today is 2026-03-01, UTC\)/);
    const done = await set('--state', 'done', '--until', '2026-12-31');
    assert.strictEqual(done.code, 2);
    assert.match(done.stderr, /--until is for --state accepted or n\/a/);
    assert.ok(!fs.existsSync(path.join(dir, '.stackguide/review')), 'nothing is written');
    const today_ = await set('--state', 'n/a', '--note', 'no HTTP here', '--until', '2026-03-01');
    assert.strictEqual(today_.code, 0, 'today is the last day: allowed');
    assert.match(today_.stdout, /: n\/a by Ana until 2026-03-01\n/);
  });

  it('an n/a decision past its day is expired too, and a new decision without --until clears the day', async () => {
    const dir = makeTree(GO_SERVICE);
    assert.strictEqual(
      (
        await cliAt(
          decidedOn,
          dir,
          'review',
          'set',
          risk,
          '.',
          '--state',
          'n/a',
          '--note',
          'no HTTP',
          '--until',
          '2026-03-02',
          '--by',
          'Ana',
        )
      ).code,
      0,
    );
    const later = fixedClock('2026-03-03T00:00:00Z');
    const expired = await check(later, dir, '--format', 'json', '--min-severity', 'high');
    const item = itemOf(expired.stdout);
    assert.deepStrictEqual([item.state, item.expiredDecision], ['expired', 'n/a']);
    assert.strictEqual((await cliAt(later, dir, 'review', 'set', risk, '.', '--state', 'n/a', '--note', 'no HTTP', '--by', 'Ana')).code, 0);
    const renewed = itemOf((await check(later, dir, '--format', 'json')).stdout);
    assert.deepStrictEqual([renewed.state, renewed.until], ['n/a', undefined]);
  });
});
