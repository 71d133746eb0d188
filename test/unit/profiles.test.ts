import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { loadProfiles, MAX_PROFILE_BYTES, type ProfileSource } from '../../src/core/profiles/loader';
import { adoptionSeries, checklistItems, SECTION_KEYS, type Profile } from '../../src/core/profiles/model';
import { findRepeatedSentences } from '../../src/core/profiles/originality';
import { PROFILES_DIR, REPO } from './treeHelper';

const ECOSYSTEMS = [
  'go',
  'typescript',
  'javascript',
  'python',
  'rust',
  'java',
  'kotlin',
  'csharp',
  'php',
  'ruby',
  'elixir',
  'swift',
  'dart',
  'cpp',
  'scala',
  'deno',
];
// The page the Go profile was written from (a copy of shared/seed/000_72e6625e3c163e59.txt).
const SEED = path.join(REPO, 'test', 'fixtures', 'seed', 'go-page.txt');
// That page as a profile: the renderer must show every block of it. The shipped go.yaml has its own checks.
const SEED_PROFILE = path.join(REPO, 'test', 'fixtures', 'seed', 'go-seed.yaml');

function builtIns(): { profiles: Profile[]; problems: unknown[] } {
  const sources = fs.readdirSync(PROFILES_DIR).map((name) => ({ file: name, bytes: fs.readFileSync(path.join(PROFILES_DIR, name)) }));
  return loadProfiles(sources);
}

const source = (file: string, text: string): ProfileSource => ({ file, bytes: new TextEncoder().encode(text) });
const goText = () => fs.readFileSync(SEED_PROFILE, 'utf8');
function problemsOf(text: string, file = 'team.yaml') {
  return loadProfiles([source(file, text)]).problems.map((p) => `${p.line}:${p.column} ${p.message}`);
}

describe('built-in profiles', () => {
  const { profiles, problems } = builtIns();

  it('all validate, one per ecosystem id', () => {
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(profiles.map((p) => p.id).sort(), [...ECOSYSTEMS].sort());
  });

  for (const id of ECOSYSTEMS) {
    it(`${id} has every block and the minimum content`, () => {
      const profile = profiles.find((p) => p.id === id)!;
      assert.ok(profile.signals.length >= 6, 'at least 6 signals');
      assert.ok((profile.checklist.delivery ?? []).length >= 4, 'at least 4 delivery checks');
      assert.ok((profile.checklist.risks ?? []).length >= 3, 'at least 3 risks');
      assert.ok((profile.checklist.quality ?? []).length >= 3, 'at least 3 quality checks');
      // The index is computed from sourced values only: each point is its year's survey value, rounded.
      const sourced = profile.adoption.sources?.stackoverflow ?? {};
      assert.ok(Object.keys(sourced).length >= 2, 'at least two sourced years');
      assert.deepStrictEqual(
        adoptionSeries(profile),
        Object.keys(sourced)
          .sort()
          .map((year) => ({ year: Number(year), value: Math.round(sourced[year].value) })),
      );
      assert.match(profile.adoption.method, /^Index = the share of professional developers/);
      for (const key of SECTION_KEYS) assert.ok(profile.sections[key].body.length >= 3, `${key} has a body`);
      for (const item of checklistItems(profile)) assert.ok(item.id.startsWith(`${id}.`), `${item.id} is namespaced by its ecosystem`);
    });
  }

  it('the seed profile carries the seed page: its text, signals and current point', () => {
    const seed = fs.readFileSync(SEED, 'utf8');
    const go = loadProfiles([source('go-seed.yaml', goText())]).profiles[0];
    const seedLines = new Set(seed.split('\n').map((line) => line.trim()));
    for (const key of SECTION_KEYS) {
      const section = go.sections[key];
      for (const text of [section.title, section.lead, ...section.body]) assert.ok(seedLines.has(text), `seed has "${text}"`);
    }
    assert.ok(seedLines.has(go.summary));
    assert.ok(seed.includes(go.expertPosition));
    assert.ok(seed.includes(go.adoption.meaning));
    assert.ok(seedLines.has(go.adoption.method));
    assert.deepStrictEqual(
      go.signals.map((s) => s.name),
      ['Services', 'Goroutines', 'CLI', 'HTTP', 'Binary', 'Observability'],
    );
    const series = adoptionSeries(go);
    assert.deepStrictEqual(series[series.length - 1], { year: 2026, value: 61 });
    assert.ok(
      series.every((point, i) => i === 0 || point.value > series[i - 1].value),
      'growth since 2020',
    );
    // The seed's delivery-check block, line for line.
    const block = seed.slice(seed.indexOf('What must be visible in a credible implementation'), seed.indexOf('Senior review'));
    const expected = block
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .slice(1);
    assert.deepStrictEqual(
      (go.checklist.delivery ?? []).map((item) => item.text),
      expected,
    );
  });

  it("no profile repeats another one's sentences with only the name changed", () => {
    assert.deepStrictEqual(findRepeatedSentences(profiles), []);
  });

  it('the repeat check catches a profile cloned from Go with the name swapped', () => {
    const go = loadProfiles([source('go-seed.yaml', goText())]).profiles[0];
    const clone = JSON.parse(JSON.stringify(go).split('Go').join('Zig').split('go.').join('zig.')) as Profile;
    clone.id = 'zig';
    const repeats = findRepeatedSentences([go, clone]);
    assert.ok(repeats.length > 10, `found ${repeats.length} repeats`);
    assert.ok(repeats.some((r) => r.sentence.includes('<name> should be understood through its concrete product role')));
  });
});

describe('profile validation', () => {
  it('reports an unknown key with its position', () => {
    assert.deepStrictEqual(problemsOf(goText().replace('summary:', 'sumary:')), [
      '9:1 unknown key "sumary" in the document; expected one of: schema, id, extends, name, breadcrumb, summary, technicalReading, focus, expertPosition, reviewed, signals, adoption, sections, checklist, discussion, code, facts',
      '5:1 the document is missing required key "summary"',
    ]);
  });

  it('reports a missing required field at the mapping that lacks it', () => {
    const text = goText().replace(/ {4}lead: Go should be understood.*\n/, '');
    assert.deepStrictEqual(problemsOf(text), ['47:5 sections.role is missing required key "lead"']);
  });

  it('reports a wrong type', () => {
    assert.deepStrictEqual(
      problemsOf(goText().replace('breadcrumb: [Backend Systems, Backend, Engineering stack]', 'breadcrumb: Backend')),
      ['8:13 breadcrumb must be a list'],
    );
  });

  it('reports a year out of range and a value outside 0-100', () => {
    const text = goText().replace('    2020: 43', '    2019: 43').replace('    2026: 61', '    2026: 161');
    assert.deepStrictEqual(problemsOf(text), [
      '33:5 unknown key "2019" in adoption.points (expected a year from 2020 to 2026)',
      '39:11 adoption.points.2026 is 161, outside 0–100',
    ]);
  });

  it('reports a bad severity and a non-https link', () => {
    const text = goText()
      .replace('      severity: low\n  risks:', '      severity: urgent\n  risks:')
      .replace('https://go.dev/blog/go1.13-errors', 'javascript:alert(1)');
    const problems = problemsOf(text);
    assert.strictEqual(problems.length, 2);
    assert.match(problems[0], /^\d+:17 checklist\.delivery\[5\]\.severity must be one of "high", "medium", "low"$/);
    assert.match(problems[1], /^\d+:11 checklist\.risks\[3\]\.links\[0\] "javascript:alert\(1\)" does not match \^https:\/\/$/);
  });

  it('reports duplicate item ids within a file and across files, keeping the first file', () => {
    const rust = fs.readFileSync(path.join(PROFILES_DIR, 'rust.yaml'), 'utf8');
    const clash = rust.replace(/id: rust\.delivery\.[a-z-]+/, 'id: go.delivery.timeouts');
    const result = loadProfiles([source('go.yaml', goText()), source('rust.yaml', clash)]);
    assert.deepStrictEqual(
      result.profiles.map((p) => p.id),
      ['go'],
    );
    assert.strictEqual(result.problems.length, 1);
    assert.match(result.problems[0].message, /item id "go.delivery.timeouts" is already used in go.yaml/);
    assert.strictEqual(result.problems[0].file, 'rust.yaml');
    const twice = goText().replace('id: go.delivery.focus', 'id: go.delivery.scope');
    assert.match(problemsOf(twice, 'go.yaml')[0], /^\d+:11 item id "go.delivery.scope" is already used earlier in this file$/);
  });

  it('reports invalid YAML with its line, and the other files still load', () => {
    const result = loadProfiles([source('broken.yaml', 'id: x\nname: [unclosed\n'), source('go.yaml', goText())]);
    assert.deepStrictEqual(
      result.profiles.map((p) => p.id),
      ['go'],
    );
    assert.strictEqual(result.problems[0].file, 'broken.yaml');
    assert.match(result.problems[0].message, /^invalid YAML/);
    assert.ok(result.problems[0].line >= 2);
  });

  it('refuses a file over the size limit without parsing it', () => {
    const big = `# ${'x'.repeat(MAX_PROFILE_BYTES)}\n`;
    assert.deepStrictEqual(problemsOf(big), ['1:1 file is 1024 KB; profiles are limited to 1024 KB']);
  });

  it('refuses invalid UTF-8 and names the line', () => {
    const bytes = Buffer.concat([Buffer.from('id: go\nname: G'), Buffer.from([0xff, 0xfe]), Buffer.from('o\n')]);
    assert.deepStrictEqual(
      loadProfiles([{ file: 'bad.yaml', bytes }]).problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      ['2:8 file is not valid UTF-8'],
    );
  });

  it('refuses YAML aliases, so an alias bomb is never expanded', function () {
    this.timeout(5000); // a hang fails the test
    const lines = ['schema: 1', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 20; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    lines.push('breadcrumb: *t');
    const problems = problemsOf(lines.join('\n'));
    assert.ok(problems.includes('22:13 breadcrumb is a YAML alias (*t); write the value out instead'), problems.join('\n'));
  });

  it('round-trips: a profile serialized back to YAML loads the same', () => {
    const go = loadProfiles([source('go.yaml', goText())]).profiles[0];
    const { source: _ignored, ...data } = go;
    const again = loadProfiles([source('go.yaml', stringify(data))]).profiles[0];
    assert.deepStrictEqual(again, go);
  });
});

describe('team profiles', () => {
  // The seed page stands in for the built-in Go profile: its items do not change when go.yaml does.
  const base = [
    ...builtIns().profiles.filter((profile) => profile.id !== 'go'),
    loadProfiles([source('go-seed.yaml', goText())]).profiles[0],
  ];
  const team = (text: string, file = '.stackguide/profiles/team.yaml') => loadProfiles([source(file, text)], base);
  const goOf = (result: { profiles: Profile[] }) => result.profiles.find((p) => p.id === 'go')!;

  it('extends Go: adds, replaces and drops items as written, and overrides text', () => {
    const result = team(`schema: 1
extends: go
summary: Our Go services, reviewed the house way.
sections:
  risks:
    title: Mistakes we have made before
    lead: Each of these cost us an incident.
    body: [We shipped without a readiness probe.]
checklist:
  delivery:
    - id: go.delivery.timeouts
      text: Every outbound call has a deadline from the request context.
      severity: high
    - id: acme.delivery.readiness
      text: The service exposes /readyz and the deployment uses it.
      severity: high
  drop: [go.delivery.focus, go.quality.memory]
`);
    assert.deepStrictEqual(result.problems, []);
    const go = goOf(result);
    assert.strictEqual(go.summary, 'Our Go services, reviewed the house way.');
    assert.strictEqual(go.sections.risks.title, 'Mistakes we have made before');
    assert.strictEqual(go.sections.role.title, 'What Go really contributes', 'other sections stay');
    const delivery = (go.checklist.delivery ?? []).map((item) => item.id);
    assert.deepStrictEqual(delivery, [
      'go.delivery.scope',
      'go.delivery.boundaries',
      'go.delivery.runtime',
      'go.delivery.simplicity',
      'go.delivery.timeouts',
      'acme.delivery.readiness',
    ]);
    assert.strictEqual(go.checklist.delivery![4].text, 'Every outbound call has a deadline from the request context.');
    assert.ok(!(go.checklist.quality ?? []).some((item) => item.id === 'go.quality.memory'));
    assert.strictEqual(result.profiles.length, base.length, 'no profile added or lost');
  });

  it('adds a new ecosystem written in full', () => {
    const zig = goText()
      .replace('id: go', 'id: zig')
      .replace('name: Go', 'name: Zig')
      .replace(/id: go\./g, 'id: zig.');
    const result = team(zig, '.stackguide/profiles/zig.yaml');
    assert.deepStrictEqual(result.problems, []);
    assert.strictEqual(result.profiles[result.profiles.length - 1].id, 'zig');
  });

  it('refuses a full profile that reuses a built-in id, pointing to extends', () => {
    const result = team(goText());
    assert.match(result.problems[0].message, /profile id "go" is a built-in profile; write "extends: go"/);
    assert.strictEqual(
      goOf(result),
      base.find((p) => p.id === 'go'),
    );
  });

  it('reports an unknown extends target at its position, and an item id owned by another profile', () => {
    const unknown = team('schema: 1\nextends: gopher\n');
    assert.deepStrictEqual(
      unknown.problems.map((p) => [p.line, p.column, p.message.slice(0, 45)]),
      [[2, 10, '"extends: gopher" names no known profile; kno']],
    );
    const stolen = team(
      'schema: 1\nextends: go\nchecklist:\n  risks:\n    - id: rust.risk.unsafe-review\n      text: x\n      severity: low\n',
    );
    assert.strictEqual(stolen.problems.length, 1);
    assert.strictEqual(stolen.problems[0].line, 5);
    assert.match(stolen.problems[0].message, /item id "rust.risk.unsafe-review" is already used in rust.yaml/);
    assert.strictEqual(
      goOf(stolen),
      base.find((p) => p.id === 'go'),
      'a file with an error changes nothing',
    );
  });

  it('warns about dropping an id the profile does not have, and applies the rest', () => {
    const result = team('schema: 1\nextends: go\nchecklist:\n  drop:\n    - go.delivery.focus\n    - go.delivery.nope\n');
    assert.deepStrictEqual(
      result.problems.map((p) => [p.severity, p.line, p.column, p.message]),
      [['warning', 6, 7, '"go.delivery.nope" is not an item of go; nothing dropped']],
    );
    assert.ok(!goOf(result).checklist.delivery!.some((item) => item.id === 'go.delivery.focus'));
  });

  it('validates a team file against the same schema, with positions', () => {
    const result = team(
      'schema: 1\nextends: go\nchecklist:\n  delivery:\n    - id: acme.delivery.x\n      text: y\n      severity: urgent\n',
    );
    assert.deepStrictEqual(
      result.problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      ['7:17 checklist.delivery[0].severity must be one of "high", "medium", "low"'],
    );
  });
});
