import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cliIn, assertTerminalSafe, multitoolValidate } from './cliHelper';
import { parseNameStatus } from '../../src/node/git';
import { checkOnChange, onChangeMatcher } from '../../src/core/change/onChange';
import { GITHUB_COMMENT_LIMIT, PR_COMMENT_MARKER, prCommentMarkdown } from '../../src/core/change/prComment';
import { touchedItems, touchedUnits } from '../../src/core/change/touched';
import { checkReport } from '../../src/core/report/model';
import type { ChecklistItem, ChecklistUnit } from '../../src/core/review/checklist';
import { DEFAULT_LAYOUT } from '../../src/core/review/reviewData';
import { loadProfiles } from '../../src/core/profiles/loader';
import { PROFILES_DIR, REPO } from './treeHelper';
import { checklistItems } from '../../src/core/profiles/model';

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A git repository in a temp folder with the files committed on main, then a branch `feature`. */
function repo(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-change-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'commit.gpgsign', 'false');
  write(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  git(dir, 'checkout', '-q', '-b', 'feature');
  return dir;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

function commit(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}

interface JsonItem {
  id: string;
  touchedBy: { path: string; line?: number }[];
}
interface JsonComponent {
  path: string;
  ecosystem: string;
  touched: boolean;
  items: JsonItem[];
}
interface ChangeJson {
  components: JsonComponent[];
  changedFiles: { path: string; status: string; from?: string }[];
  decidedInThisChange: string[];
  blocking: { id: string }[];
}

async function changeJson(dir: string, ...extra: string[]): Promise<{ code: number; json: ChangeJson }> {
  const { code, stdout, stderr } = await cliIn(dir, 'check', '.', '--changed-since', 'main', '--format', 'json', ...extra);
  assert.ok(code === 0 || code === 1, stderr);
  return { code, json: JSON.parse(stdout) as ChangeJson };
}

const CARGO_WORKSPACE = {
  'Cargo.toml': '[workspace]\nmembers = ["crates/a", "crates/b"]\n',
  'Cargo.lock': '# lock\nversion = 3\n',
  'crates/a/Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n',
  'crates/a/src/lib.rs': 'pub fn a() {}\n',
  'crates/b/Cargo.toml': '[package]\nname = "b"\nversion = "0.1.0"\n',
  'crates/b/src/lib.rs': 'pub fn b() {}\n',
  'web/package.json': '{ "name": "web", "version": "1.0.0", "dependencies": { "left-pad": "1.3.0" } }\n',
  'web/index.js': 'module.exports = 1;\n',
  'svc/go.mod': 'module example.com/svc\n\ngo 1.22\n',
  'svc/main.go': 'package main\n\nfunc main() {}\n',
};

describe('reviewing a change (check --changed-since, real git repositories)', function () {
  this.timeout(60_000);

  it('a branch that changes one member of a Cargo workspace touches that unit only, and every item when the member manifest changes', async () => {
    const dir = repo(CARGO_WORKSPACE);
    // Rust code probes read every .rs file, so the file no probe reads is a text file of member a.
    write(dir, { 'crates/a/NOTES.txt': 'notes\n' });
    commit(dir, 'add a text file to member a');
    let { json, code } = await changeJson(dir);
    const rust = json.components.find((component) => component.ecosystem === 'rust')!;
    assert.strictEqual(rust.touched, true);
    assert.deepStrictEqual(rust.items, [], 'a file no probe reads touches no item');
    for (const other of json.components.filter((component) => component !== rust)) {
      assert.strictEqual(other.touched, false, other.path);
      assert.deepStrictEqual(other.items, []);
    }
    assert.deepStrictEqual(json.changedFiles, [{ path: 'crates/a/NOTES.txt', status: 'added' }]);
    assert.strictEqual(code, 0, 'the gate depends on touched items only');

    write(dir, { 'crates/a/Cargo.toml': '[package]\nname = "a"\nversion = "0.2.0"\n' });
    ({ json, code } = await changeJson(dir));
    const touched = json.components.find((component) => component.ecosystem === 'rust')!;
    assert.ok(touched.items.length > 5, 'a member manifest touches every item of its unit');
    assert.ok(touched.items.every((item) => item.touchedBy.some((by) => by.path === 'crates/a/Cargo.toml')));
    assert.strictEqual(code, 1);
    assert.ok(json.blocking.every((item) => item.id.startsWith('rust.')));
    assert.ok(json.components.filter((component) => component.ecosystem !== 'rust').every((component) => !component.touched));

    // The text report: one line per untouched unit.
    const text = await cliIn(dir, 'check', '.', '--changed-since', 'main');
    assert.match(text.stdout, /since main \(merge base [0-9a-f]{12}\)/);
    assert.match(text.stdout, /^unchanged: JavaScript \(web\)/m);
    assert.match(text.stdout, /^unchanged: Go \(svc\)/m);
    assertTerminalSafe(text.stdout, 'text');
  });

  it('a lockfile change touches the items whose profile says onChange for it, and not the others', async () => {
    const dir = repo(CARGO_WORKSPACE);
    write(dir, { 'Cargo.lock': '# lock\nversion = 4\n' });
    const { json } = await changeJson(dir); // unstaged
    const rust = json.components.find((component) => component.ecosystem === 'rust')!;
    assert.deepStrictEqual(rust.items.map((item) => item.id).sort(), ['rust.delivery.lockfile', 'rust.quality.supply-chain']);
    assert.deepStrictEqual(rust.items[0].touchedBy, [{ path: 'Cargo.lock' }]);

    // npm: an untracked lockfile next to web/package.json
    write(dir, { 'web/package-lock.json': '{ "lockfileVersion": 3 }\n' });
    const again = (await changeJson(dir)).json;
    const web = again.components.find((component) => component.ecosystem === 'javascript')!;
    assert.ok(web.touched);
    assert.deepStrictEqual(web.items.map((item) => item.id).sort(), ['javascript.delivery.lockfile', 'javascript.quality.audit']);
    assert.ok(again.changedFiles.some((file) => file.path === 'web/package-lock.json' && file.status === 'added'));
  });

  it('a changed decision file is reported as decided in this change, and touches its item', async () => {
    const dir = repo(CARGO_WORKSPACE);
    const set = await cliIn(dir, 'review', 'set', 'go.delivery.lockfile', '.', '--state', 'done', '--unit', 'svc', '--by', 'Ada');
    assert.strictEqual(set.code, 0, set.stderr);
    commit(dir, 'tick');
    const { json } = await changeJson(dir);
    assert.deepStrictEqual(json.decidedInThisChange, ['.stackguide/review/svc/go.delivery.lockfile.yaml']);
    const go = json.components.find((component) => component.ecosystem === 'go')!;
    assert.deepStrictEqual(
      go.items.map((item) => [item.id, item.touchedBy]),
      [['go.delivery.lockfile', [{ path: '.stackguide/review/svc/go.delivery.lockfile.yaml' }]]],
    );
    const text = await cliIn(dir, 'check', '.', '--changed-since', 'main');
    assert.match(text.stdout, /decided in this change: 1/);
    const comment = await cliIn(dir, 'check', '.', '--changed-since', 'main', '--format', 'pr-comment');
    assert.match(comment.stdout, /decided in this change: 1/);
    assert.match(comment.stdout, /<details><summary>Decided: 1 touched item<\/summary>/);
  });

  it('a rename is one change with its old path, and touches the unit through both', async () => {
    const dir = repo(CARGO_WORKSPACE);
    git(dir, 'mv', 'svc/main.go', 'svc/server.go');
    commit(dir, 'rename');
    const { json } = await changeJson(dir);
    assert.deepStrictEqual(json.changedFiles, [{ path: 'svc/server.go', status: 'renamed', from: 'svc/main.go' }]);
    assert.strictEqual(json.components.find((component) => component.ecosystem === 'go')!.touched, true);
    assert.strictEqual(json.components.find((component) => component.ecosystem === 'rust')!.touched, false);
  });

  it('a deleted unit is gone from the report; its files are counted, and the gate holds', async () => {
    const dir = repo(CARGO_WORKSPACE);
    fs.rmSync(path.join(dir, 'svc'), { recursive: true });
    const { json, code } = await changeJson(dir);
    assert.ok(!json.components.some((component) => component.ecosystem === 'go'));
    assert.deepStrictEqual(json.changedFiles.map((file) => [file.path, file.status]).sort(), [
      ['svc/go.mod', 'deleted'],
      ['svc/main.go', 'deleted'],
    ]);
    assert.ok(json.components.every((component) => !component.touched));
    assert.strictEqual(code, 0);
    const text = await cliIn(dir, 'check', '.', '--changed-since', 'main');
    assert.match(text.stdout, /2 outside every unit/);
  });

  it('--changed-files reads a list, and errors name the ref or the file', async () => {
    const dir = repo(CARGO_WORKSPACE);
    fs.writeFileSync(path.join(dir, 'changed.txt'), 'Cargo.lock\r\n\n./web/index.js\nR100\tsvc/main.go\tsvc/server.go\n');
    const listed = await cliIn(dir, 'check', '.', '--changed-files', 'changed.txt', '--format', 'json');
    const json = JSON.parse(listed.stdout) as ChangeJson;
    assert.deepStrictEqual(json.changedFiles, [
      { path: 'Cargo.lock', status: 'modified' },
      { path: 'web/index.js', status: 'modified' },
      { path: 'svc/server.go', status: 'renamed', from: 'svc/main.go' },
    ]);
    const unknown = await cliIn(dir, 'check', '.', '--changed-since', 'no-such-branch');
    assert.strictEqual(unknown.code, 2);
    assert.match(unknown.stderr, /--changed-since no-such-branch: git knows no commit "no-such-branch"/);
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-nogit-'));
    fs.writeFileSync(path.join(outside, 'go.mod'), 'module x\n');
    const noGit = await cliIn(outside, 'check', '.', '--changed-since', 'main');
    assert.strictEqual(noGit.code, 2);
    assert.match(noGit.stderr, /--changed-since main: .* is not inside a git work tree/);
    fs.writeFileSync(path.join(dir, 'bad.txt'), '../etc/passwd\n');
    const bad = await cliIn(dir, 'check', '.', '--changed-files', 'bad.txt');
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /bad\.txt:1: "\.\.\/etc\/passwd" is not a path inside the checked directory/);
    const both = await cliIn(dir, 'check', '.', '--changed-files', 'bad.txt', '--changed-since', 'main');
    assert.match(both.stderr, /cannot be given together/);
    const comment = await cliIn(dir, 'check', '.', '--format', 'pr-comment');
    assert.match(comment.stderr, /pr-comment needs --changed-since/);
  });

  it('SARIF on a change has one run per touched unit, each with its category', async () => {
    const dir = repo(CARGO_WORKSPACE);
    write(dir, {
      'svc/go.mod': 'module example.com/svc\n\ngo 1.23\n',
      'crates/b/Cargo.toml': '[package]\nname = "b"\nversion = "0.2.0"\n',
    });
    const { stdout } = await cliIn(dir, 'check', '.', '--changed-since', 'main', '--format', 'sarif');
    const log = JSON.parse(stdout) as { runs: { automationDetails: { id: string }; results: unknown[] }[] };
    assert.deepStrictEqual(log.runs.map((run) => run.automationDetails.id).sort(), ['stack-guide/go/svc/', 'stack-guide/rust/root/']);
    assert.ok(log.runs.every((run) => run.results.length > 0));
    assert.deepStrictEqual(multitoolValidate(stdout), [], 'valid SARIF 2.1.0 for the SARIF Multitool');
  });

  it('check --suggest lists open items whose evidence is found; review set --accept-suggested writes them with it', async () => {
    const dir = repo({
      ...CARGO_WORKSPACE,
      '.github/workflows/ci.yml': 'jobs:\n  test:\n    steps:\n      - run: go test -race ./...\n      - run: govulncheck ./...\n',
    });
    const listed = await cliIn(dir, 'check', '.', '--suggest', '--format', 'json');
    const suggested = (JSON.parse(listed.stdout) as { suggested: { unit: string; id: string; evidence: string[] }[] }).suggested.filter(
      (item) => item.unit === 'svc',
    );
    assert.ok(suggested.length > 0, listed.stdout);
    assert.ok(suggested.every((item) => item.evidence.length > 0));
    const text = await cliIn(dir, 'check', '.', '--suggest');
    assert.match(text.stdout, /suggested tick\(s\)/);
    const accepted = await cliIn(dir, 'review', 'set', '--accept-suggested', '.', '--unit', 'svc', '--by', 'Ada');
    assert.strictEqual(accepted.code, 0, accepted.stderr);
    assert.match(accepted.stdout, new RegExp(`Accepted ${suggested.length} suggested tick`));
    const after = JSON.parse((await cliIn(dir, 'check', '.', '--format', 'json', '--suggest')).stdout) as {
      suggested: { unit: string }[];
      components: { path: string; items: { id: string; state: string; by?: string; recordedEvidence?: string[] }[] }[];
    };
    assert.deepStrictEqual(
      after.suggested.filter((item) => item.unit === 'svc'),
      [],
    );
    for (const { id, evidence } of suggested) {
      const item = after.components.find((component) => component.path === 'svc')!.items.find((candidate) => candidate.id === id)!;
      assert.strictEqual(item.state, 'done');
      assert.strictEqual(item.by, 'Ada');
      assert.deepStrictEqual(item.recordedEvidence, evidence);
    }
    const refused = await cliIn(dir, 'review', 'set', '--accept-suggested', '.', '--state', 'n/a');
    assert.strictEqual(refused.code, 2);
  });

  it('parses git name-status output with renames and odd names', () => {
    assert.deepStrictEqual(parseNameStatus('M\0a b.txt\0R087\0old\0new\0D\0gone\0A\0tab\there\0'), [
      { path: 'a b.txt', status: 'modified' },
      { path: 'new', status: 'renamed', from: 'old' },
      { path: 'gone', status: 'deleted' },
      { path: 'tab\there', status: 'added' },
    ]);
  });
});

describe('onChange', () => {
  it('is checked by the loader, each problem on its line', () => {
    const rust = fs.readFileSync(path.join(PROFILES_DIR, 'rust.yaml'), 'utf8');
    const at = rust.split('\n').findIndex((line) => line.includes('onChange: { files: [Cargo.lock] }')) + 1;
    assert.ok(at > 0);
    const load = (replacement: string) =>
      loadProfiles([
        { file: 'rust.yaml', bytes: new TextEncoder().encode(rust.replace('onChange: { files: [Cargo.lock] }', replacement)) },
      ]).problems.filter((problem) => problem.severity === 'error');
    assert.deepStrictEqual(load('onChange: always'), []);
    assert.deepStrictEqual(load('onChange: { files: [Cargo.lock] }'), []);
    const [bad] = load('onChange: sometimes');
    assert.strictEqual(bad.line, at);
    assert.match(bad.message, /onChange: must be "always" or a mapping with `files`/);
    assert.match(load('onChange: { files: ["../secret"] }')[0].message, /onChange\.files\[0\]: "\.\.\/secret" must stay inside the unit/);
  });

  it('always, from a team profile, touches the item on any change of its unit', async () => {
    const goProfile = loadProfiles([{ file: 'go.yaml', bytes: fs.readFileSync(path.join(REPO, 'profiles', 'go.yaml')) }]).profiles[0];
    const isCodeProbed = (id: string) =>
      checklistItems(goProfile).some((item) => item.id === id && item.evidence && 'code' in item.evidence);
    const dir = repo({
      ...CARGO_WORKSPACE,
      '.stackguide/profiles/acme-go.yaml':
        'schema: 1\nextends: go\nchecklist:\n  delivery:\n    - id: acme.delivery.changelog\n      text: The change is in the service changelog.\n      severity: medium\n      onChange: always\n',
    });
    write(dir, { 'svc/main.go': 'package main\n\nfunc main() { println() }\n' });
    const { json } = await changeJson(dir);
    const go = json.components.find((component) => component.ecosystem === 'go')!;
    // Besides the team's item, only the items whose code probes read every Go file.
    assert.deepStrictEqual(
      go.items.filter((item) => !isCodeProbed(item.id)).map((item) => [item.id, item.touchedBy]),
      [['acme.delivery.changelog', [{ path: 'svc/main.go' }]]],
    );
    assert.ok(go.items.filter((item) => isCodeProbed(item.id)).length > 0);
  });

  it('accepts always and files, refuses anything else with a path', () => {
    assert.deepStrictEqual(checkOnChange('always'), []);
    assert.deepStrictEqual(checkOnChange({ files: ['Cargo.lock', '**/*.lock'] }), []);
    assert.deepStrictEqual(checkOnChange('sometimes')[0].path, []);
    assert.deepStrictEqual(checkOnChange({ files: [] })[0].path, ['files']);
    assert.deepStrictEqual(checkOnChange({ files: ['../x'] })[0].path, ['files[0]']);
    assert.deepStrictEqual(checkOnChange({ files: ['{a'] })[0].path, ['files[0]']);
    assert.deepStrictEqual(checkOnChange({ files: ['a'], when: 1 })[0].path, ['when']);
    const lock = onChangeMatcher({ files: ['Cargo.lock', 'deps/*.toml'] });
    assert.ok(lock('Cargo.lock') && lock('nested/Cargo.lock') && lock('deps/a.toml'));
    assert.ok(!lock('src/lib.rs') && !lock('x/deps/a.toml'));
  });
});

describe('check --format pr-comment', () => {
  const HOSTILE =
    '<img src=x onerror=alert(1)> [link](https://evil.example) **bold** `code` | table | @everyone #1 \u001b[31m\n::error::forged\u202e <!-- stack-guide:pr-comment -->';

  function unit(items: number, text = 'Item text', path = 'svc', title?: string): ChecklistUnit {
    const list: ChecklistItem[] = [];
    for (let i = 0; i < items; i++) {
      list.push({
        key: `k${path}${i}`,
        root: '/r',
        id: `go.delivery.item${i}`,
        ecosystem: 'go',
        unit: path,
        reviewKey: { unit: path, id: `go.delivery.item${i}` },
        group: 'delivery',
        ...(title ? { title } : {}),
        text,
        severity: 'high',
        state: i === 0 ? 'done' : 'open',
        by: i === 0 ? 'Ada' : undefined,
        at: i === 0 ? '2026-01-01T00:00:00Z' : undefined,
        evidence: { status: 'found', locations: [{ path: `${path}/${HOSTILE}.yml`, line: 3 }] },
      });
    }
    return { folder: 'r', root: '/r', path, members: [], ecosystem: 'go', ecosystemName: 'Go', items: list };
  }

  function render(units: ChecklistUnit[], changedPaths: string[], limit?: number) {
    const folder = {
      components: units.map((u) => ({ path: u.path, ecosystems: [{ id: 'go', confidence: 1, evidence: [`${u.path}/go.mod`] }] })),
    };
    const change = touchedItems({
      units,
      folder,
      profiles: [],
      changed: changedPaths.map((p) => ({ path: p, status: 'modified' as const })),
      layout: DEFAULT_LAYOUT,
    });
    const report = checkReport({
      units: touchedUnits(change),
      orphans: [],
      minSeverity: 'high',
      folder: { ...folder, folder: 'r', root: '/r', skipped: [], workspaces: [] },
      locate: (p) => ({ path: p, relative: true, line: 1 }),
    });
    return prCommentMarkdown(report, change, { ref: HOSTILE, mergeBase: 'abcdef0123456789', limit });
  }

  it('escapes every repository string with the Markdown report escaper, and starts with the marker', () => {
    // The comment shows titles (at most 48 characters, cut when longer), so the hostile strings are
    // titles: the long one cut, and two short ones that hold the rest of it.
    const body = render(
      [
        unit(3, 'text', `svc${HOSTILE}`, HOSTILE),
        unit(2, 'text', 'svc2', '[link](https://evil.example) **bold** @everyone'),
        unit(2, 'text', 'svc3', '\u001b[31m\u202e <!-- stack-guide:pr-comment -->'),
        unit(2, 'other', 'other'),
      ],
      [`svc${HOSTILE}/go.mod`, 'svc2/go.mod', 'svc3/go.mod'],
    );
    assert.ok(body.startsWith(`${PR_COMMENT_MARKER}\n`));
    // Outside code spans (where it shows as text), the marker is the first line alone.
    assert.strictEqual(body.replace(/`[^`\n]*`/g, '').split(PR_COMMENT_MARKER).length, 2, 'the marker in item text is escaped');
    // Paths and refs are code spans (markdownCode: no backtick can end them), where nothing is markup.
    const prose = body.replace(/`[^`\n]*`/g, '');
    assert.ok(!prose.includes('<img'), 'no HTML from the repository');
    assert.ok(!/(?<!\\)\]\(https:\/\/evil/.test(prose), 'no link syntax from the repository');
    // The URL cannot autolink either: the escaper breaks its scheme, and an @mention never notifies.
    assert.ok(prose.includes('\\[link\\](https\\://evil.example)'));
    assert.ok(prose.includes('@\u2060everyone') && !/@everyone/.test(prose));
    assert.ok(body.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(body.includes('\\*\\*bold\\*\\*'));
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u202e]/.test(body));
    assert.ok(!body.split('\n').some((line) => line.startsWith('::')), 'the newline in the text does not start a line');
    assert.match(body, /^- \[ \] .* — _high_ · evidence: `/m);
    assert.match(body, /<details><summary>Decided: 1 touched item<\/summary>/);
    assert.match(body, /<details><summary>Not touched by this change: 1 unit<\/summary>/);
    assert.match(body, /\*\*4 open or stale items at high severity or above in what this change touches\.\*\*/);
  });

  it("lists each item by its title, or its text cut at a word within 48 characters (a team profile's item without one)", () => {
    const text = 'The service drains in-flight requests on SIGTERM and closes its pools before the grace period ends.';
    const body = render([unit(2, text, 'svc', 'SIGTERM drains requests'), unit(2, text, 'api')], ['svc/go.mod', 'api/go.mod']);
    assert.match(body, /^- \[ \] SIGTERM drains requests — _high_ · evidence: /m);
    assert.match(body, /^- \[ \] The service drains in-flight requests on… — _high_ · evidence: /m);
    assert.ok(!body.includes(text), 'the whole text is left to the job summary');
  });

  it("stays within GitHub's limit, summarised past it", () => {
    const long = 'x'.repeat(5000);
    const units = Array.from({ length: 40 }, (_, i) => unit(30, long, `svc${i}`));
    const body = render(
      units,
      units.map((u) => `${u.path}/go.mod`),
    );
    assert.ok(body.length <= GITHUB_COMMENT_LIMIT, String(body.length));
    assert.match(body, /\*\*Summarised:\*\* \d+ more open items in \d+ units are not listed here/);
    assert.ok(body.startsWith(PR_COMMENT_MARKER));
    const small = render(
      units,
      units.map((u) => `${u.path}/go.mod`),
      5000,
    );
    assert.ok(small.length <= 5000, String(small.length));
  });
});
