import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { EvidenceReader, evaluateUnit, type Evidence } from '../../src/core/evidence/evaluate';
import { checkProbe, leafProbes, type Probe } from '../../src/core/evidence/probe';
import { judgeVersion, parseDeclaredVersion } from '../../src/core/evidence/versions';
import { evidenceText } from '../../src/core/review/display';
import { lintContent, formatFinding, releasesCalledSupported, SUPPORT_TABLE_NAME } from '../../src/core/profiles/contentLint';
import { loadProfiles } from '../../src/core/profiles/loader';
import { checklistItems, type Profile } from '../../src/core/profiles/model';
import { loadSupportTable, SUPPORT_TABLE, SUPPORT_TABLE_FILE, type SupportTable } from '../../src/core/profiles/supportTable';
import { MemoryFileSystem } from './memoryFileSystem';
import { PROFILES_DIR, REPO } from './treeHelper';

const TODAY = '2026-12-07';
const runtime = (id: string) => SUPPORT_TABLE.runtimes[id];
const judge = (id: string, value: string, today = TODAY) => judgeVersion(runtime(id), value, today, SUPPORT_TABLE.reviewed);

async function evidenceOf(files: Record<string, string>, probe: Probe): Promise<Evidence> {
  const { results } = await evaluateUnit(new EvidenceReader(new MemoryFileSystem(files)), '.', [{ id: 'x.y', evidence: probe }]);
  return results.get('x.y')!;
}

describe('support table', () => {
  it('is valid against its schema, every runtime names its policy page, and every release has an end, "supported", or is left unknown on purpose', () => {
    const { table, problems } = loadSupportTable(fs.readFileSync(path.join(REPO, SUPPORT_TABLE_FILE), 'utf8'));
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(table, SUPPORT_TABLE);
    for (const [id, entry] of Object.entries(SUPPORT_TABLE.runtimes)) {
      assert.match(entry.source, /^https:\/\//, id);
      assert.ok(entry.supported.length > 20, `${id} says what supported means`);
    }
  });

  it('reports a problem at its line and column, like the profile loader', () => {
    const text =
      '{\n  "reviewed": "2026-12-07",\n  "runtimes": {\n    "go": { "name": "Go", "supported": "x", "source": "http://go.dev", "releases": [\n      { "release": "1.26", "end": "2027-02", "supported": true },\n      { "release": "1.26" }\n    ] }\n  }\n}\n';
    const schema = loadSupportTable(text, 'support.json').problems.map((p) => `${p.line}:${p.column} ${p.message}`);
    assert.deepStrictEqual(schema, ['4:55 runtimes.go.source "http://go.dev" does not match ^https://']);
    const semantic = loadSupportTable(text.replace('http://', 'https://'), 'support.json').problems.map(
      (p) => `${p.line}:${p.column} ${p.message}`,
    );
    assert.deepStrictEqual(semantic, [
      '5:7 runtimes.go.releases[0]: give "end" or "supported", not both (a release with an end date is supported until it)',
      '6:7 runtimes.go.releases[1]: release 1.26 is listed twice',
    ]);
    assert.match(loadSupportTable('{ "reviewed": ', 'support.json').problems[0].message, /^invalid JSON/);
  });
});

describe('declared versions', () => {
  it('reads the lowest version a constraint admits, in the languages manifests use', () => {
    const lowest = (value: string, prefixes?: string[]) => {
      const parsed = parseDeclaredVersion(value, prefixes);
      return parsed.kind === 'version' ? parsed.numbers.join('.') : `none: ${parsed.why}`;
    };
    assert.strictEqual(lowest('>=3.11'), '3.11');
    assert.strictEqual(lowest('>=3.11,<4'), '3.11');
    assert.strictEqual(lowest('>= 3.9, < 3.14'), '3.9');
    assert.strictEqual(lowest('^20'), '20');
    assert.strictEqual(lowest('^18 || ^20'), '18');
    assert.strictEqual(lowest('~> 3.3'), '3.3');
    assert.strictEqual(lowest('"3.3.6"'), '3.3.6');
    assert.strictEqual(lowest('net8.0', ['netcoreapp', 'net']), '8.0');
    assert.strictEqual(lowest('netcoreapp3.1', ['netcoreapp', 'net']), '3.1');
    assert.strictEqual(lowest('go1.26.3', ['go']), '1.26.3');
    assert.strictEqual(lowest('v20.11.0'), '20.11.0');
    assert.strictEqual(lowest('20.x'), '20');
    assert.strictEqual(lowest('1.22.3'), '1.22.3');
    assert.strictEqual(lowest('lts/*'), 'none: "lts/*" is an alias that moves, not a version');
    assert.strictEqual(lowest('lts/iron'), 'none: "lts/iron" is an alias that moves, not a version');
    assert.strictEqual(lowest('stable'), 'none: "stable" is an alias that moves, not a version');
    assert.strictEqual(lowest('<4'), 'none: "<4" names no lowest version');
    assert.strictEqual(lowest('netstandard2.0', ['netcoreapp', 'net']), 'none: "netstandard2.0" names no version number');
  });

  it('judges a release against the table on a day: supported until its end, unsupported after, unknown without a date', () => {
    assert.deepStrictEqual(judge('python', '3.12.1'), { status: 'found', reason: 'Python 3.12 (supported until 2028-10)' });
    assert.deepStrictEqual(judge('python', '3.8'), { status: 'unsupported', reason: 'Python 3.8 (end of life 2024-10-07)' });
    assert.deepStrictEqual(judge('python', '>=3.9'), {
      status: 'unsupported',
      reason: 'Python 3.9, the lowest ">=3.9" admits (end of life 2025-10-31)',
    });
    assert.strictEqual(judge('python', '3.10', '2026-10-31').status, 'found', 'a month-precise end lasts to the end of the month');
    assert.strictEqual(judge('python', '3.10', '2026-11-01').status, 'unsupported');
    assert.strictEqual(judge('python', '2.7').status, 'unsupported', 'older than every supported release: the policy ended it');
    assert.strictEqual(judge('python', '3').status, 'not-checked', 'a major alone does not say which branch');
    assert.strictEqual(judge('node', 'lts/*').status, 'not-checked');
    assert.deepStrictEqual(judge('node', '24'), { status: 'found', reason: 'Node.js 24 (supported until 2028-04-30)' });
    assert.strictEqual(judge('node', '20.19.0').status, 'unsupported');
    assert.strictEqual(judge('dotnet', 'net9.0').status, 'unsupported', '.NET 9 ended on 2026-11-10');
    assert.strictEqual(judge('dotnet', 'net8.0', '2026-11-10').status, 'found', 'a day-precise end is the last day of support');
    assert.strictEqual(judge('go', '1.25').status, 'unsupported', 'Go 1.25 ended with Go 1.27, older than every supported release');
    assert.strictEqual(judge('go', '1.27.1').status, 'found');
    assert.strictEqual(judge('rust', '1.99.0').status, 'unsupported');
    assert.strictEqual(judge('rust', '1.101').status, 'found', 'newer than this review: still the current line or later');
    assert.strictEqual(judge('android-target-sdk', '34').status, 'unsupported');
    assert.strictEqual(judge('android-target-sdk', '37').status, 'found');
    assert.strictEqual(judge('php', '8.2').status, 'found', 'security support until 2026-12-31');
    assert.strictEqual(judge('php', '8.2', '2027-01-01').status, 'unsupported');
    assert.strictEqual(judge('ruby', '3.4.7').status, 'found');
    const unknown = { ...runtime('ruby'), releases: [...runtime('ruby').releases, { release: '4.1' }] };
    assert.deepStrictEqual(judgeVersion(unknown, '4.1.0', TODAY, '2026-12-07'), {
      status: 'not-checked',
      reason: 'Ruby 4.1: no sourced end date',
    });
  });
});

describe('version probes', () => {
  it("read the value at a key, on a line, or as a file's first line, with its location and why", async () => {
    assert.deepStrictEqual(
      await evidenceOf(
        { 'package.json': '{\n  "engines": { "node": ">=22" }\n}\n' },
        { version: 'node', key: 'engines.node', in: 'package.json' },
      ),
      {
        status: 'found',
        locations: [{ path: 'package.json', line: 2 }],
        reason: 'Node.js 22, the lowest ">=22" admits (supported until 2027-04-30)',
      },
    );
    assert.deepStrictEqual(
      await evidenceOf(
        { 'go.mod': 'module x\n\n// go 1.27\ngo 1.24.4\n\nrequire (\n\tgo.uber.org/zap v1.27.0\n)\n' },
        { version: 'go', in: 'go.mod', line: 'go ' },
      ),
      {
        status: 'unsupported',
        locations: [{ path: 'go.mod', line: 4 }],
        reason: 'Go 1.24 (end of life 2026-02-10)',
      },
    );
    assert.deepStrictEqual(await evidenceOf({ '.python-version': '# pinned\n3.13.1\n' }, { version: 'python', in: '.python-version' }), {
      status: 'found',
      locations: [{ path: '.python-version', line: 2 }],
      reason: 'Python 3.13 (supported until 2029-10)',
    });
    const alias = await evidenceOf({ '.nvmrc': 'lts/*\n' }, { version: 'node', in: '.nvmrc' });
    assert.deepStrictEqual(alias, {
      status: 'not-checked',
      locations: [],
      reason: 'Node.js: "lts/*" is an alias that moves, not a version',
    });
    assert.strictEqual((await evidenceOf({}, { version: 'node', in: '.nvmrc' })).status, 'missing');
    assert.strictEqual(
      (await evidenceOf({ 'go.mod': 'module x\n' }, { version: 'go', in: 'go.mod', line: 'go ' })).status,
      'missing',
      'the file without the line declares nothing',
    );
    assert.strictEqual(
      (
        await evidenceOf(
          { 'pyproject.toml': '[project]\nrequires-python = ">=3.8"\n' },
          { version: 'python', key: 'project.requires-python', in: 'pyproject.toml' },
        )
      ).status,
      'unsupported',
    );
  });

  it('any: a supported declaration wins; all: an unsupported one is not met', async () => {
    const files = { '.nvmrc': '24\n', 'package.json': '{ "engines": { "node": ">=18" } }' };
    const nvmrc: Probe = { version: 'node', in: '.nvmrc' };
    const engines: Probe = { version: 'node', key: 'engines.node', in: 'package.json' };
    assert.strictEqual((await evidenceOf(files, { any: [engines, nvmrc] })).status, 'found');
    assert.strictEqual((await evidenceOf(files, { all: [engines, nvmrc] })).status, 'unsupported');
    assert.strictEqual(
      (await evidenceOf({ 'package.json': '{ "engines": { "node": ">=18" } }' }, { any: [engines, nvmrc] })).status,
      'unsupported',
      'not missing: something was declared',
    );
  });

  it('are validated: a known runtime, files to read, key or line', () => {
    const messages = (probe: unknown) => checkProbe(probe).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    assert.deepStrictEqual(messages({ version: 'go', in: 'go.mod', line: 'go ' }), []);
    assert.match(messages({ version: 'cobol', in: 'x' })[0], /^version: "version" names a runtime of the support table; known: go, python/);
    assert.deepStrictEqual(messages({ version: 'go' }), [': a version probe needs "in": a glob of the files that declare the version']);
    assert.deepStrictEqual(messages({ version: 'go', in: 'go.mod', key: 'a', line: 'go ' }), [
      'line: a version probe reads its value at "key" or on a "line", not both',
    ]);
    assert.deepStrictEqual(messages({ version: 'go', in: 'go.mod', text: 'go ' }), [
      'text: "text" does not belong to a version probe (version, in, key or line, root)',
    ]);
  });

  it('show in the text and Markdown outputs as found with the support, or found but unsupported', () => {
    const found = evidenceText({
      state: 'open',
      evidence: { status: 'found', locations: [{ path: 'go.mod', line: 3 }], reason: 'Go 1.26 (supported)' },
    });
    assert.strictEqual(found, 'evidence: go.mod:3: Go 1.26 (supported)');
    const unsupported = evidenceText({
      state: 'open',
      evidence: { status: 'unsupported', locations: [{ path: '.python-version', line: 1 }], reason: 'Python 3.8 (end of life 2024-10-07)' },
    });
    assert.strictEqual(unsupported, 'found, but unsupported: Python 3.8 (end of life 2024-10-07) at .python-version:1');
  });
});

describe('support table and the pages', () => {
  const profiles = (): Profile[] =>
    loadProfiles(fs.readdirSync(PROFILES_DIR).map((name) => ({ file: name, bytes: fs.readFileSync(path.join(PROFILES_DIR, name)) })))
      .profiles;

  it('every release a runtime item names as supported is in the table and supported today', () => {
    const today = new Date().toISOString().slice(0, 10);
    let named = 0;
    for (const item of profiles().flatMap(checklistItems)) {
      if (!item.evidence) continue;
      for (const id of new Set(leafProbes(item.evidence).flatMap((leaf) => ('version' in leaf ? [leaf.version] : [])))) {
        for (const release of releasesCalledSupported(item.text, runtime(id))) {
          named++;
          const status = judge(id, release, today).status;
          assert.strictEqual(status, 'found', `${item.id} names ${runtime(id).name} ${release} as supported; the table says ${status}`);
        }
      }
    }
    assert.ok(named >= 10, `the pages name ${named} supported releases`);
  });

  it('the content lint fails when the table is more than 6 months old, or a page calls an ended release supported', () => {
    const pages = profiles();
    const table: SupportTable = { ...SUPPORT_TABLE, reviewed: '2026-06-06' };
    const old = lintContent(pages, new Date('2026-12-07T12:00:00Z'), table).map(formatFinding);
    assert.ok(
      old.includes(
        `${SUPPORT_TABLE_NAME}: was reviewed 2026-06-06, more than 6 months ago; check every date against its source again and update "reviewed"`,
      ),
      old.join('\n'),
    );
    assert.ok(
      !lintContent(pages, new Date('2026-12-07T12:00:00Z'), { ...SUPPORT_TABLE, reviewed: '2026-06-07' })
        .map(formatFinding)
        .some((finding) => finding.startsWith(SUPPORT_TABLE_NAME)),
      'six months to the day is still recent enough',
    );
    const php = JSON.parse(JSON.stringify(pages.find((page) => page.id === 'php'))) as Profile;
    const phpItem = php.checklist.delivery!.find((entry) => entry.id === 'php.delivery.supported-version')!;
    assert.ok(
      !lintContent([php], new Date('2027-01-02T00:00:00Z'))
        .map(formatFinding)
        .some((finding) => finding.includes(phpItem.id)),
      'the page itself stays true after 8.2 ends',
    );
    phpItem.text = 'Production runs a supported PHP branch (at this review 8.2, 8.3, 8.4 and 8.5).';
    const stale = lintContent([php], new Date('2027-01-02T00:00:00Z')).map(formatFinding);
    assert.ok(
      stale.includes(
        'php php.delivery.supported-version: names PHP 8.2 as supported, but its support ended 2026-12-31 (support table); name the releases supported now',
      ),
      stale.join('\n'),
    );
    const python = JSON.parse(JSON.stringify(pages.find((page) => page.id === 'python'))) as Profile;
    const item = python.checklist.delivery!.find((entry) => entry.id === 'python.delivery.interpreter')!;
    assert.deepStrictEqual(
      releasesCalledSupported(item.text, runtime('python')),
      ['3.11', '3.12', '3.13'],
      'the clause that says 3.10 reached its end does not count',
    );
    item.text = item.text.replace('(at this review 3.11 and newer', '(at this review 3.10 and newer');
    assert.ok(
      lintContent([python], new Date('2026-12-07T00:00:00Z'))
        .map(formatFinding)
        .includes(
          'python python.delivery.interpreter: names Python 3.10 as supported, but its support ended 2026-10 (support table); name the releases supported now',
        ),
    );
  });
});
