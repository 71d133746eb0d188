/**
 * `npm run bench`: one table, each row measured in this run against its peer or its budget.
 * Numbers are reported, never asserted: speed claims live here, not in unit tests.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderPage } from '../src/core/page/render';
import { loadProfiles } from '../src/core/profiles/loader';
import type { Profile } from '../src/core/profiles/model';
import { buildChecklist, progress } from '../src/core/review/checklist';
import { emptyReview, serializeReview, textHash, withEntry } from '../src/core/review/reviewFile';
import { copyFixture, launchBrowser, startServer, workbenchUrl } from '../test/host/codeServer';
import { ensureHost, REPO_ROOT } from '../test/host/hostInstall';
import { buildMonorepo } from './synth';

interface Row {
  measure: string;
  value: string;
  against: string;
  result: string;
}
const rows: Row[] = [];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0)) + ' ms';

function child(tool: string, dir: string): { ms: number; maxRssMb: number; ecosystems: string[]; trapHits: number } {
  const result = spawnSync(process.execPath, [path.join(__dirname, 'child.js'), tool, dir], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr.slice(-2000)}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

function detection(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-bench-'));
  const started = Date.now();
  const { files } = buildMonorepo(dir);
  console.log(`[bench] synthetic monorepo: ${files} files in ${dir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  try {
    const runs = (tool: string, n: number) => Array.from({ length: n }, () => child(tool, dir));
    const ours = runs('ours', 5);
    const walk = runs('walk', 5);
    const peer = runs('specfy', 3);
    const oursMs = median(ours.map((r) => r.ms));
    const walkMs = median(walk.map((r) => r.ms));
    const peerMs = median(peer.map((r) => r.ms));
    const same = JSON.stringify(ours[0].ecosystems) === JSON.stringify(peer[0].ecosystems);
    rows.push({
      measure: `detection, ${files} files`,
      value: `${fmt(oursMs)}, ${Math.max(...ours.map((r) => r.maxRssMb)).toFixed(0)} MB peak`,
      against: `@specfy/stack-analyser ${fmt(peerMs)}, ${Math.max(...peer.map((r) => r.maxRssMb)).toFixed(0)} MB`,
      result: `${(peerMs / oursMs).toFixed(1)}× faster (target ≥ 20×)`,
    });
    rows.push({
      measure: 'detection vs listing the whole tree',
      value: fmt(oursMs),
      against: `plain recursive readdir ${fmt(walkMs)}`,
      result: `${(oursMs / walkMs).toFixed(2)}× the cost of a full listing`,
    });
    rows.push({
      measure: 'ecosystems found',
      value: `${ours[0].ecosystems.join(', ')}; ${ours[0].trapHits} in trap folders`,
      against: `${peer[0].ecosystems.join(', ')}; ${peer[0].trapHits} in trap folders`,
      result: same ? 'same set' : 'sets differ (see values)',
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function builtInProfiles(): Profile[] {
  const dir = path.join(REPO_ROOT, 'profiles');
  const result = loadProfiles(fs.readdirSync(dir).map((name) => ({ file: name, bytes: fs.readFileSync(path.join(dir, name)) })));
  if (result.problems.length > 0) throw new Error(`profile problems: ${JSON.stringify(result.problems)}`);
  return result.profiles;
}

function pageRendering(profiles: Profile[]): void {
  const context = { cspSource: 'vscode-webview://bench', nonce: 'n', styleUri: 's', scriptUri: 'j' };
  const medians = profiles.map((profile) => {
    for (let i = 0; i < 20; i++) renderPage(profile, context);
    const times = Array.from({ length: 200 }, () => {
      const start = process.hrtime.bigint();
      renderPage(profile, context);
      return Number(process.hrtime.bigint() - start) / 1e6;
    });
    return { id: profile.id, ms: median(times), bytes: Buffer.byteLength(renderPage(profile, context)) };
  });
  const worst = medians.reduce((a, b) => (b.ms > a.ms ? b : a));
  const mediaBytes = ['page.css', 'page.js'].reduce((sum, name) => sum + fs.statSync(path.join(REPO_ROOT, 'media', name)).size, 0);
  rows.push({
    measure: `page render, median per profile (${profiles.length})`,
    value: `slowest ${worst.id} ${fmt(worst.ms)}, fastest ${fmt(Math.min(...medians.map((m) => m.ms)))}`,
    against: 'budget 2 ms',
    result: worst.ms < 2 ? 'within budget' : 'OVER BUDGET',
  });
  const largest = medians.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  rows.push({ measure: 'page size with its media', value: `${((largest.bytes + mediaBytes) / 1024).toFixed(1)} KB (${largest.id})`, against: '—', result: 'reported' });
}

function checklistAtScale(go: Profile): void {
  const items = Array.from({ length: 1000 }, (_, i) => ({ id: `bench.delivery.item-${i}`, text: `Check number ${i}: ${go.checklist.delivery![i % 6].text}`, severity: (['high', 'medium', 'low'] as const)[i % 3] }));
  const profile: Profile = { ...go, id: 'bench', checklist: { delivery: items } };
  const detection = { folders: [{ folder: 'w', root: 'w', skipped: [], workspaces: [], components: [{ path: '.', ecosystems: [{ id: 'bench', confidence: 1, evidence: [] }] }] }] };
  let review = emptyReview();
  for (const item of items.slice(0, 500)) review = withEntry(review, '.', item.id, { state: 'done', by: 'bench', at: new Date().toISOString(), textHash: textHash(item.text) });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-bench-review-'));
  const file = path.join(dir, 'review.yaml');
  const writes = Array.from({ length: 50 }, (_, i) => {
    const start = process.hrtime.bigint();
    review = withEntry(review, '.', items[500 + i].id, { state: 'done', by: 'bench', at: new Date().toISOString(), textHash: textHash(items[500 + i].text) });
    const temp = `${file}.${i}.tmp`;
    fs.writeFileSync(temp, serializeReview(review));
    fs.renameSync(temp, file);
    return Number(process.hrtime.bigint() - start) / 1e6;
  });
  const builds = Array.from({ length: 30 }, () => {
    const start = process.hrtime.bigint();
    const state = { entries: Object.entries(review.components['.'] ?? {}).map(([id, entry]) => ({ key: { unit: '.', id }, entry, file: id })) };
    const { units } = buildChecklist(detection, [profile], new Map([['w', state]]));
    progress(units[0].items);
    return Number(process.hrtime.bigint() - start) / 1e6;
  });
  fs.rmSync(dir, { recursive: true, force: true });
  const write = median(writes);
  const build = median(builds);
  rows.push({ measure: 'tick → review file written, 1,000 items', value: fmt(write), against: 'budget 20 ms', result: write < 20 ? 'within budget' : 'OVER BUDGET' });
  rows.push({ measure: 'checklist model build, 1,000 items', value: fmt(build), against: 'budget 50 ms', result: build < 50 ? 'within budget' : 'OVER BUDGET' });
}

function packageSize(): void {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-vsix-'));
  const vsix = path.join(out, 'stack-guide.vsix');
  try {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'esbuild.js'), '--release'], { cwd: REPO_ROOT, stdio: 'pipe' });
    execFileSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix], { cwd: REPO_ROOT, stdio: 'pipe' });
    const listing = execFileSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], { cwd: REPO_ROOT, encoding: 'utf8' });
    const scripts = listing.split('\n').filter((line) => line.endsWith('.js'));
    const vsixKb = fs.statSync(vsix).size / 1024;
    const bundleKb = fs.statSync(path.join(REPO_ROOT, 'dist', 'extension.js')).size / 1024;
    rows.push({ measure: 'VSIX size', value: `${vsixKb.toFixed(1)} KB`, against: 'budget 300 KB', result: vsixKb <= 300 ? 'within budget' : 'OVER BUDGET' });
    rows.push({
      measure: 'dist/extension.js (minified)',
      value: `${bundleKb.toFixed(1)} KB`,
      against: 'one JavaScript file in the VSIX',
      result: scripts.length === 2 && scripts.includes('dist/extension.js') ? 'dist/extension.js + media/page.js (webview)' : `scripts: ${scripts.join(', ')}`,
    });
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'esbuild.js')], { cwd: REPO_ROOT, stdio: 'pipe' });
  }
}

async function hostTimings(): Promise<void> {
  const host = ensureHost();
  const workspace = copyFixture('go-service');
  const server = await startServer(host);
  const { browser, page } = await launchBrowser(host);
  try {
    const exit = new Promise<number>((resolve) => void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)));
    await page.goto(workbenchUrl(server, workspace, [['extensionTestsPath', path.join(REPO_ROOT, 'out', 'test', 'host', 'timingsDriver')]]));
    const code = await Promise.race([exit, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 120_000))]);
    if (code !== 0) throw new Error(`the timings driver failed (${code})`);
    const timings = JSON.parse(fs.readFileSync(path.join(path.dirname(workspace), 'timings.json'), 'utf8')) as { activate: number; firstDetection: number };
    rows.push({ measure: 'activate() in the real VS Code host', value: `${timings.activate} ms`, against: 'recorded by the extension', result: 'reported' });
    rows.push({ measure: 'activation → first detection', value: `${timings.firstDetection} ms`, against: 'recorded by the extension', result: 'reported' });
  } finally {
    await browser.close().catch(() => undefined);
    server.stop();
  }
}

async function main(): Promise<void> {
  const profiles = builtInProfiles();
  detection();
  pageRendering(profiles);
  checklistAtScale(profiles.find((p) => p.id === 'go')!);
  packageSize();
  await hostTimings();
  const widths = (['measure', 'value', 'against', 'result'] as const).map((key) => Math.max(key.length, ...rows.map((row) => row[key].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\nStack Guide benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log(line(['measure', 'value', 'against', 'result']));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line([row.measure, row.value, row.against, row.result]));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
