import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadProfiles } from '../../src/core/profiles/loader';
import { checklistItems } from '../../src/core/profiles/model';
import { emptyReview, serializeReview, textHash, withEntry } from '../../src/core/review/reviewFile';
import { makeTree, PROFILES_DIR, REPO } from './treeHelper';

const CLI = path.join(REPO, 'dist', 'cli.js');
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const go = loadProfiles([{ file: 'go.yaml', bytes: fs.readFileSync(path.join(PROFILES_DIR, 'go.yaml')) }]).profiles[0];
function reviewWith(filter: (severity: string) => boolean): string {
  let data = emptyReview();
  for (const item of checklistItems(go).filter((i) => filter(i.severity))) {
    data = withEntry(data, '.', item.id, { state: 'done', by: 'ci', at: '2026-11-28T00:00:00Z', textHash: textHash(item.text) });
  }
  return serializeReview(data);
}

describe('stack-guide CLI (dist/cli.js)', () => {
  it('detect --json prints the detection structure', () => {
    const dir = makeTree({ 'go.mod': 'module x', 'web/package.json': '{"dependencies":{"react":"18"}}', 'node_modules/x/go.mod': '' });
    const { code, stdout } = cli('detect', dir, '--json');
    assert.strictEqual(code, 0);
    const detection = JSON.parse(stdout);
    assert.deepStrictEqual(
      detection.folders[0].components.map((c: { path: string; ecosystems: { id: string }[] }) => [c.path, c.ecosystems[0].id]),
      [['.', 'go'], ['web', 'javascript']],
    );
  });

  it('detect prints a readable table by default and honours --max-depth', () => {
    const dir = makeTree({ 'go.mod': '', 'a/b/Cargo.toml': '' });
    assert.match(cli('detect', dir).stdout, /^COMPONENT\s+ECOSYSTEM\s+CONFIDENCE\s+EVIDENCE\n\.\s+go\s+0\.90\s+go\.mod\na\/b\s+rust/);
    assert.doesNotMatch(cli('detect', dir, '--max-depth', '1').stdout, /rust/);
  });

  it('exits 2 with a clear message for a missing directory or a bad option', () => {
    const missing = cli('detect', '/nonexistent/stack-guide-dir');
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /cannot read directory \/nonexistent\/stack-guide-dir: ENOENT/);
    assert.strictEqual(cli('detect', '.', '--max-depth', 'deep').code, 2);
    assert.strictEqual(cli('frobnicate').code, 2);
  });

  it('check exits 1 while a high-severity item is open, and lists it', () => {
    const dir = makeTree({ 'go.mod': '' });
    const { code, stdout } = cli('check', dir);
    assert.strictEqual(code, 1);
    assert.match(stdout, /^Go \(\.\): 0\/14 closed$/m);
    assert.match(stdout, /OPEN  \[high\] go\.delivery\.timeouts: Control timeouts/);
  });

  it('check exits 0 once every item at the severity is closed', () => {
    const dir = makeTree({ 'go.mod': '', '.stackguide/review.yaml': reviewWith((s) => s === 'high') });
    assert.strictEqual(cli('check', dir).code, 0);
    assert.strictEqual(cli('check', dir, '--min-severity', 'medium').code, 1);
  });

  it('check counts a tick on changed text as open (stale)', () => {
    const review = reviewWith((s) => s === 'high').replace(/textHash: .+/, 'textHash: "deadbeef"');
    const dir = makeTree({ 'go.mod': '', '.stackguide/review.yaml': review });
    const { code, stdout } = cli('check', dir);
    assert.strictEqual(code, 1);
    assert.match(stdout, /STALE \[high\]/);
  });

  it('check exits 2 on a broken review file, naming file and line', () => {
    const dir = makeTree({ 'go.mod': '', '.stackguide/review.yaml': 'version: 1\ncomponents:\n<<<<<<< ours\n=======\n>>>>>>> theirs\n' });
    const { code, stderr } = cli('check', dir);
    assert.strictEqual(code, 2);
    assert.ok(stderr.includes(`${path.join(dir, '.stackguide', 'review.yaml')}:3:1: error: the file contains merge-conflict markers`));
  });

  it('check --format markdown and json', () => {
    const dir = makeTree({ 'go.mod': '' });
    assert.match(cli('check', dir, '--format', 'markdown').stdout, /^## Stack Guide review\n\n### Go — `\.` \(0\/14\)/);
    const json = JSON.parse(cli('check', dir, '--format', 'json').stdout);
    assert.strictEqual(json.components[0].items.length, 14);
    assert.ok(json.blocking.some((item: { component: string; id: string }) => item.component === '.' && item.id === 'go.delivery.timeouts'));
  });

  it('check applies the team profiles in .stackguide/profiles, as the editor does', () => {
    const team = 'schema: 1\nextends: go\nchecklist:\n  drop: [go.delivery.runtime, go.delivery.boundaries, go.delivery.timeouts, go.risk.concurrency, go.quality.race, go.quality.vuln]\n';
    const dir = makeTree({ 'go.mod': '', '.stackguide/profiles/acme.yaml': team });
    const { code, stdout } = cli('check', dir);
    assert.strictEqual(code, 0, stdout);
    assert.match(stdout, /^Go \(\.\): 0\/8 closed$/m);
  });

  it('check reads the review file named by --review-file, and keeps it inside the directory', () => {
    const dir = makeTree({ 'go.mod': '', 'review/state.yaml': reviewWith((s) => s === 'high') });
    assert.strictEqual(cli('check', dir, '--review-file', 'review/state.yaml').code, 0);
    const outside = cli('check', dir, '--review-file', '../elsewhere.yaml');
    assert.strictEqual(outside.code, 2);
    assert.match(outside.stderr, /--review-file must be a path inside the directory/);
  });

  it('check refuses a severity that is not high, medium or low', () => {
    const dir = makeTree({ 'go.mod': '' });
    for (const bad of ['toString', 'urgent']) {
      const { code, stderr } = cli('check', dir, '--min-severity', bad);
      assert.strictEqual(code, 2, bad);
      assert.match(stderr, /--min-severity must be high, medium or low/);
    }
  });

  it('validate reports every problem with file, line and column, and exits 2', () => {
    const dir = makeTree({ 'broken.yaml': 'schema: 1\nid: Bad Id\n' });
    const { code, stderr } = cli('validate', dir);
    assert.strictEqual(code, 2);
    assert.match(stderr, new RegExp(`${path.join(dir, 'broken.yaml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2:5: error: id "Bad Id" does not match`));
    assert.strictEqual(cli('validate').code, 0);
  });
});
