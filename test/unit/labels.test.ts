import * as assert from 'assert';
import * as path from 'path';
import Module from 'module';
import type { ChecklistGroup } from '../../src/core/profiles/model';
import { progressText, type ChecklistItem } from '../../src/core/review/checklist';
import * as display from '../../src/core/review/display';
import { englishL10n } from './fakeVscode';

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;

/**
 * The VS Code surfaces word an item through src/labels.ts (vscode.l10n), the CLI, the exports and
 * the page through src/core/review/display.ts. In English the two must say the same thing: a
 * change to one without the other would make the tree and the page disagree.
 */
describe('the tree\'s English wording (src/labels.ts) and the core\'s (display.ts) agree', () => {
  const file = path.join(__dirname, '..', '..', 'src', 'vscode', 'labels.js');
  let labels: typeof import('../../src/vscode/labels');
  const moduleApi = Module as unknown as { _load: Loader };
  const originalLoad = moduleApi._load;

  before(() => {
    moduleApi._load = (request, parent, isMain) => (request === 'vscode' ? { l10n: englishL10n } : originalLoad(request, parent, isMain));
    delete require.cache[file];
    labels = require(file) as typeof import('../../src/vscode/labels');
  });
  after(() => {
    moduleApi._load = originalLoad;
    delete require.cache[file];
  });

  const groups: ChecklistGroup[] = ['delivery', 'risks', 'quality'];
  const states: display.DisplayState[] = ['open', 'done', 'n/a', 'accepted', 'stale'];

  it('group names, what a tick means, the checkbox tooltip and the state names', () => {
    for (const group of groups) {
      const core = display.groupDisplay(group);
      assert.deepStrictEqual([labels.groupLabel(group), labels.tickMeans(group), labels.tickAction(group)], [core.label, core.tickMeans, core.tickAction], group);
      for (const state of states) assert.strictEqual(labels.stateLabel(state, group), display.stateLabel(state, group), `${state} in ${group}`);
    }
    for (const state of states) assert.strictEqual(labels.stateLabel(state), display.stateLabel(state), state);
  });

  it('"done by X on date", with and without a date and an owner', () => {
    const decided = [
      { state: 'done' as const, group: 'delivery' as const, by: 'Ana', at: '2026-11-29T10:00:00Z' },
      { state: 'done' as const, group: 'risks' as const, by: 'Ana' },
      { state: 'accepted' as const, group: 'risks' as const, by: 'Bo', at: '2026-11-20T08:00:00Z', owner: 'Cy' },
      { state: 'accepted' as const, group: 'risks' as const, by: 'Bo', owner: 'Cy' },
      { state: 'open' as const, group: 'quality' as const },
    ];
    for (const item of decided) {
      assert.strictEqual(labels.byText(item), display.byText(item), JSON.stringify(item));
      assert.strictEqual(labels.decisionText(item), display.decisionText(item), JSON.stringify(item));
    }
  });

  it('evidence found, found in several places, missing, not checked and lost', () => {
    const found = { status: 'found' as const, locations: [{ path: '.github/workflows/ci.yml', line: 42 }] };
    const items = [
      { state: 'open' as const },
      { state: 'open' as const, evidence: found },
      { state: 'open' as const, evidence: { status: 'found' as const, locations: [...found.locations, { path: 'Makefile', line: 3 }, { path: 'go.mod' }] } },
      { state: 'open' as const, evidence: { status: 'missing' as const, locations: [] } },
      { state: 'open' as const, evidence: { status: 'not-checked' as const, locations: [], reason: 'the time budget ran out' } },
      { state: 'open' as const, evidence: { status: 'not-checked' as const, locations: [] } },
      { state: 'done' as const, evidence: { status: 'missing' as const, locations: [] }, recordedEvidence: ['go.sum:1'] },
    ];
    for (const item of items) assert.strictEqual(labels.evidenceText(item), display.evidenceText(item), JSON.stringify(item));
  });

  it('progress', () => {
    const item = (state: display.DisplayState) => ({ state }) as ChecklistItem;
    for (const items of [[], [item('open')], [item('done'), item('open'), item('n/a')], [item('accepted'), item('done'), item('open')]]) {
      assert.strictEqual(labels.progressText(items), progressText(items), items.map((entry) => entry.state).join());
    }
  });
});
