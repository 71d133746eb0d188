import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Detection } from '../../src/core/detect/detector';
import { loadProfiles } from '../../src/core/profiles/loader';
import { blocking, buildChecklist } from '../../src/core/review/checklist';
import { checklistJson, checklistMarkdown } from '../../src/core/review/exportChecklist';
import {
  emptyLegacyReview,
  parseLegacyReview,
  pathInsideFolder,
  serializeLegacyReview,
  textHash,
  withLegacyEntry,
  type LegacyReviewData,
} from '../../src/core/review/legacy/legacyFile';
import type { ReviewData as ReviewState } from '../../src/core/review/reviewData';
import { makeTree, REPO } from './treeHelper';

// The seed page as the Go profile: these tests name its items and quote its texts.
const go = loadProfiles([{ file: 'go.yaml', bytes: fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'seed', 'go-seed.yaml')) }])
  .profiles[0];
const textOf = (id: string) =>
  [...(go.checklist.delivery ?? []), ...(go.checklist.risks ?? []), ...(go.checklist.quality ?? [])].find((i) => i.id === id)!.text;
const tick = (data: LegacyReviewData, id: string, by = 'ana', component = '.') =>
  withLegacyEntry(data, component, id, { state: 'done', by, at: '2026-11-28T10:00:00.000Z', textHash: textHash(textOf(id)) });
const detection: Detection = {
  folders: [
    {
      folder: 'w',
      root: 'w',
      skipped: [],
      workspaces: [],
      components: [{ path: '.', ecosystems: [{ id: 'go', confidence: 0.9, evidence: ['go.mod'] }] }],
    },
  ],
};

/** The same ticks as version-2 entries, one file per decision. */
function asState(data: LegacyReviewData): ReviewState {
  return {
    entries: Object.entries(data.components).flatMap(([unit, items]) =>
      Object.entries(items).map(([id, entry]) => ({ key: { unit, id }, entry, file: `.stackguide/review/${id}.yaml` })),
    ),
  };
}
const reviews = (data: LegacyReviewData) => new Map([['w', asState(data)]]);

function parsedOrFail(text: string): LegacyReviewData {
  const result = parseLegacyReview(text, 'review.yaml');
  if (!result.ok) assert.fail(`${result.error.line}: ${result.error.message}`);
  return result.data;
}

describe('review file', () => {
  it('round-trips, with sorted keys and one block per item', () => {
    let data = tick(emptyLegacyReview(), 'go.quality.race');
    data = tick(data, 'go.delivery.timeouts', 'bo');
    data = withLegacyEntry(data, 'web', 'typescript.delivery.strict', {
      state: 'n/a',
      by: 'cy',
      at: '2026-11-28T11:00:00.000Z',
      note: 'generated: "code"\nonly',
      textHash: 'abcd0123',
    });
    const text = serializeLegacyReview(data);
    assert.deepStrictEqual(parsedOrFail(text), data);
    assert.ok(text.indexOf('go.delivery.timeouts') < text.indexOf('go.quality.race'), 'items sorted');
    assert.ok(text.indexOf('  .:') < text.indexOf('  web:'), 'components sorted');
    assert.strictEqual(serializeLegacyReview(parsedOrFail(text)), text, 'stable output');
  });

  it("lets git merge two reviewers' ticks on different items without conflict", () => {
    const base = serializeLegacyReview(tick(emptyLegacyReview(), 'go.delivery.runtime'));
    const ours = serializeLegacyReview(tick(parsedOrFail(base), 'go.delivery.boundaries', 'ana'));
    const theirs = serializeLegacyReview(tick(parsedOrFail(base), 'go.quality.vuln', 'bo'));
    const dir = makeTree({ 'base.yaml': base, 'ours.yaml': ours, 'theirs.yaml': theirs });
    execFileSync('git', ['merge-file', 'ours.yaml', 'base.yaml', 'theirs.yaml'], { cwd: dir }); // throws on conflict
    const merged = parsedOrFail(fs.readFileSync(path.join(dir, 'ours.yaml'), 'utf8'));
    assert.deepStrictEqual(Object.keys(merged.components['.']).sort(), [
      'go.delivery.boundaries',
      'go.delivery.runtime',
      'go.quality.vuln',
    ]);
  });

  const broken: [string, string, RegExp, number][] = [
    ['merge-conflict markers', 'version: 1\ncomponents:\n<<<<<<< HEAD\n  .: {}\n=======\n>>>>>>> other\n', /merge-conflict markers/, 3],
    ['invalid YAML', 'version: 1\ncomponents: [\n', /invalid YAML/, 3],
    ['an unknown version', 'version: 7\ncomponents: {}\n', /unknown review file version 7/, 1],
    [
      'a wrong state',
      'version: 1\ncomponents:\n  .:\n    go.x:\n      state: maybe\n      by: a\n      at: b\n      textHash: c\n',
      /state "maybe"/,
      5,
    ],
    ['a missing field', 'version: 1\ncomponents:\n  .:\n    go.x:\n      state: done\n      by: a\n      at: b\n', /needs "textHash"/, 5],
    [
      'a number where text belongs',
      'version: 1\ncomponents:\n  .:\n    go.x:\n      state: done\n      by: a\n      at: b\n      textHash: 00000000\n',
      /needs "textHash" as text/,
      8,
    ],
    ['an unknown key', 'version: 1\nitems: {}\n', /unknown key "items"/, 2],
    ['a list instead of a mapping', '- a\n- b\n', /must be a mapping/, 1],
  ];
  for (const [what, text, message, line] of broken) {
    it(`rejects ${what} with its line`, () => {
      const result = parseLegacyReview(text, 'review.yaml');
      assert.strictEqual(result.ok, false);
      if (!result.ok) {
        assert.match(result.error.message, message);
        assert.strictEqual(result.error.line, line);
        assert.ok(result.error.hint.length > 0, 'tells how to fix it');
      }
    });
  }

  it('keeps a configured review path inside its folder', () => {
    assert.strictEqual(pathInsideFolder('.stackguide/review.yaml'), '.stackguide/review.yaml');
    assert.strictEqual(pathInsideFolder('./docs\\review.yaml'), 'docs/review.yaml');
    for (const bad of ['../x.yaml', 'a/../../x.yaml', '/etc/x.yaml', 'C:\\x.yaml', '\\\\server\\x', '', '.'])
      assert.strictEqual(pathInsideFolder(bad), undefined, bad);
  });

  it('reads an empty file as an empty review', () => {
    assert.deepStrictEqual(parsedOrFail(''), emptyLegacyReview());
  });
});

describe('checklist state', () => {
  it('shows ticks, and a tick on a text that has changed as stale', () => {
    let data = tick(emptyLegacyReview(), 'go.delivery.timeouts');
    data = withLegacyEntry(data, '.', 'go.quality.race', { state: 'done', by: 'ana', at: 'x', textHash: textHash('an older wording') });
    const { units } = buildChecklist(detection, [go], reviews(data));
    const items = units[0].items;
    assert.strictEqual(items.find((i) => i.id === 'go.delivery.timeouts')?.state, 'done');
    assert.strictEqual(items.find((i) => i.id === 'go.delivery.timeouts')?.by, 'ana');
    assert.strictEqual(items.find((i) => i.id === 'go.quality.race')?.state, 'stale');
    assert.strictEqual(items.find((i) => i.id === 'go.quality.vuln')?.state, 'open');
  });

  it('keeps entries whose ids no profile defines as orphans', () => {
    const data = withLegacyEntry(tick(emptyLegacyReview(), 'go.delivery.timeouts'), '.', 'go.delivery.removed-check', {
      state: 'done',
      by: 'a',
      at: 'b',
      textHash: 'c',
    });
    const { orphans } = buildChecklist(detection, [go], reviews(data));
    assert.deepStrictEqual(orphans, [
      {
        folder: 'w',
        root: 'w',
        unit: '.',
        id: 'go.delivery.removed-check',
        state: 'done',
        file: '.stackguide/review/go.delivery.removed-check.yaml',
      },
    ]);
  });

  it('blocks on open or stale items at or above the severity', () => {
    const data = tick(emptyLegacyReview(), 'go.delivery.timeouts');
    const items = buildChecklist(detection, [go], reviews(data)).units[0].items;
    const high = blocking(items, 'high').map((i) => i.id);
    assert.ok(!high.includes('go.delivery.timeouts'));
    assert.ok(high.includes('go.delivery.runtime'));
    assert.ok(high.every((id) => items.find((i) => i.id === id)?.severity === 'high'));
    assert.ok(blocking(items, 'low').length > high.length);
  });

  it('exports Markdown ready for a pull request: groups under headings that say what a tick means, who decided, notes, escaped text', () => {
    const data = withLegacyEntry(tick(emptyLegacyReview(), 'go.delivery.timeouts'), '.', 'go.risk.prototype', {
      state: 'n/a',
      by: 'bo',
      at: '2026-11-28T00:00:00Z',
      note: 'internal <tool>',
      textHash: textHash(textOf('go.risk.prototype')),
    });
    const markdown = checklistMarkdown(buildChecklist(detection, [go], reviews(data)).units);
    assert.match(markdown, /^### Go — `\.` \(2\/14\)$/m);
    assert.match(markdown, /^#### Delivery checks \(ticked: the check holds here\)$/m);
    assert.match(markdown, /^#### Risks \(ticked: mitigated, or not present here\)$/m);
    assert.match(markdown, /^#### Quality checks \(ticked: the practice is in place\)$/m);
    assert.ok(
      markdown.indexOf('#### Risks') < markdown.indexOf('Prototype speed') &&
        markdown.indexOf('Prototype speed') < markdown.indexOf('#### Quality'),
      'the risk is listed under Risks',
    );
    assert.match(
      markdown,
      /^- \[x\] Control timeouts, context cancellation, races, handler tests and memory consumption\. — _high_ · done by ana on 2026-11-28$/m,
    );
    assert.match(markdown, /^- \[x\] Prototype speed .* — _medium_ · not applicable by bo on 2026-11-28 · note: internal &lt;tool&gt;$/m);
    assert.match(markdown, /^- \[ \] The test suite runs with the race detector in CI\. — _high_$/m);
  });

  it('says "mitigated" for a done risk, and lists an accepted risk with reason and owner apart from the gate', () => {
    const data = withLegacyEntry(emptyLegacyReview(), '.', 'go.risk.concurrency', {
      state: 'done',
      by: 'ana',
      at: '2026-11-28T00:00:00Z',
      textHash: textHash(textOf('go.risk.concurrency')),
    });
    const state = reviews(data);
    state.get('w')!.entries.push({
      key: { unit: '.', id: 'go.delivery.timeouts' },
      entry: {
        state: 'accepted',
        by: 'bo',
        at: '2026-11-28T00:00:00Z',
        note: 'fixed with the client rewrite in Q3',
        owner: 'platform team',
        textHash: textHash(textOf('go.delivery.timeouts')),
      },
      file: 'x',
    });
    const units = buildChecklist(detection, [go], state).units;
    const markdown = checklistMarkdown(units);
    assert.match(markdown, /^- \[x\] Goroutines are started .* — _high_ · mitigated by ana on 2026-11-28$/m);
    assert.match(
      markdown,
      /^- \[x\] Control timeouts.* — _high_ · accepted risk by bo on 2026-11-28, owner platform team · reason: fixed with the client rewrite in Q3$/m,
    );
    assert.match(markdown, /^### Go — `\.` \(1\/14 · 1 accepted\)$/m);
    const items = units[0].items;
    assert.ok(!blocking(items, 'high').some((item) => item.id === 'go.delivery.timeouts'), 'an accepted risk does not fail the gate');
    const json = checklistJson(units);
    assert.strictEqual(json.components[0].items.find((item) => item.id === 'go.risk.concurrency')?.stateLabel, 'mitigated');
    assert.deepStrictEqual(
      json.groups.map((group) => group.group),
      ['delivery', 'risks', 'quality'],
    );
  });

  it("carries each item's title into the checklist and the JSON; an item without one (the seed page has none) gets its text cut short", () => {
    const builtIn = loadProfiles([{ file: 'go.yaml', bytes: fs.readFileSync(path.join(REPO, 'profiles', 'go.yaml')) }]).profiles[0];
    const [unit] = buildChecklist(detection, [builtIn], new Map()).units;
    const vuln = unit.items.find((item) => item.id === 'go.quality.vuln')!;
    assert.strictEqual(vuln.title, 'CI fails on govulncheck findings');
    assert.ok(vuln.text.length > 100);
    const json = checklistJson([unit]);
    assert.strictEqual(json.components[0].items.find((item) => item.id === 'go.quality.vuln')?.title, 'CI fails on govulncheck findings');
    const seed = checklistJson(buildChecklist(detection, [go], new Map()).units).components[0].items;
    const timeouts = seed.find((item) => item.id === 'go.delivery.timeouts')!;
    assert.strictEqual(
      textOf('go.delivery.timeouts'),
      'Control timeouts, context cancellation, races, handler tests and memory consumption.',
    );
    assert.strictEqual(timeouts.title, 'Control timeouts, context cancellation, races…');
  });
});
