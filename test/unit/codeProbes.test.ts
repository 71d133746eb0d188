/**
 * Code probes (src/core/code): every built-in query compiles for each grammar of its page, each
 * query finds exactly the marked lines of its fixture and nothing in the near misses, and the
 * engine keeps its promises: test and generated files are not searched, nested units are theirs,
 * a bound hit or an unparsed file is "not checked", never "absent".
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadProfiles } from '../../src/core/profiles/loader';
import { checklistItems, type Profile } from '../../src/core/profiles/model';
import { itemProbe } from '../../src/core/review/checklist';
import { EvidenceReader, evaluateUnit } from '../../src/core/evidence/evaluate';
import { evaluateCodeItems } from '../../src/core/code/findings';
import { checkProbe, type Probe } from '../../src/core/evidence/probe';
import { checkCodeSection, type CodeProbe } from '../../src/core/code/codeProbe';
import { CODE_LIMITS } from '../../src/core/limits';
import { Pause } from '../../src/core/timing';
import { nodeSyntax, nodeWasmReader } from '../../src/node/grammars';
import { RUNTIME_SCRIPT, SyntaxRuntime } from '../../src/core/code/syntax';
import { MemoryFileSystem } from './memoryFileSystem';
import { cliIn } from './cliHelper';
import { checkReport, gateFails } from '../../src/core/report/model';
import { REPO } from './treeHelper';
import { MARKER, type CodeCase } from './code/codeCase';
import { GO_CASES } from './code/cases.go';
import { RUST_CASES } from './code/cases.rust';
import { PYTHON_CASES } from './code/cases.python';
import { JAVASCRIPT_CASES } from './code/cases.javascript';
import { TYPESCRIPT_CASES } from './code/cases.typescript';
import { JAVA_CASES } from './code/cases.java';
import { CSHARP_CASES } from './code/cases.csharp';
import { RUBY_CASES } from './code/cases.ruby';
import { PHP_CASES } from './code/cases.php';
import { CPP_CASES } from './code/cases.cpp';
import { DENO_CASES } from './code/cases.deno';

const CASES: CodeCase[] = [
  ...GO_CASES,
  ...RUST_CASES,
  ...PYTHON_CASES,
  ...JAVASCRIPT_CASES,
  ...TYPESCRIPT_CASES,
  ...JAVA_CASES,
  ...CSHARP_CASES,
  ...RUBY_CASES,
  ...PHP_CASES,
  ...CPP_CASES,
  ...DENO_CASES,
];

const profiles: Profile[] = loadProfiles(
  fs
    .readdirSync(path.join(REPO, 'profiles'))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => ({ file: name, bytes: fs.readFileSync(path.join(REPO, 'profiles', name)) })),
).profiles;

function probeOf(id: string): { profile: Profile; probe: CodeProbe } {
  for (const profile of profiles) {
    const definition = checklistItems(profile).find((item) => item.id === id);
    if (definition) return { profile, probe: itemProbe(definition, profile) as CodeProbe };
  }
  throw new Error(`no item ${id}`);
}

async function evaluate(
  files: Record<string, string>,
  id: string,
  probe: Probe = probeOf(id).probe,
  unitPath = '.',
  nestedUnits: string[] = [],
) {
  const reader = new EvidenceReader(new MemoryFileSystem(files), undefined, nodeSyntax());
  return (await evaluateUnit(reader, unitPath, [{ id, evidence: probe }], { nestedUnits })).results.get(id)!;
}

const markedLines = (source: string) => source.split('\n').flatMap((line, index) => (line.includes(MARKER) ? [index + 1] : []));

describe('code probes: the built-in queries', () => {
  const coded = profiles.flatMap((profile) =>
    checklistItems(profile).flatMap((definition) => {
      const probe = itemProbe(definition, profile);
      return probe && 'code' in probe && probe.code.query ? [{ profile, id: definition.id, probe: probe }] : [];
    }),
  );

  it('are there, on the pages with a grammar', () => {
    assert.ok(coded.length >= 3, `${coded.length} code probes`);
  });

  it('compile for every grammar of their page (query and unless)', async () => {
    const syntax = nodeSyntax();
    for (const { profile, id, probe } of coded) {
      const grammars = (profile.code?.sources ?? [])
        .map((source) => source.grammar)
        .filter((name) => !probe.code.grammars || probe.code.grammars.includes(name));
      assert.ok(grammars.length > 0, `${id}: no grammar of ${profile.id} is left for it`);
      for (const name of new Set(grammars)) {
        const grammar = await syntax.grammar(name);
        for (const source of [probe.code.query, probe.code.unless].filter((text): text is string => !!text)) {
          const query = grammar.query(source);
          assert.ok(!('error' in query), `${id} on ${name}: ${'error' in query ? query.error : ''}`);
        }
      }
    }
  });

  it("each page's testQuery compiles for every grammar of the page and captures @test", async () => {
    const syntax = nodeSyntax();
    const withTestQuery = profiles.filter((profile) => profile.code?.testQuery);
    assert.ok(
      withTestQuery.some((profile) => profile.id === 'rust'),
      'rust says what its in-file tests are',
    );
    for (const profile of withTestQuery)
      for (const name of new Set(profile.code!.sources!.map((source) => source.grammar))) {
        const query = (await syntax.grammar(name)).query(profile.code!.testQuery!);
        assert.ok(!('error' in query) && query.captureNames.includes('test'), `${profile.id} on ${name}`);
      }
  });

  it('each have a fixture', () => {
    const withCases = new Set(CASES.map((entry) => entry.item));
    assert.deepStrictEqual(
      coded.map(({ id }) => id).filter((id) => !withCases.has(id)),
      [],
    );
  });

  for (const entry of CASES) {
    it(`${entry.item}: finds the marked lines of ${entry.file} and none of the near misses`, async () => {
      const result = await evaluate({ [entry.file]: entry.source }, entry.item);
      const expected = markedLines(entry.source);
      assert.ok(expected.length > 0, 'the fixture marks at least one line');
      assert.strictEqual(result.status, probeOf(entry.item).probe.code.finds === 'evidence' ? 'found' : 'present', result.reason);
      assert.deepStrictEqual(
        result.findings!.map((finding) => finding.line),
        expected,
      );
      assert.strictEqual(result.total, expected.length);
      for (const finding of result.findings!) assert.ok(finding.text.length > 0 && !finding.text.includes('\n'));
    });

    it(`${entry.item}: is absent once the marked lines are gone`, async () => {
      const safe = entry.source
        .split('\n')
        .filter((line) => !line.includes(MARKER))
        .join('\n');
      const result = await evaluate({ [entry.file]: safe }, entry.item);
      assert.strictEqual(result.status, probeOf(entry.item).probe.code.finds === 'evidence' ? 'missing' : 'absent', result.reason);
      assert.match(result.reason!, /in 1 source file$/);
    });
  }
});

describe('code probes: what is searched', () => {
  const risky = 'package main\n\nfunc main() { http.ListenAndServe(":1", nil) }\n';
  const id = 'go.delivery.timeouts';

  it('skips test files, testdata, generated files and dependency folders', async () => {
    const result = await evaluate(
      {
        'main_test.go': risky,
        'testdata/x.go': risky,
        'gen.go': `// Code generated by protoc-gen-go. DO NOT EDIT.\n${risky}`,
        'vendor/x/y.go': risky,
        'node_modules/x/y.go': risky,
        'ok.go': 'package main\n',
      },
      id,
    );
    assert.strictEqual(result.status, 'absent', result.reason);
    // The generated file is read to see its marker; it is no finding.
    assert.match(result.reason!, /in 2 source files$/);
  });

  it('skips TypeScript type tests (*.test-d.ts), as Vitest counts them tests', async () => {
    // vuejs/core's packages-private/dts-test: `{} as any` in type tests is the test, not a leak.
    const result = await evaluate(
      {
        'dts-test/component.test-d.ts': 'const c: Comp = {} as any\n',
        'dts-test/instance.spec-d.tsx': 'const i: Inst = {} as any\n',
        'src/index.ts': 'export const x = 1\n',
      },
      'typescript.risk.any-leakage',
    );
    assert.strictEqual(result.status, 'absent', result.reason);
    assert.match(result.reason!, /in 1 source file$/);
  });

  it('leaves nested units their own files, and searches a unit below the folder from its root', async () => {
    const files = { 'go.mod': '', 'main.go': 'package main\n', 'tools/main.go': risky, 'svc/main.go': risky };
    assert.strictEqual((await evaluate(files, id, undefined, '.', ['tools', 'svc'])).status, 'absent');
    const nested = await evaluate(files, id, undefined, 'tools');
    assert.strictEqual(nested.status, 'present');
    assert.deepStrictEqual(nested.findings, [{ path: 'tools/main.go', line: 3, text: 'func main() { http.ListenAndServe(":1", nil) }' }]);
  });

  it('says not checked, never absent, when a bound stops the search', async () => {
    const files = Object.fromEntries(Array.from({ length: 5 }, (_, index) => [`f${index}.go`, 'package main\n']));
    const run = () => ({
      reader: new EvidenceReader(new MemoryFileSystem(files), undefined, nodeSyntax()),
      unitPath: '.',
      nestedUnits: [],
      check: () => undefined,
      pause: new Pause(),
      now: Date.now,
      reads: new Set<string>(),
    });
    const items = [{ id, probe: probeOf(id).probe }];
    const capped = await evaluateCodeItems({ ...run(), limits: { ...CODE_LIMITS, maxFiles: 3 } }, items);
    assert.strictEqual(capped.get(id)!.status, 'not-checked');
    assert.match(capped.get(id)!.reason!, /more than 3 source files/);
    const large = await evaluateCodeItems({ ...run(), limits: { ...CODE_LIMITS, maxFileBytes: 4 } }, items);
    assert.strictEqual(large.get(id)!.status, 'not-checked');
    assert.match(large.get(id)!.reason!, /5 source files were not searched/);
  });

  it('still reports what it found when another file could not be searched', async () => {
    const result = await evaluateCodeItems(
      {
        reader: new EvidenceReader(
          new MemoryFileSystem({ 'a.go': risky, 'b.go': `${risky}\n// ${'x'.repeat(200)}\n` }),
          undefined,
          nodeSyntax(),
        ),
        unitPath: '.',
        nestedUnits: [],
        check: () => undefined,
        pause: new Pause(),
        now: Date.now,
        reads: new Set(),
        limits: { ...CODE_LIMITS, maxFileBytes: risky.length + 1 },
      },
      [{ id, probe: probeOf(id).probe }],
    );
    assert.strictEqual(result.get(id)!.status, 'present');
    assert.deepStrictEqual(
      result.get(id)!.findings!.map((finding) => finding.path),
      ['a.go'],
    );
  });

  it('reads a changed file again and no other', async () => {
    const files: Record<string, string> = { 'a.go': risky, 'b.go': 'package main\n' };
    const memory = new MemoryFileSystem(files);
    let reads = 0;
    const counting = {
      readDirectory: (dir: string) => memory.readDirectory(dir),
      readFile: (file: string) => (reads++, memory.readFile(file)),
    };
    const reader = new EvidenceReader(counting, undefined, nodeSyntax());
    const probe = probeOf(id).probe;
    assert.strictEqual((await evaluateUnit(reader, '.', [{ id, evidence: probe }])).results.get(id)!.status, 'present');
    assert.strictEqual(reads, 2);
    files['a.go'] = 'package main\n';
    reader.forget('a.go');
    assert.strictEqual((await evaluateUnit(reader, '.', [{ id, evidence: probe }])).results.get(id)!.status, 'absent');
    assert.strictEqual(reads, 3);
  });

  it('says not checked, naming why, when the runtime script is missing, is not the runtime, or asks for a module', async () => {
    const onDisk = nodeWasmReader();
    const cases: [string | undefined, RegExp][] = [
      [undefined, /^the tree-sitter runtime could not be loaded: ENOENT tree-sitter\.js$/],
      ['module.exports = {};', /tree-sitter\.js is not the tree-sitter runtime$/],
      ['require("fs");', /tree-sitter\.js asked for the module "fs"$/],
    ];
    for (const [script, reason] of cases) {
      const syntax = new SyntaxRuntime(async (file) => {
        if (file !== RUNTIME_SCRIPT) return onDisk(file);
        if (script === undefined) throw new Error(`ENOENT ${file}`);
        return new TextEncoder().encode(script);
      });
      const reader = new EvidenceReader(new MemoryFileSystem({ 'a.go': risky }), undefined, syntax);
      const result = (await evaluateUnit(reader, '.', [{ id, evidence: probeOf(id).probe }])).results.get(id)!;
      assert.strictEqual(result.status, 'not-checked', String(script));
      assert.match(result.reason!, reason);
    }
  });

  it("leaves out the page's test code inside a file unless the probe asks for tests, and says when its testQuery does not compile", async () => {
    const { probe } = probeOf('rust.risk.unsafe-review');
    const source = 'fn live() { unsafe { a() } }\n#[cfg(test)]\nmod tests {\n    fn t() { unsafe { b() } }\n}\n';
    const lines = async (code: typeof probe.code) => {
      const result = await evaluate({ 'src/lib.rs': source }, 'rust.risk.unsafe-review', { code });
      return result.status === 'not-checked' ? result.reason : result.findings!.map((finding) => finding.line);
    };
    assert.deepStrictEqual(await lines(probe.code), [1]);
    assert.deepStrictEqual(await lines({ ...probe.code, tests: true }), [1, 4]);
    assert.deepStrictEqual(
      await lines({ ...probe.code, on: { ...probe.code.on, testQuery: '(no_such_node) @test' } }),
      `the page's "testQuery" does not compile for rust: Bad node name 'no_such_node'`,
    );
  });

  it('without a runtime, says so', async () => {
    const reader = new EvidenceReader(new MemoryFileSystem({ 'a.go': risky }));
    const result = (await evaluateUnit(reader, '.', [{ id, evidence: probeOf(id).probe }])).results.get(id)!;
    assert.strictEqual(result.status, 'not-checked');
    assert.match(result.reason!, /no tree-sitter runtime/);
  });
});

describe('code probes: what a profile may say', () => {
  it('rejects #match?, a nested code probe, unknown keys and a missing looksFor', () => {
    const messages = (probe: unknown) => checkProbe(probe).map((issue) => issue.message);
    assert.match(messages({ code: { looksFor: 'x', query: '((identifier) @x (#match? @x "a+"))' } }).join('\n'), /#match\?/);
    assert.match(messages({ any: [{ code: { looksFor: 'x', query: '(identifier) @x' } }] }).join('\n'), /cannot be inside/);
    assert.match(messages({ code: { looksFor: 'x', query: '(identifier) @x', regex: 'a' } }).join('\n'), /unknown key "regex"/);
    assert.match(messages({ code: { query: '(identifier) @x' } }).join('\n'), /looksFor/);
    assert.deepStrictEqual(messages({ code: { looksFor: 'x', query: '(identifier) @x', tests: true } }), []);
    const section = (testQuery: unknown) => checkCodeSection({ sources: [{ grammar: 'rust', files: '**/*.rs' }], testQuery }, ['code']);
    assert.deepStrictEqual(section('(mod_item) @test'), []);
    assert.match(section('(mod_item) @x')[0].message, /capturing the test code as @test/);
    assert.match(section('((identifier) @test (#match? @test "^t"))')[0].message, /"testQuery" uses #match\?/);
  });

  it('reports a query that does not compile as not checked, with the grammar and the reason', async () => {
    const { probe } = probeOf('go.delivery.timeouts');
    const broken = { code: { ...probe.code, query: '(no_such_node) @finding', unless: undefined } };
    const result = await evaluate({ 'a.go': 'package main\n' }, 'go.delivery.timeouts', broken);
    assert.strictEqual(result.status, 'not-checked');
    assert.match(result.reason!, /does not compile for go/);
  });
});

describe('code findings through the review: accepted, then a new one', () => {
  const id = 'go.risk.untrusted-input';
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-findings-'));
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/x\n\ngo 1.26\n');
    fs.writeFileSync(path.join(dir, 'main.go'), 'package main\n\nfunc run(cmd string) {\n\texec.Command("sh", "-c", cmd)\n}\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const json = async (...flags: string[]) => {
    const { stdout } = await cliIn(dir, 'check', '.', '--format', 'json', ...flags);
    return JSON.parse(stdout) as {
      components: {
        items: {
          id: string;
          state: string;
          recordedEvidence?: string[];
          newFindings?: number;
          evidence: { status: string; findings?: unknown[] };
        }[];
      }[];
      newFindings: { id: string; newFindings: number }[];
    };
  };

  it('records the findings an acceptance was made on, and lists a finding that appears later, failing the gate only when asked', async () => {
    const set = await cliIn(
      dir,
      'review',
      'set',
      id,
      '--state',
      'accepted',
      '--note',
      'internal tool, fixed input',
      '--owner',
      'ana',
      '--by',
      'ana',
    );
    assert.strictEqual(set.code, 0, set.stderr);
    let report = await json();
    let item = report.components[0].items.find((entry) => entry.id === id)!;
    assert.strictEqual(item.state, 'accepted');
    assert.deepStrictEqual(item.recordedEvidence, ['main.go:4']);
    assert.strictEqual(item.newFindings, 0);
    assert.deepStrictEqual(report.newFindings, []);

    // Lines above move the recorded one: it is still not new. A second place in another file is.
    fs.writeFileSync(path.join(dir, 'main.go'), 'package main\n\n// moved\n\nfunc run(cmd string) {\n\texec.Command("sh", "-c", cmd)\n}\n');
    fs.writeFileSync(path.join(dir, 'tool.go'), 'package main\n\nfunc tool(cmd string) {\n\texec.Command("bash", "-c", cmd)\n}\n');
    report = await json();
    item = report.components[0].items.find((entry) => entry.id === id)!;
    assert.strictEqual(item.newFindings, 1);
    assert.deepStrictEqual(
      report.newFindings.map((entry) => [entry.id, entry.newFindings]),
      [[id, 1]],
    );
    const text = await cliIn(dir, 'check', '.', '--fail-on-new-findings');
    assert.match(
      text.stdout,
      /NEW {3}\[high\] go\.risk\.untrusted-input: present: 2 places, first at main\.go:6; 1 new since accepted \(fails the gate\)/,
    );
    assert.match(text.stdout, /tool\.go:4 {2}exec\.Command\("bash", "-c", cmd\)/);
    assert.strictEqual(text.code, 1);
  });

  it('fails the gate on new findings alone only with --fail-on-new-findings', async () => {
    const base = {
      units: [],
      orphans: [],
      minSeverity: 'high' as const,
      folder: { root: dir, components: [] } as never,
      locate: (relative: string) => ({ path: relative, relative: true, line: 1 }),
    };
    const item = {
      state: 'accepted',
      evidence: { status: 'present', locations: [], findings: [{ path: 'a.go', line: 1, text: 'x' }], total: 1 },
      recordedEvidence: [],
    };
    const unit = { items: [item] } as never;
    assert.strictEqual(gateFails(checkReport({ ...base, units: [unit] })), false);
    assert.strictEqual(gateFails(checkReport({ ...base, units: [unit], failOnNewFindings: true })), true);
  });
});
