import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { fixedClock } from '../../src/core/review/expiry';
import { isOverdue, isUnitFile, parseUnitFile, serializeUnitFile, unitFilePath } from '../../src/core/review/unitFile';
import { DEFAULT_LAYOUT } from '../../src/core/review/reviewData';
import { entryPath } from '../../src/core/review/entryFile';
import { cliAt, GO_HIGH, GO_SERVICE } from './cliHelper';
import { makeTree } from './treeHelper';

const clock = fixedClock('2026-05-10T12:00:00Z');

describe('review-by dates of review units', () => {
  it('a unit file is written and read back; no decision file can have its name', () => {
    const setting = { unit: 'services/api', ecosystem: 'go', reviewBy: '2026-06-30', by: 'Ana', at: '2026-05-01T00:00:00.000Z' };
    const text = serializeUnitFile(setting);
    assert.deepStrictEqual(parseUnitFile(text, 'f.yaml'), { ok: true, setting });
    assert.strictEqual(serializeUnitFile(setting), text, 'the same setting is the same bytes');
    const file = unitFilePath(DEFAULT_LAYOUT, 'services/api', 'go');
    assert.strictEqual(file, '.stackguide/review/services/api/.go.unit.yaml');
    assert.strictEqual(unitFilePath(DEFAULT_LAYOUT, '.', 'go'), '.stackguide/review/.go.unit.yaml');
    assert.ok(isUnitFile(file));
    // A decision whose id or member looks like the name still gets a path that is no unit file.
    assert.ok(!isUnitFile(entryPath(DEFAULT_LAYOUT, { unit: '.', id: '.go.unit' })));
    assert.ok(!isUnitFile(entryPath(DEFAULT_LAYOUT, { unit: 'a', id: 'go.x', member: 'a/.go.unit' })));
  });

  it('a bad date, an unknown key or a conflict is an error at its line and column', () => {
    const good = serializeUnitFile({ unit: '.', ecosystem: 'go', reviewBy: '2026-06-30', by: 'Ana', at: '2026-05-01T00:00:00.000Z' });
    const bad = parseUnitFile(good.replace('2026-06-30', '2026-02-30'), 'u.yaml');
    assert.ok(!bad.ok);
    assert.deepStrictEqual([bad.error.line, bad.error.column], [5, 11]);
    assert.match(bad.error.message, /"reviewBy" must be a day as YYYY-MM-DD, got "2026-02-30"/);
    const unknown = parseUnitFile(`${good}colour: red\n`, 'u.yaml');
    assert.ok(!unknown.ok);
    assert.deepStrictEqual([unknown.error.line, unknown.error.message], [8, 'unknown key "colour"']);
    const conflict = parseUnitFile(`<<<<<<< ours\n${good}=======\n${good}>>>>>>> theirs\n`, 'u.yaml');
    assert.ok(!conflict.ok && conflict.error.line === 1);
    assert.match(conflict.error.message, /merge-conflict markers/);
    assert.strictEqual(conflict.error.conflict, false, 'not offered to Resolve Review Conflict, which merges decisions');
  });

  it('overdue from the day after the review-by day, by the clock given', () => {
    assert.strictEqual(isOverdue('2026-05-10', clock), false, 'the day itself is still in time');
    assert.strictEqual(isOverdue('2026-05-09', clock), true);
    assert.strictEqual(isOverdue(undefined, clock), false);
  });

  it('review set --unit --review-by writes the unit file; check shows it, overdue, in JSON and text, and fails on it only with --fail-on-overdue', async () => {
    const dir = makeTree(GO_SERVICE);
    // Every high item done, so the gate passes and only the overdue flag can fail it.
    for (const item of GO_HIGH) {
      const set = await cliAt(clock, dir, 'review', 'set', item.id, '.', '--state', 'done', '--by', 'Ana');
      assert.strictEqual(set.code, 0, set.stderr);
    }
    const set = await cliAt(clock, dir, 'review', 'set', '--unit', '.', '--review-by', '2026-06-30', '.', '--by', 'Ana');
    assert.strictEqual(set.code, 0, set.stderr);
    assert.strictEqual(set.stdout, 'Go (.): review by 2026-06-30\n');
    const file = path.join(dir, '.stackguide/review/.go.unit.yaml');
    assert.match(fs.readFileSync(file, 'utf8'), /^reviewBy: "2026-06-30"$/m);

    const inTime = await cliAt(clock, dir, 'check', '.', '--format', 'json', '--no-evidence');
    assert.strictEqual(inTime.code, 0, inTime.stderr);
    const unit = JSON.parse(inTime.stdout).components[0];
    assert.deepStrictEqual([unit.reviewBy, unit.overdue], ['2026-06-30', false]);

    const later = fixedClock('2026-07-01T00:00:00Z');
    const json = await cliAt(later, dir, 'check', '.', '--format', 'json', '--no-evidence');
    assert.strictEqual(json.code, 0, 'overdue alone does not fail the gate');
    assert.deepStrictEqual(
      [JSON.parse(json.stdout).components[0].reviewBy, JSON.parse(json.stdout).components[0].overdue],
      ['2026-06-30', true],
    );
    const text = await cliAt(later, dir, 'check', '.', '--no-evidence');
    assert.match(text.stdout, /OVERDUE \(review by 2026-06-30\)/);
    assert.match(text.stdout, /^1 unit\(s\) past their review-by date\.$/m);
    const markdown = await cliAt(later, dir, 'check', '.', '--no-evidence', '--format', 'markdown');
    assert.match(markdown.stdout, /\*\*1 unit past the review-by date:\*\*/);
    const gate = await cliAt(later, dir, 'check', '.', '--no-evidence', '--fail-on-overdue');
    assert.strictEqual(gate.code, 1);
    assert.match(gate.stdout, /past their review-by date \(fails the gate\)/);

    const removed = await cliAt(later, dir, 'review', 'set', '--unit', '.', '--review-by', 'none', '.', '--by', 'Ana');
    assert.strictEqual(removed.code, 0, removed.stderr);
    assert.ok(!fs.existsSync(file));
    const after = await cliAt(later, dir, 'check', '.', '--format', 'json', '--no-evidence');
    assert.strictEqual(JSON.parse(after.stdout).components[0].reviewBy, undefined);
  });

  it('a bad day, a missing --unit or an item flag is a usage error; a broken unit file is named with its line', async () => {
    const dir = makeTree(GO_SERVICE);
    const bad = await cliAt(clock, dir, 'review', 'set', '--unit', '.', '--review-by', '2026-13-01', '.');
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /--review-by must be a day as YYYY-MM-DD/);
    const noUnit = await cliAt(clock, dir, 'review', 'set', '--review-by', '2026-12-01', '.');
    assert.strictEqual(noUnit.code, 2);
    assert.match(noUnit.stderr, /--review-by needs --unit PATH/);
    const mixed = await cliAt(clock, dir, 'review', 'set', '--unit', '.', '--review-by', '2026-12-01', '--state', 'done', '.');
    assert.strictEqual(mixed.code, 2);
    assert.match(mixed.stderr, /takes no --state/);
    const unknown = await cliAt(clock, dir, 'review', 'set', '--unit', 'nowhere', '--review-by', '2026-12-01', '.');
    assert.strictEqual(unknown.code, 2);
    assert.match(unknown.stderr, /no review unit nowhere/);

    fs.mkdirSync(path.join(dir, '.stackguide/review'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, '.stackguide/review/.go.unit.yaml'),
      'version: 2\nunit: .\necosystem: go\nreviewBy: soon\nby: Ana\nat: "2026-01-01T00:00:00Z"\n',
    );
    const broken = await cliAt(clock, dir, 'check', '.', '--no-evidence');
    assert.strictEqual(broken.code, 2);
    assert.match(broken.stderr, /\.go\.unit\.yaml:4:11/);
    assert.match(broken.stderr, /"reviewBy" must be a day as YYYY-MM-DD, got "soon"/);
  });
});
