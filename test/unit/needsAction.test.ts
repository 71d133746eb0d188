/**
 * "Needs action": a decision that an item was looked at and needs work (with an optional owner and
 * due day), apart from an item nobody has looked at. Through the file format, the writer, the
 * version-1 migration, the merge driver and check's counts.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseEntry, serializeEntry } from '../../src/core/review/entryFile';
import { fixedClock } from '../../src/core/review/expiry';
import { mergeReviewFiles } from '../../src/core/review/mergeReview';
import type { ReviewEntry } from '../../src/core/review/reviewData';
import { parseLegacyReview, textHash } from '../../src/core/review/legacy/legacyFile';
import { aggregate, parseCheckReport } from '../../src/core/aggregate/aggregate';
import { cliAt, GO_HIGH, GO_SERVICE } from './cliHelper';
import { makeTree } from './treeHelper';

const KEY = { unit: '.', id: 'go.risks.unbounded-queues' };
const action: ReviewEntry = {
  state: 'needs-action',
  by: 'Ana',
  at: '2026-03-01T09:00:00.000Z',
  textHash: '0badcafe',
  note: 'bound the job queue',
  owner: 'Bo',
  due: '2026-04-01',
};

describe('needs action: file format, merge and version 1', () => {
  it('is written and read back with its owner and due day; a bad due day is refused at its line', () => {
    const text = serializeEntry(KEY, action);
    assert.match(text, /\nstate: needs-action\n[\s\S]*\nowner: Bo\ndue: "2026-04-01"\n/);
    const back = parseEntry(text, 'x.yaml');
    assert.ok(back.ok);
    assert.deepStrictEqual(back.entry, action);
    const bad = parseEntry(text.replace('"2026-04-01"', '"soon"'), 'x.yaml');
    assert.ok(!bad.ok);
    assert.strictEqual(bad.error.line, text.split('\n').findIndex((line) => line.startsWith('due:')) + 1);
    assert.match(bad.error.message, /"due" must be a day as YYYY-MM-DD, got "soon"/);
    const unknown = parseEntry(text.replace('state: needs-action', 'state: blocked'), 'x.yaml');
    assert.ok(!unknown.ok);
    assert.match(unknown.error.message, /state "blocked" is not one of open, done, n\/a, accepted or needs-action/);
  });

  it('the merge driver keeps a losing needs-action decision, owner and due day included, in the winner’s history', () => {
    const base = serializeEntry(KEY, { state: 'open', by: 'Cy', at: '2026-02-01T09:00:00.000Z', textHash: '0badcafe' });
    const theirs: ReviewEntry = {
      state: 'accepted',
      by: 'Dee',
      at: '2026-03-02T09:00:00.000Z',
      textHash: '0badcafe',
      note: 'internal traffic only',
      owner: 'Dee',
      until: '2026-06-01',
    };
    const merged = mergeReviewFiles(base, serializeEntry(KEY, action), serializeEntry(KEY, theirs), 'x.yaml');
    assert.ok(merged.ok);
    const back = parseEntry(merged.text, 'x.yaml');
    assert.ok(back.ok);
    const { history, ...winner } = back.entry;
    assert.deepStrictEqual(winner, theirs, 'the newer decision wins, with its until day');
    assert.deepStrictEqual(history, [
      { state: 'needs-action', by: 'Ana', at: action.at, note: action.note, owner: 'Bo', due: '2026-04-01', from: 'merge' },
    ]);
    // The other way round: needs action is newer and wins with its due day; the acceptance keeps its until.
    const later = { ...action, at: '2026-03-03T09:00:00.000Z' };
    const again = mergeReviewFiles(base, serializeEntry(KEY, theirs), serializeEntry(KEY, later), 'x.yaml');
    assert.ok(again.ok);
    const parsed = parseEntry(again.text, 'x.yaml');
    assert.ok(parsed.ok);
    assert.deepStrictEqual([parsed.entry.state, parsed.entry.owner, parsed.entry.due], ['needs-action', 'Bo', '2026-04-01']);
    assert.strictEqual(parsed.entry.history?.[0].until, '2026-06-01');
    // A due day changed on one side only is taken from that side.
    const moved = mergeReviewFiles(
      serializeEntry(KEY, action),
      serializeEntry(KEY, action),
      serializeEntry(KEY, { ...action, due: '2026-05-01' }),
      'x.yaml',
    );
    assert.ok(moved.ok);
    assert.match(moved.text, /\ndue: "2026-05-01"\n/);
  });

  it('a version-1 file cannot hold needs action; the reader says where it belongs', () => {
    const text = `version: 1\ncomponents:\n  .:\n    go.risks.x:\n      state: needs-action\n      by: Ana\n      at: "2026-03-01T09:00:00.000Z"\n      textHash: "0badcafe"\n`;
    const parsed = parseLegacyReview(text, '.stackguide/review.yaml');
    assert.ok(!parsed.ok);
    assert.strictEqual(parsed.error.line, 5);
    assert.match(parsed.error.hint, /"needs-action" came with version 2: record it in the review folder/);
  });

  it('review set records it over a version-1 review: the migration keeps the old ticks, later writes keep the action', async function () {
    this.timeout(60_000);
    const [first, second, third] = GO_HIGH;
    const dir = makeTree({
      ...GO_SERVICE,
      '.stackguide/review.yaml': `version: 1\ncomponents:\n  .:\n    ${first.id}:\n      state: done\n      by: Old\n      at: "2026-01-01T09:00:00.000Z"\n      textHash: "${textHash(first.text)}"\n`,
    });
    const clock = fixedClock('2026-03-01T09:00:00Z');
    const set = await cliAt(
      clock,
      dir,
      'review',
      'set',
      second.id,
      '.',
      '--state',
      'needs-action',
      '--owner',
      'Bo',
      '--due',
      '2026-04-01',
      '--note',
      'add it',
      '--by',
      'Ana',
    );
    assert.strictEqual(set.code, 0, set.stderr);
    assert.match(set.stdout, /: needs-action by Ana due 2026-04-01\n/);
    assert.ok(!fs.existsSync(path.join(dir, '.stackguide/review.yaml')), 'the version-1 file was migrated');
    assert.strictEqual((await cliAt(clock, dir, 'review', 'set', third.id, '.', '--state', 'done', '--by', 'Ana')).code, 0);
    const stored = parseEntry(fs.readFileSync(path.join(dir, '.stackguide/review', `${second.id}.yaml`), 'utf8'), 'x.yaml');
    assert.ok(stored.ok);
    assert.deepStrictEqual(
      [stored.entry.state, stored.entry.owner, stored.entry.due, stored.entry.note],
      ['needs-action', 'Bo', '2026-04-01', 'add it'],
    );

    const json = await cliAt(clock, dir, 'check', '.', '--no-evidence', '--format', 'json');
    assert.strictEqual(json.code, 1, 'needs action is open: it fails the gate');
    const report = JSON.parse(json.stdout);
    const items = report.components[0].items as { id: string; state: string; owner?: string; due?: string; stateLabel: string }[];
    const byId = new Map(items.map((item) => [item.id, item]));
    assert.strictEqual(byId.get(first.id)!.state, 'done', 'the version-1 tick survived the migration');
    assert.deepStrictEqual(
      [byId.get(second.id)!.state, byId.get(second.id)!.owner, byId.get(second.id)!.due, byId.get(second.id)!.stateLabel],
      ['needs-action', 'Bo', '2026-04-01', 'needs action'],
    );
    const blocking = report.blocking as { id: string; state: string; owner?: string; due?: string }[];
    assert.deepStrictEqual(
      blocking.find((item) => item.id === second.id),
      { unit: '.', id: second.id, state: 'needs-action', severity: 'high', owner: 'Bo', due: '2026-04-01' },
    );
    assert.ok(
      blocking.some((item) => item.state === 'open'),
      'never-looked-at items are blocking with their own state',
    );

    const text = await cliAt(clock, dir, 'check', '.', '--no-evidence');
    assert.match(text.stdout, /: \d+\/\d+ closed, 1 need action\n/, 'counted apart from the items nobody looked at');
    assert.match(text.stdout, / {2}NEEDS-ACTION \[high\] .*\n {8}needs action \(owner Bo, due 2026-04-01\)\n/);
  });

  it('review set refuses --due on another state and a malformed due day', async () => {
    const dir = makeTree(GO_SERVICE);
    const clock = fixedClock('2026-03-01T09:00:00Z');
    const wrongState = await cliAt(clock, dir, 'review', 'set', GO_HIGH[0].id, '.', '--state', 'done', '--due', '2026-04-01');
    assert.strictEqual(wrongState.code, 2);
    assert.match(wrongState.stderr, /--due is for --state needs-action, not done/);
    const malformed = await cliAt(clock, dir, 'review', 'set', GO_HIGH[0].id, '.', '--state', 'needs-action', '--due', '1 April');
    assert.strictEqual(malformed.code, 2);
    assert.match(malformed.stderr, /--due must be a day as YYYY-MM-DD/);
    const ownerOnDone = await cliAt(clock, dir, 'review', 'set', GO_HIGH[0].id, '.', '--state', 'done', '--owner', 'Bo');
    assert.strictEqual(ownerOnDone.code, 2);
    assert.match(ownerOnDone.stderr, /--owner is for --state accepted or needs-action, not done/);
  });

  it('the organisation report reads a needs-action item as open, not as a state it does not know', () => {
    const items = [
      { id: 'x.a', state: 'needs-action', severity: 'high', text: 'A', owner: 'Bo', due: '2026-04-01' },
      { id: 'x.b', state: 'done', severity: 'high', text: 'B' },
    ];
    const parsed = parseCheckReport(JSON.stringify({ components: [{ folder: 'app', path: '.', ecosystem: 'go', items }] }), 'app.json');
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
    const unit = aggregate([parsed.report]).repositories[0].units[0];
    assert.deepStrictEqual([unit.done, unit.total, unit.openHigh], [1, 2, 1]);
  });
});
