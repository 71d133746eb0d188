/**
 * Code probes share the thread (src/core/code/slices.ts): a parse halted into slices resumes into
 * the tree one parse gives, a query searched a range of rows at a time finds what one query finds,
 * the findings of a large file are the same in 2 ms slices as in one go, and a file that a bound
 * stops is "not checked", never "absent".
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadProfiles } from '../../src/core/profiles/loader';
import { checklistItems } from '../../src/core/profiles/model';
import { itemProbe } from '../../src/core/review/checklist';
import { EvidenceReader } from '../../src/core/evidence/evaluate';
import { evaluateCodeItems } from '../../src/core/code/findings';
import type { CodeProbe } from '../../src/core/code/codeProbe';
import { BOUND_HIT, matchesInSlices, type Slicing } from '../../src/core/code/slices';
import { CODE_LIMITS, type CodeLimits } from '../../src/core/limits';
import { Pause } from '../../src/core/timing';
import { nodeSyntax } from '../../src/node/grammars';
import { MemoryFileSystem } from './memoryFileSystem';
import { REPO } from './treeHelper';

const UNSAFE = 'rust.risk.unsafe-review';

function rustProbe(id: string): CodeProbe {
  const profile = loadProfiles([{ file: 'rust.yaml', bytes: fs.readFileSync(path.join(REPO, 'profiles', 'rust.yaml')) }]).profiles[0];
  return itemProbe(
    checklistItems(profile).find((item) => item.id === id)!,
    profile,
  ) as CodeProbe;
}

/** About nine lines of Rust per block: an unsafe block with no SAFETY comment in every tenth function, and test modules with more. */
function largeRust(blocks: number, risky = true): string {
  const parts: string[] = [];
  for (let i = 0; i < blocks; i++) {
    parts.push(`pub fn handler${i}(input: &str) -> Option<String> {
    let parts: Vec<&str> = input.split(',').map(|s| s.trim()).collect();
    let mut out = String::with_capacity(parts.len() * 8);
    for part in &parts {
        out.push_str(&format!("{}-{}", part, ${i}));
    }
    ${risky && i % 10 === 0 ? 'unsafe { out.as_mut_vec().set_len(0) };' : 'out.clear();'}
    Some(out)
}
`);
    if (i % 25 === 0)
      parts.push(`#[cfg(test)]
mod tests${i} {
    #[test]
    fn splits() {
        unsafe { std::hint::unreachable_unchecked() }
    }
}
`);
  }
  return parts.join('\n');
}

/** A slicing that halts every `every` progress callbacks and yields for real between slices. */
function everyNth(every: number): Slicing & { halts: number } {
  let calls = 0;
  const slicing = {
    halts: 0,
    due: () => ++calls % every === 0,
    held: () => 0,
    maxHoldMs: 40,
    next: async () => {
      slicing.halts++;
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    now: Date.now,
  };
  return slicing;
}

const never: Slicing = { due: () => false, held: () => 0, maxHoldMs: 40, next: () => Promise.resolve(), now: Date.now };

describe('code probes in slices', () => {
  const source = largeRust(1000);

  it('a parse halted into many slices, beside another parse, gives the tree one parse gives', async () => {
    const grammar = await nodeSyntax().grammar('rust');
    const other = largeRust(300, false);
    const slicing = everyNth(100);
    // Two parses at once with the same grammar: each keeps its own parser between its slices.
    const [sliced, otherSliced] = await Promise.all([grammar.parse(source, 60_000, slicing), grammar.parse(other, 60_000, everyNth(300))]);
    const whole = await grammar.parse(source, 60_000, never);
    const otherWhole = await grammar.parse(other, 60_000, never);
    assert.ok(sliced !== BOUND_HIT && whole !== BOUND_HIT && otherSliced !== BOUND_HIT && otherWhole !== BOUND_HIT);
    try {
      assert.ok(slicing.halts > 10, `${slicing.halts} slices`);
      assert.strictEqual(sliced.rootNode.hasError, false);
      assert.strictEqual(sliced.rootNode.toString(), whole.rootNode.toString());
      assert.strictEqual(otherSliced.rootNode.toString(), otherWhole.rootNode.toString());
    } finally {
      for (const tree of [sliced, whole, otherSliced, otherWhole]) tree.delete();
    }
  });

  it('a query searched a range of rows at a time finds each node one query finds, and a non-local one runs whole', async () => {
    const grammar = await nodeSyntax().grammar('rust');
    const tree = await grammar.parse(source, 60_000, never);
    assert.ok(tree !== BOUND_HIT);
    try {
      const bounds = { budgetMs: 60_000, matchLimit: 256 };
      const starts = (matches: { captures: { node: { startIndex: number } }[] }[]) =>
        [...new Set(matches.map((match) => match.captures[0].node.startIndex))].sort((a, b) => a - b);
      const local = grammar.query('(unsafe_block) @finding');
      assert.ok(!('error' in local));
      const slicing = everyNth(100);
      const sliced = await matchesInSlices(local, tree.rootNode, bounds, slicing);
      assert.ok(sliced !== BOUND_HIT);
      assert.ok(slicing.halts > 3, `${slicing.halts} slices`);
      const whole = starts(local.matches(tree.rootNode));
      assert.strictEqual(whole.length, 140);
      assert.deepStrictEqual(starts(sliced), whole);
      // The page's testQuery matches sibling sequences, which ranges do not bound: run whole, once.
      const tests = grammar.query(rustProbe(UNSAFE).code.on!.testQuery!);
      assert.ok(!('error' in tests));
      // It halts on the hold since the slice began, not at the end of the slice: a slice always over does not stop it.
      const found = await matchesInSlices(tests, tree.rootNode, bounds, { ...never, due: () => true });
      assert.ok(found !== BOUND_HIT);
      assert.strictEqual(found.length, tests.matches(tree.rootNode).length);
      // One that cannot finish within the hold allowed from the start of a slice is a bound hit.
      const held = await matchesInSlices(tests, tree.rootNode, bounds, { ...never, held: () => 1000 });
      assert.strictEqual(held, BOUND_HIT);
    } finally {
      tree.delete();
    }
  });

  const run = (files: Record<string, string>, pause: Pause, limits: CodeLimits = CODE_LIMITS) =>
    evaluateCodeItems(
      {
        reader: new EvidenceReader(new MemoryFileSystem(files), undefined, nodeSyntax()),
        unitPath: '.',
        nestedUnits: [],
        check: () => undefined,
        pause,
        now: Date.now,
        reads: new Set(),
        limits,
      },
      [{ id: UNSAFE, probe: rustProbe(UNSAFE) }],
    );

  it('finds the same in a large file in 2 ms slices as in one go, test code left out', async () => {
    class CountingPause extends Pause {
      yields = 0;
      now(): Promise<void> {
        if (this.due) this.yields++;
        return super.now();
      }
    }
    const sliced = new CountingPause(2);
    // Small, so the testQuery, which runs whole, finishes within its 40 ms hold on a busy machine.
    const files = { 'src/lib.rs': largeRust(200) };
    const inSlices = (await run(files, sliced)).get(UNSAFE)!;
    const inOneGo = (await run(files, new Pause(1e9))).get(UNSAFE)!;
    assert.ok(sliced.yields > 5, `${sliced.yields} yields`);
    assert.strictEqual(inOneGo.status, 'present', inOneGo.reason);
    assert.strictEqual(inOneGo.total, 20);
    assert.deepStrictEqual(inSlices, inOneGo);
  });

  it('says not checked, naming the file and the bound, when a parse or a query does not finish in its bound', async () => {
    const files = { 'src/lib.rs': largeRust(300, false) };
    assert.strictEqual((await run(files, new Pause())).get(UNSAFE)!.status, 'absent');
    const parse = (await run(files, new Pause(), { ...CODE_LIMITS, parseTimeoutMs: 1 })).get(UNSAFE)!;
    assert.strictEqual(parse.status, 'not-checked');
    assert.match(parse.reason!, /src\/lib\.rs: not parsed within 1 ms/);
    const query = (await run(files, new Pause(), { ...CODE_LIMITS, queryTimeoutMs: 0 })).get(UNSAFE)!;
    assert.strictEqual(query.status, 'not-checked');
    assert.match(query.reason!, /src\/lib\.rs: the page's "testQuery" did not finish within 0 ms/);
  });
});
