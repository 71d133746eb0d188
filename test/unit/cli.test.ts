import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadProfiles } from '../../src/core/profiles/loader';
import { checklistItems } from '../../src/core/profiles/model';
import { emptyLegacyReview, serializeLegacyReview, textHash, withLegacyEntry } from '../../src/core/review/legacy/legacyFile';
import { runCli } from '../../src/node/cli';
import { makeTree, PROFILES_DIR, REPO } from './treeHelper';
import { GO_SERVICE } from './cliHelper';

/** Runs the CLI in this process, with its output captured: the same code path as dist/cli.js, without a Node start per call. */
async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    cwd: process.cwd(),
    profilesDir: PROFILES_DIR,
  });
  return { code, stdout, stderr };
}

const go = loadProfiles([{ file: 'go.yaml', bytes: fs.readFileSync(path.join(PROFILES_DIR, 'go.yaml')) }]).profiles[0];
// Counts come from the shipped profile, so a new Go check does not break these tests.
const GO_ITEMS = checklistItems(go).length;
const GO_HIGH = checklistItems(go).filter((item) => item.severity === 'high');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
function reviewWith(filter: (severity: string) => boolean): string {
  let data = emptyLegacyReview();
  for (const item of checklistItems(go).filter((i) => filter(i.severity))) {
    data = withLegacyEntry(data, '.', item.id, { state: 'done', by: 'ci', at: '2026-11-28T00:00:00Z', textHash: textHash(item.text) });
  }
  return serializeLegacyReview(data);
}

describe('stack-guide CLI (in process, through runCli)', () => {
  it('detect --json prints the detection structure', async () => {
    const dir = makeTree({ 'go.mod': 'module x', 'web/package.json': '{"dependencies":{"react":"18"}}', 'node_modules/x/go.mod': '' });
    const { code, stdout } = await cli('detect', dir, '--json');
    assert.strictEqual(code, 0);
    const detection = JSON.parse(stdout);
    assert.deepStrictEqual(
      detection.folders[0].components.map((c: { path: string; ecosystems: { id: string }[] }) => [c.path, c.ecosystems[0].id]),
      [
        ['.', 'go'],
        ['web', 'javascript'],
      ],
    );
  });

  it('detect prints a readable table by default and honours --max-depth', async () => {
    const dir = makeTree({ 'go.mod': '', 'a/b/Cargo.toml': '' });
    assert.match(
      (await cli('detect', dir)).stdout,
      /^COMPONENT\s+ECOSYSTEM\s+CONFIDENCE\s+EVIDENCE\n\.\s+go\s+0\.90\s+go\.mod\na\/b\s+rust/,
    );
    assert.doesNotMatch((await cli('detect', dir, '--max-depth', '1')).stdout, /rust/);
  });

  it('exits 2 with a clear message for a missing directory or a bad option', async () => {
    const missing = await cli('detect', '/nonexistent/stack-guide-dir');
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /cannot read directory \/nonexistent\/stack-guide-dir: ENOENT/);
    assert.strictEqual((await cli('detect', '.', '--max-depth', 'deep')).code, 2);
    assert.strictEqual((await cli('frobnicate')).code, 2);
  });

  it('check exits 1 while a high-severity item is open, and lists it', async () => {
    const dir = makeTree({ ...GO_SERVICE });
    const { code, stdout } = await cli('check', dir);
    assert.strictEqual(code, 1);
    assert.match(stdout, new RegExp(`^Go \\(\\.\\): 0/${GO_ITEMS} closed$`, 'm'));
    assert.ok(
      stdout.includes(`OPEN  [high] go.delivery.timeouts: ${checklistItems(go).find((item) => item.id === 'go.delivery.timeouts')!.text}`),
      stdout,
    );
  });

  it('check exits 0 once every item at the severity is closed', async () => {
    const dir = makeTree({ ...GO_SERVICE, '.stackguide/review.yaml': reviewWith((s) => s === 'high') });
    assert.strictEqual((await cli('check', dir)).code, 0);
    assert.strictEqual((await cli('check', dir, '--min-severity', 'medium')).code, 1);
  });

  it('check counts a tick on changed text as open (stale)', async () => {
    const review = reviewWith((s) => s === 'high').replace(/textHash: .+/, 'textHash: "deadbeef"');
    const dir = makeTree({ ...GO_SERVICE, '.stackguide/review.yaml': review });
    const { code, stdout } = await cli('check', dir);
    assert.strictEqual(code, 1);
    assert.match(stdout, /STALE \[high\]/);
  });

  it('check exits 2 on a broken review file, naming file and line', async () => {
    const dir = makeTree({ ...GO_SERVICE, '.stackguide/review.yaml': 'version: 1\ncomponents:\n<<<<<<< ours\n=======\n>>>>>>> theirs\n' });
    const { code, stderr } = await cli('check', dir);
    assert.strictEqual(code, 2);
    assert.ok(stderr.includes(`${path.join(dir, '.stackguide', 'review.yaml')}:3:1: error: the file contains merge-conflict markers`));
  });

  it('check --format markdown and json', async () => {
    const dir = makeTree({ ...GO_SERVICE });
    const markdown = (await cli('check', dir, '--format', 'markdown')).stdout;
    assert.match(
      markdown,
      new RegExp(
        `^## Stack Guide review\n\n\\*\\*${GO_HIGH.length} open or stale items at high severity or above:\\*\\*\n\n- \`${escape(GO_HIGH[0].id)}\` `,
      ),
    );
    assert.match(markdown, new RegExp(`^### Go — \`\\.\` \\(0/${GO_ITEMS}\\)$`, 'm'));
    const json = JSON.parse((await cli('check', dir, '--format', 'json')).stdout);
    assert.strictEqual(json.components[0].items.length, GO_ITEMS);
    // Every item says what its evidence is: found, missing, or not checked (no probe).
    const lockfile = json.components[0].items.find((item: { id: string }) => item.id === 'go.delivery.lockfile');
    assert.deepStrictEqual(lockfile.evidence, {
      status: 'missing',
      locations: [],
      reason: 'no file matching `go.sum` under the folder root',
    });
    assert.ok(
      json.components[0].items.every((item: { evidence: { status: string } }) =>
        ['found', 'missing', 'not-checked', 'present', 'absent'].includes(item.evidence.status),
      ),
    );
    assert.ok(json.blocking.some((item: { unit: string; id: string }) => item.unit === '.' && item.id === 'go.delivery.timeouts'));
  });

  it('check applies the team profiles in .stackguide/profiles, as the editor does', async () => {
    const team = `schema: 1\nextends: go\nchecklist:\n  drop: [${GO_HIGH.map((item) => item.id).join(', ')}]\n`;
    const dir = makeTree({ ...GO_SERVICE, '.stackguide/profiles/acme.yaml': team });
    const { code, stdout } = await cli('check', dir);
    assert.strictEqual(code, 0, stdout);
    assert.match(stdout, new RegExp(`^Go \\(\\.\\): 0/${GO_ITEMS - GO_HIGH.length} closed$`, 'm'));
  });

  it('check reads the review file named by --review-file, and keeps it inside the directory', async () => {
    const dir = makeTree({ ...GO_SERVICE, 'review/state.yaml': reviewWith((s) => s === 'high') });
    assert.strictEqual((await cli('check', dir, '--review-file', 'review/state.yaml')).code, 0);
    const outside = await cli('check', dir, '--review-file', '../elsewhere.yaml');
    assert.strictEqual(outside.code, 2);
    assert.match(outside.stderr, /--review-file must be a path inside the directory/);
  });

  it('check refuses a severity that is not high, medium or low', async () => {
    const dir = makeTree({ ...GO_SERVICE });
    for (const bad of ['toString', 'urgent']) {
      const { code, stderr } = await cli('check', dir, '--min-severity', bad);
      assert.strictEqual(code, 2, bad);
      assert.match(stderr, /--min-severity must be high, medium or low/);
    }
  });

  it('validate reports every problem with file, line and column, and exits 2', async () => {
    const dir = makeTree({ 'broken.yaml': 'schema: 1\nid: Bad Id\n' });
    const { code, stderr } = await cli('validate', dir);
    assert.strictEqual(code, 2);
    assert.match(
      stderr,
      new RegExp(`${path.join(dir, 'broken.yaml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2:5: error: id "Bad Id" does not match`),
    );
    assert.strictEqual((await cli('validate')).code, 0);
  });

  const cargoWorkspace = () =>
    makeTree({
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\nexclude = ["crates/scratch"]\n',
      'crates/api/Cargo.toml': '[package]\nname = "api"\n',
      'crates/core/Cargo.toml': '[package]\nname = "core"\n',
      'crates/cli/Cargo.toml': '[package]\nname = "cli"\n',
      'crates/scratch/Cargo.toml': '[package]\nname = "scratch"\n',
      'tools/go.mod': 'module tools',
    });

  it('detect lists build workspaces and their members, in the table and in --json', async () => {
    const dir = cargoWorkspace();
    const table = (await cli('detect', dir)).stdout;
    assert.match(table, /^WORKSPACE\s+KIND\s+MANIFEST\s+MEMBERS\n\.\s+cargo\s+Cargo\.toml\s+3: crates\/api, crates\/cli, crates\/core$/m);
    const json = JSON.parse((await cli('detect', dir, '--json')).stdout);
    assert.deepStrictEqual(json.folders[0].workspaces, [
      { kind: 'cargo', root: '.', manifest: 'Cargo.toml', members: ['crates/api', 'crates/cli', 'crates/core'] },
    ]);
  });

  it('check has one entry per review unit: the Cargo workspace once with its members, the excluded crate and the Go tool apart', async () => {
    const dir = cargoWorkspace();
    const json = JSON.parse((await cli('check', dir, '--format', 'json')).stdout);
    assert.deepStrictEqual(
      json.components.map((unit: { path: string; ecosystem: string; members: string[] }) => [unit.path, unit.ecosystem, unit.members]),
      [
        ['.', 'rust', ['crates/api', 'crates/cli', 'crates/core']],
        ['crates/scratch', 'rust', []],
        ['tools', 'go', []],
      ],
    );
    const text = (await cli('check', dir)).stdout;
    assert.match(text, /^Rust \(\., 3 members of the Cargo workspace \(Cargo\.toml\)\): 0\/\d+ closed(, \d+ not applicable here)?$/m);
    assert.match(
      (await cli('check', dir, '--format', 'markdown')).stdout,
      /^3 members of the Cargo workspace \(Cargo\.toml\): `crates\/api`, `crates\/cli`, `crates\/core`$/m,
    );
  });

  it("review set records a decision with the extension's writer, and check sees it", async () => {
    const dir = makeTree({ ...GO_SERVICE });
    const set = await cli(
      'review',
      'set',
      'go.delivery.timeouts',
      dir,
      '--state',
      'done',
      '--by',
      'Release Bot',
      '--note',
      'checked in #42',
    );
    assert.strictEqual(set.code, 0, set.stderr);
    assert.strictEqual(set.stdout, 'go.delivery.timeouts: done by Release Bot\n');
    const file = fs.readFileSync(path.join(dir, '.stackguide', 'review', 'go.delivery.timeouts.yaml'), 'utf8');
    assert.match(file, /^state: done\nby: Release Bot\n/m);
    assert.match(file, /^note: "checked in #42"$/m);
    const json = JSON.parse((await cli('check', dir, '--format', 'json')).stdout);
    const item = json.components[0].items.find((candidate: { id: string }) => candidate.id === 'go.delivery.timeouts');
    assert.deepStrictEqual([item.state, item.by, item.note], ['done', 'Release Bot', 'checked in #42']);
    const reopened = await cli('review', 'set', 'go.delivery.timeouts', dir, '--state', 'open', '--by', 'Release Bot');
    assert.strictEqual(reopened.code, 0);
    assert.match(
      fs.readFileSync(path.join(dir, '.stackguide', 'review', 'go.delivery.timeouts.yaml'), 'utf8'),
      /^state: open$/m,
      'reopening is recorded, and keeps the note',
    );
  });

  it('an accepted risk does not fail the gate, and check lists it with its owner and reason', async () => {
    const dir = makeTree({ ...GO_SERVICE, '.stackguide/review.yaml': reviewWith((s) => s === 'high') });
    const refused = await cli('review', 'set', 'go.risk.errors', dir, '--state', 'accepted', '--by', 'Bo');
    assert.strictEqual(refused.code, 2);
    assert.match(refused.stderr, /--state accepted needs --note \(the reason\) and --owner/);
    assert.strictEqual((await cli('review', 'set', 'go.delivery.timeouts', dir, '--state', 'open', '--by', 'Bo')).code, 0);
    assert.strictEqual((await cli('check', dir)).code, 1, 'reopened: the gate fails');
    const accepted = await cli(
      'review',
      'set',
      'go.delivery.timeouts',
      dir,
      '--state',
      'accepted',
      '--note',
      'until the client rewrite',
      '--owner',
      'platform team',
      '--by',
      'Bo',
    );
    assert.strictEqual(accepted.code, 0, accepted.stderr);
    const check = await cli('check', dir);
    assert.strictEqual(check.code, 0, check.stdout);
    assert.match(check.stdout, new RegExp(`^Go \\(\\.\\): \\d+/${GO_ITEMS} closed, 1 accepted risk\\(s\\)$`, 'm'));
    assert.match(check.stdout, /^ {2}ACCEPTED \[high\] go\.delivery\.timeouts: .* \(owner platform team: until the client rewrite\)$/m);
    const json = JSON.parse((await cli('check', dir, '--format', 'json')).stdout);
    assert.deepStrictEqual(json.accepted, [
      { unit: '.', id: 'go.delivery.timeouts', severity: 'high', by: 'Bo', reason: 'until the client rewrite', owner: 'platform team' },
    ]);
  });

  it('review set asks for --unit when an item is in two units, and refuses unknown items and states', async () => {
    const dir = makeTree({ 'services/a/go.mod': '', 'services/b/go.mod': '' });
    const ambiguous = await cli('review', 'set', 'go.delivery.timeouts', dir, '--state', 'done', '--by', 'x');
    assert.strictEqual(ambiguous.code, 2);
    assert.match(
      ambiguous.stderr,
      /is in several units or members \(services\/a#go\.delivery\.timeouts, services\/b#go\.delivery\.timeouts\); choose one with --unit/,
    );
    const chosen = await cli('review', 'set', 'go.delivery.timeouts', dir, '--state', 'n/a', '--unit', 'services/b', '--by', 'x');
    assert.strictEqual(chosen.code, 0, chosen.stderr);
    assert.ok(fs.existsSync(path.join(dir, '.stackguide', 'review', 'services', 'b', 'go.delivery.timeouts.yaml')));
    assert.match((await cli('review', 'set', 'go.nothing.here', dir, '--state', 'done')).stderr, /no checklist item "go\.nothing\.here"/);
    assert.match(
      (await cli('review', 'set', 'go.delivery.timeouts', dir, '--state', 'maybe')).stderr,
      /--state must be done, n\/a, open, accepted or needs-action/,
    );
  });

  it('the first decision moves a version-1 file into the review folder without losing a tick', async () => {
    const dir = makeTree({ ...GO_SERVICE, '.stackguide/review.yaml': reviewWith((s) => s === 'high') });
    const highBefore = JSON.parse((await cli('check', dir, '--format', 'json')).stdout).components[0].items.filter(
      (item: { state: string }) => item.state === 'done',
    ).length;
    assert.ok(highBefore > 0);
    assert.strictEqual(
      (await cli('review', 'set', checklistItems(go).find((item) => item.severity !== 'high')!.id, dir, '--state', 'done', '--by', 'x'))
        .code,
      0,
    );
    assert.ok(!fs.existsSync(path.join(dir, '.stackguide', 'review.yaml')), 'the version-1 file is gone');
    const after = JSON.parse((await cli('check', dir, '--format', 'json')).stdout).components[0].items.filter(
      (item: { state: string }) => item.state === 'done',
    ).length;
    assert.strictEqual(after, highBefore + 1);
  });
});

describe('dist/cli.js as a program', () => {
  it("runs from the bundle and exits with the command's code", function () {
    // One process start for the bundle itself; every other CLI test runs in process.
    this.timeout(30_000);
    const dir = makeTree({ ...GO_SERVICE });
    const result = spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'check', dir], { encoding: 'utf8' });
    assert.strictEqual(result.status, 1, result.stderr);
    assert.match(result.stdout, new RegExp(`^Go \\(\\.\\): 0/${GO_ITEMS} closed$`, 'm'));
  });
});
