import { isEvidenceLost } from '../../src/core/evidence/checklistEvidence';
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// First: the CLI's import order loads the review modules the way the program does.
import {
  assertTerminalSafe,
  assertWellFormedXml,
  cli,
  cliIn,
  gitHubLinksAndMentions,
  GO_HIGH,
  GO_ITEMS,
  GO_SERVICE,
  multitoolValidate,
  UNSAFE,
  VERSION,
  xmlChildren as children,
} from './cliHelper';
import type { Severity } from '../../src/core/profiles/model';
import {
  blocking,
  isAppliesAnyway,
  isNotApplicable,
  itemLabel,
  itemTitle,
  type ChecklistItem,
  type ChecklistUnit,
  type Orphan,
} from '../../src/core/review/checklist';
import { escapeData, escapeProperty, githubAnnotations } from '../../src/core/report/github';
import { junitReport, xmlText } from '../../src/core/report/junit';
import { markdownReport } from '../../src/core/report/markdown';
import { TOOL, type CheckReport } from '../../src/core/report/model';
import { textReport } from '../../src/core/report/plain';
import { sarifLog, sarifReport } from '../../src/core/report/sarif';
import { printable, terminalSafe, TerminalText } from '../../src/core/report/text';
import { makeTree } from './treeHelper';

/** Newlines, a forged workflow command, ANSI escapes, bidi controls, markup, entities, percent escapes, C1 CSI. */
const HOSTILE =
  '\n::error file=x,line=1::forged\r\n\u001b[31mred\u001b[0m\u009b2J \u202eevil\u202c\u2066 <script>alert(1)</script> &amp; %0A %25 a,b:c ##[add-mask]x ##vso[task.setvariable]y [link](javascript:alert(1)) *em* `code` @team |';

/** A link a URI cannot hold as written, but with nothing unprintable in it. */
const MARKUP_LINK = 'https://example.com/a b<script>&x="\'|[]{}^` ::error file=x,line=1::y ##vso[z] @t *e* (j)';
const MARKUP_LINK_URI =
  "https://example.com/a%20b%3Cscript%3E&x=%22'%7C%5B%5D%7B%7D%5E%60%20::error%20file=x,line=1::y%20#%23vso%5Bz%5D%20@t%20*e*%20(j)";

/** The annotation lines `--format github` writes on purpose: properties without a raw ":" or ",", nothing after a line break. */
const ANNOTATION = /^::(error|warning|notice) file=[^,:\n]*,line=\d+,title=[^,:\n]*::[^\n]*$/;

function hostileReport(minSeverity: Severity = 'medium'): CheckReport {
  const unit: ChecklistUnit = {
    folder: HOSTILE,
    root: HOSTILE,
    path: `units/${HOSTILE}`,
    members: [`${HOSTILE}m1`, `${HOSTILE}m2`],
    workspace: { kind: 'cargo', manifest: `${HOSTILE}/Cargo.toml` },
    ecosystem: 'rust',
    ecosystemName: `${HOSTILE}Rust`,
    items: [],
  };
  let n = 0;
  for (const state of ['open', 'stale', 'done', 'n/a'] as const) {
    for (const severity of ['high', 'medium', 'low'] as const) {
      n++;
      const item: ChecklistItem = {
        key: `${HOSTILE}${n}`,
        root: HOSTILE,
        id: `${HOSTILE}id${n}`,
        ecosystem: `${HOSTILE}eco`,
        unit: unit.path,
        member: `${HOSTILE}member`,
        reviewKey: { unit: unit.path, id: `${HOSTILE}id${n}` },
        group: (['delivery', 'risks', 'quality'] as const)[n % 3],
        // Every other item has a title (a team profile may give none), hostile too.
        ...(n % 2 === 1 ? { title: `${HOSTILE.slice(0, 40)}title` } : {}),
        text: `${HOSTILE}text`,
        severity,
        why: `${HOSTILE}why`,
        links: [`https://example.com/${HOSTILE}`, 'javascript:alert(1)', MARKUP_LINK, 'https://example.org/ok'],
        state,
      };
      if (state !== 'open') Object.assign(item, { by: `${HOSTILE}by`, at: `${HOSTILE}at`, note: `${HOSTILE}note` });
      // Evidence paths come from the repository: found for open items, lost for done ones.
      item.evidence =
        state === 'done' ? { status: 'missing', locations: [] } : { status: 'found', locations: [{ path: `${HOSTILE}ci.yml`, line: 3 }] };
      if (state === 'done') item.recordedEvidence = [`${HOSTILE}old.yml:7`];
      unit.items.push(item);
    }
  }
  // Not applicable here: the reason quotes dependency names and paths read from the repository.
  const apart: ChecklistItem = {
    ...unit.items[0],
    key: `${HOSTILE}na`,
    id: `${HOSTILE}idna`,
    reviewKey: { unit: unit.path, id: `${HOSTILE}idna` },
  };
  apart.applicability = {
    status: 'not-applicable',
    reason: `no ${HOSTILE}runtime: none of ${HOSTILE}dep is among the dependencies (${HOSTILE}Cargo.lock)`,
    locations: [{ path: `${HOSTILE}Cargo.lock` }],
  };
  unit.items.push(apart);
  // Applies anyway: the reason names the reviewer and quotes the condition's reason.
  const anyway: ChecklistItem = {
    ...apart,
    key: `${HOSTILE}aa`,
    id: `${HOSTILE}idaa`,
    reviewKey: { unit: unit.path, id: `${HOSTILE}idaa` },
    // Decided, so the failing items (and the annotations counted below) stay as they were.
    state: 'done',
    by: `${HOSTILE}by`,
  };
  anyway.appliesAnyway = { by: `${HOSTILE}by`, at: '2026-01-02T00:00:00.000Z' };
  anyway.applicability = {
    status: 'applies',
    reason: `marked applies anyway by ${HOSTILE}by on 2026-01-02 (its condition: no ${HOSTILE}runtime)`,
    locations: [{ path: `${HOSTILE}Cargo.lock` }],
    anyway: anyway.appliesAnyway,
  };
  unit.items.push(anyway);
  const orphans: Orphan[] = [
    {
      folder: HOSTILE,
      root: HOSTILE,
      unit: `${HOSTILE}gone`,
      member: `${HOSTILE}m`,
      id: `${HOSTILE}oid`,
      state: `${HOSTILE}state`,
      file: `${HOSTILE}file.yaml`,
    },
  ];
  return {
    units: [unit],
    orphans,
    minSeverity,
    failing: blocking(unit.items, minSeverity),
    evidenceLost: unit.items.filter(isEvidenceLost),
    failOnEvidenceLost: false,
    newFindings: [],
    failOnNewFindings: false,
    overdue: [],
    failOnOverdue: false,
    notApplicable: unit.items.filter(isNotApplicable),
    appliesAnyway: unit.items.filter(isAppliesAnyway),
    allItems: false,
    expired: [],
    allowExpired: false,
    tool: { ...TOOL, version: VERSION },
    location: () => ({ path: `${HOSTILE}/Cargo.toml`, relative: true, line: 1 }),
    file: (relative) => ({ path: relative, relative: true, line: 1 }),
    unitOf: () => unit,
  };
}

describe('check formats', () => {
  describe('terminal safety', () => {
    it('printable shows control characters, ANSI escapes, C1 and bidi controls as code points', () => {
      assert.strictEqual(
        printable('a\nb\r\t\u001b[31m\u007f\u009b\u202e\u2066\u200f\u2028'),
        'a\\u000ab\\u000d\\u0009\\u001b[31m\\u007f\\u009b\\u202e\\u2066\\u200f\\u2028',
      );
      assert.strictEqual(printable('plain ünïcödé, emoji 🎉'), 'plain ünïcödé, emoji 🎉');
    });

    it('no line can start a workflow command, after any leading white space; ##vso[ is broken anywhere', () => {
      assert.strictEqual(
        terminalSafe('::error::x\n  ::warning::y\n\u00a0\u3000::notice::z\n##[error]w\nok ::error:: mid-line\n'),
        '\\u003a:error::x\n  \\u003a:warning::y\n\u00a0\u3000\\u003a:notice::z\n\\u0023#[error]w\nok ::error:: mid-line\n',
      );
      assert.strictEqual(
        terminalSafe('log ##vso[task.setvariable variable=x]1 ##VSO[task.complete]'),
        'log \\u0023#vso[task.setvariable variable=x]1 \\u0023#VSO[task.complete]',
      );
      // Across writes: a line is judged from its start, whichever write began it.
      const stream = new TerminalText();
      assert.strictEqual(['ok\n', '   ', '::x', '\n', ':y'].map((chunk) => stream.write(chunk)).join(''), 'ok\n   \\u003a:x\n\\u003ay');
      assert.strictEqual(new TerminalText().write('::error::built\n', { raw: true }), '::error::built\n');
    });

    it('JSON stays the same data with every unsafe character escaped', () => {
      const value = { text: HOSTILE, ['key\u202e']: '\u0085\u009b\u2028' };
      const text = terminalSafe(JSON.stringify(value, null, 2));
      assertTerminalSafe(text, 'json');
      assert.deepStrictEqual(JSON.parse(text), value);
    });
  });

  describe('with hostile text in every field', () => {
    const report = hostileReport();

    it('text: printable, and every failing item and orphan listed', () => {
      const text = textReport(report);
      assertTerminalSafe(text, 'text');
      assertTerminalSafe(terminalSafe(text), 'text');
      assert.strictEqual(text.split('\n').filter((line) => /^ {2}(OPEN |STALE) \[/.test(line)).length, report.failing.length);
      assert.ok(text.includes('\\u001b[31mred'));
    });

    it('github: one escaped annotation per failing item and orphan; no value can end its field or start a command', () => {
      assert.strictEqual(escapeData('100% \r\n::x'), '100%25 %0D%0A::x');
      assert.strictEqual(escapeProperty('a,b:c%\n'), 'a%2Cb%3Ac%25%0A');
      const text = githubAnnotations(report);
      assertTerminalSafe(text, 'github', ANNOTATION);
      const lines = text.split('\n').filter(Boolean);
      assert.strictEqual(lines.length, report.failing.length + report.orphans.length);
      const decode = (value: string) =>
        value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
      for (const line of lines) {
        const parsed = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
        assert.ok(parsed, line);
        const properties = Object.fromEntries(
          parsed[2].split(',').map((pair) => [pair.slice(0, pair.indexOf('=')), decode(pair.slice(pair.indexOf('=') + 1))]),
        );
        assert.deepStrictEqual(Object.keys(properties), ['file', 'line', 'title']);
        for (const value of Object.values(properties)) assert.doesNotMatch(value, UNSAFE, 'property values are printable once decoded');
        const message = decode(parsed[3]);
        for (const part of message.split('\n')) assert.doesNotMatch(part, UNSAFE, 'the message is printable lines once decoded');
        // What the repository wrote is shown, visibly: its own "%0A" stays text, its line breaks are \u000a.
        assert.ok(message.includes('\\u000a::error file=x,line=1::forged\\u000d\\u000a\\u001b[31mred'), message);
        assert.ok(message.includes(' %0A %25 a,b:c '), message);
      }
      const levels = lines.map((line) => line.slice(2, line.indexOf(' ')));
      assert.deepStrictEqual(
        levels,
        ['error', 'warning', 'error', 'warning', 'notice'],
        'high → error, medium → warning; the orphan is a notice',
      );
      assert.ok(lines[0].includes(`file=${escapeProperty(printable(`${HOSTILE}/Cargo.toml`))},line=1,`));
    });

    it('markdown: no HTML, link, emphasis or line of its own from the repository', () => {
      const markdown = markdownReport(report);
      assertTerminalSafe(markdown, 'markdown');
      assert.doesNotMatch(
        markdown.replace(/`[^`\n]*`/g, ''),
        /[<>]/,
        'no raw < or > outside code spans, where Markdown shows them as text',
      );
      assert.ok(
        markdown.split('\n').every((line) => (line.match(/`/g) ?? []).length % 2 === 0),
        'backticks pair up: no code span runs past its text',
      );
      assert.doesNotMatch(markdown, /&(?!(amp|lt|gt);)/, 'every & is an entity');
      assert.ok(markdown.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;'));
      assert.ok(markdown.includes('\\[link\\](javascript:alert(1)) \\*em\\* \\`code\\`'), 'markup characters are escaped');
      assert.deepStrictEqual(
        gitHubLinksAndMentions(markdown.replace(/`[^`\n]*`/g, '')),
        [],
        "no @team mention, no bare link (GitHub's rules)",
      );
      for (const line of markdown.split('\n')) {
        assert.match(
          line,
          /^(|## Stack Guide review|### .*|#### (Delivery checks|Risks|Quality checks) \(ticked: [a-z ,]+\)|#### Not applicable here \(\d+\)|\*\*.*\*\*|- .*|\d+ members? .*)$/,
          `a line the report wrote itself: ${JSON.stringify(line.slice(0, 80))}`,
        );
        // Outside code spans, every [ ] * _ ` | ~ is escaped, but for the task-list marks.
        const outside = line
          .replace(/^- \[[ x]\] /, '')
          .replace(/`[^`]*`/g, '')
          .replace(/\\./g, '');
        assert.doesNotMatch(
          outside.replace(/^\*\*|\*\*$/g, '').replace(/ _(high|medium|low)_/g, ''),
          /[[\]`|~]|\*(?!\*)|(?<!\*)\*|_\w+_/,
          `unescaped markup: ${JSON.stringify(line.slice(0, 120))}`,
        );
      }
      assert.strictEqual(markdown.split('\n').filter((line) => /^- `/.test(line)).length, report.failing.length + report.orphans.length);
    });

    it('junit: well-formed XML 1.0, one test case per item, failures for open or stale items at or above the threshold', () => {
      assert.strictEqual(
        xmlText('a\u0000b\u0001c\ufffe\uffff\ud800d<&>"\'\n\t\u0085\u202e'),
        'abcd&lt;&amp;&gt;&quot;&apos;&#xA;&#x9;&#x85;&#x202E;',
      );
      const xml = junitReport(report);
      assertTerminalSafe(xml, 'junit');
      const root = assertWellFormedXml(xml);
      assert.strictEqual(root.name, 'testsuites');
      const [suite] = children(root, 'testsuite');
      const cases = children(suite, 'testcase');
      assert.strictEqual(cases.length, report.units[0].items.length);
      const failures = cases.filter((testcase) => children(testcase, 'failure').length > 0);
      assert.strictEqual(failures.length, report.failing.length);
      assert.deepStrictEqual(
        [root.attributes.tests, root.attributes.failures, root.attributes.skipped],
        [String(cases.length), String(failures.length), String(cases.filter((c) => children(c, 'skipped').length > 0).length)],
      );
      assert.strictEqual(suite.attributes.name, `${printable(`${HOSTILE}Rust`)} (${printable(`units/${HOSTILE}`)})`);
      const item = report.units[0].items[0];
      assert.strictEqual(
        cases[0].attributes.name,
        `${printable(itemLabel(item))}: ${printable(itemTitle(item))}`,
        'the name holds the title, made printable',
      );
      assert.ok(cases[0].attributes.name.length < printable(itemLabel(item)).length + 2 + printable(item.text).length);
      assert.ok(children(failures[0], 'failure')[0].text.startsWith(printable(report.failing[0].text)), 'the failure holds the whole text');
      const failure = children(failures[0], 'failure')[0];
      assert.strictEqual(failure.attributes.type, 'high');
      for (const line of failure.text.split('\n')) assert.doesNotMatch(line, UNSAFE);
      assert.ok(failure.text.includes('See https://example.com/'), failure.text);
      assert.ok(
        xml.split('\n').every((line) => /^\s*(<|$)/.test(line)),
        'every line of the document starts with markup',
      );
    });

    it('sarif: a result per failing item, rule id = item id, level from severity, help and https links from the profile, a location', () => {
      const text = sarifReport(report);
      assertTerminalSafe(text, 'sarif');
      const log = JSON.parse(text);
      assert.deepStrictEqual(log, JSON.parse(JSON.stringify(sarifLog(report))), 'the text is the log itself');
      assert.strictEqual(log.version, '2.1.0');
      const run = log.runs[0];
      assert.strictEqual(run.tool.driver.name, 'Stack Guide');
      assert.strictEqual(run.tool.driver.version, VERSION);
      assert.strictEqual(run.results.length, report.failing.length);
      run.results.forEach((result: any, i: number) => {
        const item = report.failing[i];
        assert.strictEqual(result.ruleId, printable(item.id), 'the item id, made printable');
        assert.strictEqual(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
        assert.deepStrictEqual(
          Object.values(result.partialFingerprints)
            .concat(Object.values(result.properties))
            .filter((value) => UNSAFE.test(String(value))),
          [],
        );
        assert.strictEqual(result.level, { high: 'error', medium: 'warning', low: 'note' }[item.severity]);
        assert.doesNotMatch(result.message.text, UNSAFE);
        const location = result.locations[0].physicalLocation;
        assert.strictEqual(location.artifactLocation.uriBaseId, '%SRCROOT%');
        assert.match(
          location.artifactLocation.uri,
          /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]+$/,
          'a URI reference: everything else is percent-encoded',
        );
        assert.strictEqual(decodeURIComponent(location.artifactLocation.uri), `${HOSTILE}/Cargo.toml`);
        assert.deepStrictEqual(location.region, { startLine: 1 });
      });
      for (const rule of run.tool.driver.rules) {
        assert.doesNotMatch(rule.shortDescription.text + rule.fullDescription.text + rule.help.text + rule.help.markdown, UNSAFE);
        assert.strictEqual(rule.helpUri, MARKUP_LINK_URI, 'the first https link with nothing unprintable, as a strict RFC 3986 URI');
        assert.ok(rule.help.text.endsWith(`See ${MARKUP_LINK_URI}\nSee https://example.org/ok`), rule.help.text);
        assert.ok(!JSON.stringify(rule).includes('javascript:alert(1)"'), 'only https links');
        assert.ok(!JSON.stringify(rule).includes('https://example.com/%0A'), 'no link with control characters');
        assert.doesNotMatch(rule.help.markdown, /<(?!https:)/, 'no HTML in the help Markdown, only autolinks');
        assert.deepStrictEqual(
          gitHubLinksAndMentions(rule.help.markdown.replace(/^- <https:[^>\n]*>$/gm, '')),
          [],
          'the same escaper as the Markdown report: no mention, no bare link',
        );
      }
    });

    it('sarif: Microsoft SARIF Multitool validates the hostile log with no error or warning, and does report a broken one', function () {
      this.timeout(240_000);
      assert.deepStrictEqual(multitoolValidate(sarifReport(report)), []);
      assert.deepStrictEqual(multitoolValidate(sarifReport(hostileReport('low'))), []);
      const broken = sarifLog(report) as any;
      broken.runs[0].results[0].level = 'fatal';
      delete broken.runs[0].tool.driver.name;
      const problems = multitoolValidate(JSON.stringify(broken));
      assert.ok(
        problems.some((problem) => problem.startsWith('error') && problem.includes('level')),
        problems.join('\n'),
      );
      assert.ok(
        problems.some((problem) => problem.startsWith('error') && problem.includes('name')),
        problems.join('\n'),
      );
    });
  });
});

/** A repository whose folder names, team profile, review decisions and orphans are hostile. */
function hostileRepository(): string {
  const name = (prefix: string) => `${prefix}${HOSTILE.replace(/\//g, '|')}`;
  const profile = [
    'schema: 1',
    'extends: go',
    `name: ${JSON.stringify(`::error::${HOSTILE}Go`)}`,
    'checklist:',
    '  delivery:',
    '    - id: acme.delivery.hostile',
    `      text: ${JSON.stringify(`${HOSTILE} text`)}`,
    `      why: ${JSON.stringify(`${HOSTILE} why`)}`,
    '      severity: high',
    `      links: [${JSON.stringify(`https://example.com/${HOSTILE}`)}, ${JSON.stringify(MARKUP_LINK)}]`,
    '',
  ].join('\n');
  return makeTree({
    [`${name('svc')}/go.mod`]: 'module a',
    '::error::top/go.mod': 'module b',
    '##[error]top/go.mod': 'module c',
    '\u00a0::warning::nbsp/go.mod': 'module d',
    'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
    [`crates/${name('crate')}/Cargo.toml`]: '[package]\nname = "x"\n',
    'crates/plain/Cargo.toml': '[package]\nname = "y"\n',
    '.stackguide/profiles/acme.yaml': profile,
  });
}

describe('check formats on a hostile repository (in process)', () => {
  let dir: string;
  before(async function () {
    this.timeout(20_000);
    dir = hostileRepository();
    // Decisions with hostile reviewers and notes: one done, one not applicable, one made stale.
    const unit = `svc${HOSTILE.replace(/\//g, '|')}`;
    for (const [id, state] of [
      ['acme.delivery.hostile', 'done'],
      ['go.delivery.runtime', 'n/a'],
      ['go.delivery.timeouts', 'done'],
    ]) {
      const set = await cliIn(
        dir,
        'review',
        'set',
        id,
        '.',
        `--state=${state}`,
        `--unit=${unit}`,
        `--by=${HOSTILE}by`,
        `--note=${HOSTILE}note`,
      );
      assert.strictEqual(set.code, 0, set.stderr);
      assertTerminalSafe(set.stdout + set.stderr, 'review set');
    }
    const stale = fs
      .readdirSync(path.join(dir, '.stackguide', 'review'), { recursive: true, encoding: 'utf8' })
      .find((file) => file.endsWith('go.delivery.timeouts.yaml'))!;
    const file = path.join(dir, '.stackguide', 'review', stale);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/textHash: .+/, 'textHash: "deadbeef"'));
    // An orphan: a decision for a unit that is not there.
    fs.mkdirSync(path.join(dir, '.stackguide', 'review', 'gone'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, '.stackguide', 'review', 'gone', 'go.delivery.timeouts.yaml'),
      `version: 2\nunit: gone\nitem: go.delivery.timeouts\nstate: done\nby: ${JSON.stringify(HOSTILE)}\nat: 2026-11-29T10:00:00.000Z\ntextHash: "0"\n`,
    );
  });

  for (const format of ['text', 'markdown', 'json', 'sarif', 'github', 'junit']) {
    it(`check --format ${format}: exit 1, and nothing from the repository reaches the terminal raw`, async () => {
      const { code, stdout, stderr } = await cliIn(dir, 'check', '.', `--format=${format}`, '--min-severity=low');
      assert.strictEqual(code, 1, stderr);
      assertTerminalSafe(stdout, format, format === 'github' ? ANNOTATION : undefined);
      assertTerminalSafe(stderr, `${format} stderr`);
      assert.ok(stdout.includes('\\u001b[31mred'), `${format} shows the escape visibly`);
      if (format === 'sarif' || format === 'json') JSON.parse(stdout);
      if (format === 'junit') assertWellFormedXml(stdout);
      if (format === 'markdown') assert.doesNotMatch(stdout.replace(/`[^`\n]*`/g, ''), /[<>]/);
    });
  }

  it('the checklist has the hostile units, the stale and not-applicable decisions, and the orphan', async () => {
    const json = JSON.parse((await cliIn(dir, 'check', '.', '--format=json')).stdout);
    assert.deepStrictEqual(json.components.map((unit: { path: string; ecosystem: string }) => unit.ecosystem).sort(), [
      'go',
      'go',
      'go',
      'go',
      'rust',
    ]);
    const items = json.components.flatMap((unit: { items: { state: string; note?: string }[] }) => unit.items);
    assert.deepStrictEqual(
      ['done', 'n/a', 'stale'].map((state) => items.filter((item: { state: string }) => item.state === state).length),
      [1, 1, 1],
    );
    assert.strictEqual(json.orphans.length, 1);
    // JSON keeps the data itself: the note round-trips exactly.
    assert.ok(items.some((item: { note?: string }) => item.note === `${HOSTILE}note`));
    const text = (await cliIn(dir, 'check', '.')).stdout;
    assert.match(text, /^\\u003a:error::\\u000a::error file=x,line=1::forged/m, 'the team profile name starts a line: its ":" is escaped');
    assert.match(text, /orphaned: gone#go\.delivery\.timeouts \(done\)/);
  });

  it("the SARIF of the hostile repository points at each unit's manifest, relative to the working directory, and validates", async function () {
    this.timeout(240_000);
    const { stdout } = await cliIn(dir, 'check', '.', '--format=sarif', '--min-severity=low');
    const uris = new Set(
      JSON.parse(stdout).runs[0].results.map((result: any) =>
        decodeURIComponent(result.locations[0].physicalLocation.artifactLocation.uri),
      ),
    );
    assert.deepStrictEqual(
      [...uris].sort(),
      [
        '##[error]top/go.mod',
        '::error::top/go.mod',
        'Cargo.toml',
        `svc${HOSTILE.replace(/\//g, '|')}/go.mod`,
        '\u00a0::warning::nbsp/go.mod',
      ].sort(),
    );
    assert.deepStrictEqual(multitoolValidate(stdout), []);
  });

  it('detect, its JSON, validate and merge-review print hostile names safely', async () => {
    const table = await cliIn(dir, 'detect', '.');
    assert.strictEqual(table.code, 0);
    assertTerminalSafe(table.stdout, 'detect');
    assert.match(table.stdout, /^\\u003a:error::top {2,}go/m);
    assert.match(table.stdout, /^\\u0023#\[error\]top {2,}go/m);
    const json = await cliIn(dir, 'detect', '.', '--json');
    assertTerminalSafe(json.stdout, 'detect --json');
    assert.ok(
      JSON.parse(json.stdout).folders[0].components.some(
        (component: { path: string }) => component.path === `svc${HOSTILE.replace(/\//g, '|')}`,
      ),
      'JSON keeps the path itself',
    );
    const validate = await cliIn(dir, 'validate', '.stackguide/profiles');
    assertTerminalSafe(validate.stdout + validate.stderr, 'validate');
    assert.match(validate.stderr, /warning: .*bidirectional control character U\+202E/);
    const base = path.join(dir, 'base.yaml');
    fs.writeFileSync(base, 'version: 2\nunit: .\nitem: go.delivery.timeouts\nstate: open\n');
    const merge = await cliIn(dir, 'merge-review', base, base, path.join(dir, 'missing\u001b[2J\n::error::x'), `\n::error::${HOSTILE}`);
    assert.strictEqual(merge.code, 1, 'their side cannot be read: a conflict is left in %A');
    assertTerminalSafe(merge.stdout + merge.stderr, 'merge-review');
  });
});

describe('check exit codes and --output, for every format', () => {
  const FORMATS = ['text', 'markdown', 'json', 'sarif', 'github', 'junit'];
  const closedHigh = () => {
    const dir = makeTree({ ...GO_SERVICE });
    return dir;
  };

  it('0 when nothing is open at the severity, 1 when something is, 2 on bad input', async function () {
    this.timeout(20_000);
    const open = makeTree({ ...GO_SERVICE });
    const clean = makeTree({
      ...GO_SERVICE,
      '.stackguide/profiles/team.yaml': `schema: 1\nextends: go\nchecklist:\n  drop: [${GO_HIGH.map((item) => item.id).join(', ')}]\n`,
    });
    const broken = makeTree({
      ...GO_SERVICE,
      '.stackguide/review/go.delivery.timeouts.yaml': '<<<<<<< ours\nstate: done\n=======\nstate: n/a\n>>>>>>> theirs\n',
    });
    for (const format of FORMATS) {
      assert.strictEqual((await cli('check', open, '--format', format)).code, 1, format);
      assert.strictEqual((await cli('check', clean, '--format', format)).code, 0, format);
      assert.strictEqual((await cli('check', clean, '--format', format, '--min-severity', 'medium')).code, 1, format);
      const bad = await cli('check', broken, '--format', format);
      assert.strictEqual(bad.code, 2, format);
      assert.strictEqual(bad.stdout, '', `${format}: nothing on stdout for bad input`);
      assert.strictEqual((await cli('check', '/nonexistent/stack-guide', '--format', format)).code, 2, format);
    }
  });

  it("--output writes the format whole to a file and prints the summary; the code is the gate's", async function () {
    this.timeout(20_000);
    const dir = closedHigh();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-output-'));
    for (const format of FORMATS) {
      const file = path.join(out, `report.${format}`);
      fs.writeFileSync(file, 'old content');
      const written = await cliIn(out, 'check', dir, '--format', format, '--output', `report.${format}`);
      const direct = await cli('check', dir, '--format', format);
      assert.strictEqual(written.code, 1, format);
      const content = fs.readFileSync(file, 'utf8');
      assert.strictEqual(
        content,
        format === 'github' ? direct.stdout.slice(0, direct.stdout.indexOf('Go (.)')) : direct.stdout,
        `${format}: the file holds what stdout would`,
      );
      assert.match(
        written.stdout,
        new RegExp(
          `^Go \\(\\.\\): 0/${GO_ITEMS} closed\n${GO_HIGH.length} open or stale item\\(s\\) at high severity or above\\.\nWrote [^\n]+ to report\\.[a-z]+\\.\n$`,
        ),
        format,
      );
      assert.deepStrictEqual(
        fs.readdirSync(out).filter((name) => name.endsWith('.tmp')),
        [],
        'no temporary file left',
      );
    }
    const missing = await cli('check', dir, '--format', 'sarif', '--output', path.join(out, 'no-such-dir', 'x.sarif'));
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /^stack-guide: check: cannot write .*x\.sarif: ENOENT\n$/);
  });
});
