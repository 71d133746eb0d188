import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem } from '../../src/node/nodeFileSystem';
import { EVIDENCE_LIMITS } from '../../src/core/limits';
import { EvidenceState, evaluateUnits } from '../../src/core/evidence/checklistEvidence';
import { EvidenceReader } from '../../src/core/evidence/evaluate';
import type { ChecklistUnit } from '../../src/core/review/checklist';
import { cliIn } from './cliHelper';
import { makeTree, PROFILES_DIR } from './treeHelper';
import { loadProfiles } from '../../src/core/profiles/loader';
import { checklistItems } from '../../src/core/profiles/model';

const GO_IDS = checklistItems(
  loadProfiles([{ file: 'go.yaml', bytes: fs.readFileSync(path.join(PROFILES_DIR, 'go.yaml')) }]).profiles[0],
).map((item) => item.id);

/** A unit as evaluateUnits needs it: where it is, and its items' probes. */
function unit(n: number, probe: unknown): ChecklistUnit {
  return { root: 'root', path: `m${n}`, ecosystem: 'go', items: [{ id: 'x.y', probe }] } as unknown as ChecklistUnit;
}

describe('evidence is bounded per run, not only per unit', function () {
  this.timeout(60_000);

  it('`check` with a five-line team profile of key probes over a 1 MB YAML file in 100 units parses the file once per run (it took 1 min 44 s)', async () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: ${i}`).join('\n');
    const ids = GO_IDS.slice(0, 5);
    const team = `schema: 1\nextends: go\nchecklist:\n  evidence:\n${ids.map((id, i) => `    ${id}: { key: "settings.k${i * 1000 + 1}", in: "big.yaml", root: folder }`).join('\n')}\n`;
    const files: Record<string, string> = {
      'big.yaml': `settings:\n${keys}\n${'# padding\n'.repeat(40_000)}`,
      '.stackguide/profiles/acme.yaml': team,
    };
    for (let m = 0; m < 100; m++) files[`m${m}/go.mod`] = `module m${m}\n`;
    const dir = makeTree(files);
    assert.ok(fs.statSync(path.join(dir, 'big.yaml')).size > 900 * 1024);
    const result = await cliIn(dir, 'check', dir, '--format', 'json');
    assert.ok(result.code === 0 || result.code === 1, result.stderr);
    const json = JSON.parse(result.stdout);
    const found = json.components.flatMap((component: { items: { id: string; evidence?: { status: string } }[] }) =>
      component.items.filter((item) => ids.includes(item.id) && item.evidence?.status === 'found'),
    );
    assert.strictEqual(
      found.length,
      500,
      `each of the 100 units found its 5 keys: ${JSON.stringify(json.components[0].items.filter((item: { id: string }) => ids.includes(item.id)).map((item: { evidence?: unknown }) => item.evidence))} ${result.stderr.slice(0, 300)}`,
    );
  });

  it('a manifest is parsed once per run for all the keys of all units, and again in the next run', async () => {
    const reader = new EvidenceReader(
      new NodeFileSystem(makeTree({ 'big.yaml': `settings:\n${Array.from({ length: 1000 }, (_, i) => `  k${i}: ${i}`).join('\n')}\n` })),
    );
    const units = Array.from(
      { length: 10 },
      (_, n) =>
        ({
          ...unit(n, undefined),
          items: [1, 2, 3, 4, 5].map((k) => ({ id: `x.${k}`, probe: { key: `settings.k${k * n}`, in: 'big.yaml', root: 'folder' } })),
        }) as unknown as ChecklistUnit,
    );
    const first = await evaluateUnits(units, () => reader);
    assert.strictEqual(first.get('root\u0000m3\u0000go')?.results.get('x.2')?.status, 'found');
    assert.strictEqual(reader.parses, 1);
    await evaluateUnits(
      units.map(
        (u) =>
          ({
            ...u,
            items: u.items.map((item) => ({
              ...item,
              probe: { ...(item.probe as object), key: `${(item.probe as { key: string }).key}0` },
            })),
          }) as ChecklistUnit,
      ),
      () => reader,
    );
    assert.strictEqual(reader.parses, 2, 'new keys in a new run: the tree was not kept, the file is parsed once more');
  });

  it('what the run\'s budget did not reach is "not checked", with the reason', async () => {
    const reader = new EvidenceReader(new NodeFileSystem(makeTree({ 'go.sum': '' })));
    let clock = 0;
    const now = () => (clock += 100);
    const units = Array.from({ length: 20 }, (_, n) => unit(n, { file: 'go.sum', root: 'folder' }));
    const results = await evaluateUnits(units, () => reader, {
      now,
      limits: { ...EVIDENCE_LIMITS, runBudgetMs: 1000, unitBudgetMs: 1_000_000 },
    });
    const statuses = units.map((u) => results.get(`root\u0000${u.path}\u0000go`)!.results.get('x.y')!);
    assert.strictEqual(statuses[0].status, 'found');
    const skipped = statuses.filter((evidence) => evidence.status === 'not-checked');
    assert.ok(skipped.length > 0 && skipped.length < 20, `${skipped.length} not checked`);
    for (const evidence of skipped) assert.strictEqual(evidence.reason, "the run's time budget of 1000 ms for evidence ran out");
  });

  it('in the extension, units a pass did not reach stay pending for the next pass, which evaluates them', async () => {
    const reader = new EvidenceReader(new NodeFileSystem(makeTree({ 'go.sum': '' })));
    const state = new EvidenceState(() => reader);
    const units = Array.from({ length: 12 }, (_, n) => unit(n, { file: 'go.sum', root: 'folder' }));
    let clock = 0;
    const options = { now: () => (clock += 100), limits: { ...EVIDENCE_LIMITS, runBudgetMs: 800, unitBudgetMs: 1_000_000 } };
    let passes = 0;
    do {
      clock = 0;
      await state.update(units, options);
      passes++;
    } while (state.skippedLastPass && passes < 20);
    assert.ok(passes > 1, 'the budget split the work over passes');
    assert.strictEqual(state.pending(units).length, 0);
    for (const u of units) assert.strictEqual(state.current.get(`root\u0000${u.path}\u0000go`)?.results.get('x.y')?.status, 'found');
  });
});
