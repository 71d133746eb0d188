import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { aggregate, parseCheckReport } from '../../src/core/aggregate/aggregate';
import { aggregateHtml } from '../../src/core/aggregate/render';
import { cliIn, GO_HIGH, GO_ITEMS } from './cliHelper';
import { makeTree, prng } from './treeHelper';

/** A real `check --format json` output of a Go module with one high item done. */
async function realReport(): Promise<Record<string, unknown>> {
  const dir = makeTree({ 'go.mod': 'module x\n' });
  assert.strictEqual((await cliIn(dir, 'review', 'set', GO_HIGH[0].id, '.', '--state', 'done', '--by', 'Ana')).code, 0);
  const { stdout } = await cliIn(dir, 'check', '.', '--format', 'json');
  return JSON.parse(stdout);
}

type Item = { id: string; state: string; severity: string; text: string; evidenceLost?: boolean };
type Report = { components: { folder: string; path: string; ecosystem: string; items: Item[] }[] };

/** The tags of an HTML text, for a structural check without a DOM. */
function tags(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)\b/g)].map((match) => match[0].replace('<', ''));
}

describe('stack-guide aggregate', function () {
  this.timeout(60_000);
  let base: Report;
  let folder: string;
  const write = (name: string, value: unknown) =>
    fs.writeFileSync(path.join(folder, name), typeof value === 'string' ? value : JSON.stringify(value));

  before(async () => {
    base = (await realReport()) as unknown as Report;
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-aggregate-'));
    // 200 generated repositories from the real output: states drawn at random, a fixed seed.
    const random = prng(31);
    const states = ['open', 'done', 'n/a', 'accepted', 'stale'];
    for (let r = 0; r < 200; r++) {
      const report: Report = JSON.parse(JSON.stringify(base));
      report.components[0].folder = `repo-${String(r).padStart(3, '0')}`;
      for (const item of report.components[0].items) item.state = states[Math.floor(random() * states.length)];
      if (r % 2 === 0) report.components.push({ ...JSON.parse(JSON.stringify(report.components[0])), path: 'tools' });
      write(`repo-${r}.json`, report);
    }
  });

  it('reads a folder of 200 reports into repositories × units, most often open items and pass rates', async () => {
    const { code, stdout, stderr } = await cliIn(folder, 'aggregate', '.', '--format', 'json');
    assert.strictEqual(code, 0, stderr);
    assert.strictEqual(stderr, '');
    const report = JSON.parse(stdout);
    assert.strictEqual(report.repositories.length, 200);
    assert.strictEqual(report.repositories[0].repository, 'repo-000');
    assert.deepStrictEqual(
      report.repositories[0].units.map((unit: { path: string }) => unit.path),
      ['.', 'tools'],
    );
    const reports: Report[] = fs.readdirSync(folder).map((name) => JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8')));
    // Counts agree with the inputs.
    const first = reports.find((r) => r.components[0].folder === 'repo-000')!.components[0].items;
    const unit = report.repositories[0].units[0];
    assert.strictEqual(unit.total, GO_ITEMS);
    assert.strictEqual(unit.done, first.filter((item) => item.state === 'done' || item.state === 'n/a').length);
    assert.strictEqual(unit.accepted, first.filter((item) => item.state === 'accepted').length);
    assert.strictEqual(
      unit.openHigh,
      first.filter((item) => (item.state === 'open' || item.state === 'stale') && item.severity === 'high').length,
    );
    const id = GO_HIGH[0].id;
    const occurrences = reports.flatMap((r) => r.components.flatMap((c) => c.items.filter((item) => item.id === id)));
    const rate = report.passRates.find((item: { id: string }) => item.id === id);
    assert.strictEqual(rate.occurrences, occurrences.length);
    assert.strictEqual(rate.passed, occurrences.filter((item) => item.state === 'done' || item.state === 'n/a').length);
    const openIn = reports.filter((r) =>
      r.components.some((c) => c.items.some((item) => item.id === id && (item.state === 'open' || item.state === 'stale'))),
    ).length;
    assert.strictEqual(report.mostOpen.find((item: { id: string }) => item.id === id).openIn, openIn);
    for (let i = 1; i < report.mostOpen.length; i++) assert.ok(report.mostOpen[i - 1].openIn >= report.mostOpen[i].openIn);
    // Deterministic, whatever order the files come in.
    const files = fs.readdirSync(folder).reverse();
    assert.strictEqual((await cliIn(folder, 'aggregate', ...files, '--format', 'json')).stdout, stdout);
  });

  it('writes one self-contained HTML file with table markup', async () => {
    const { code, stdout } = await cliIn(folder, 'aggregate', '.', '--format', 'html');
    assert.strictEqual(code, 0);
    assert.match(stdout, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.match(stdout, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
    assert.match(stdout, /@media \(prefers-color-scheme: dark\)/);
    assert.doesNotMatch(stdout, /<script|<link|<img|<iframe|src=|href=|url\(|@import/i);
    assert.strictEqual((stdout.match(/<table>/g) ?? []).length, 3);
    assert.strictEqual((stdout.match(/<caption>/g) ?? []).length, 3);
    assert.match(stdout, /<th scope="col">Repository<\/th>/);
    assert.match(stdout, /<tr><th scope="row">repo-000<\/th><td><code>\.<\/code><\/td>/);
    // Every element opened is closed, in order (void elements aside).
    const stack: string[] = [];
    for (const tag of tags(stdout)) {
      if (['meta', '!DOCTYPE'].includes(tag)) continue;
      if (tag.startsWith('/')) assert.strictEqual(stack.pop(), tag.slice(1), `</${tag.slice(1)}> closes what it opened`);
      else stack.push(tag);
    }
    assert.deepStrictEqual(stack, []);
    const markdown = await cliIn(folder, 'aggregate', '.', '--format', 'markdown');
    assert.match(markdown.stdout, /^## Stack Guide: review across repositories\n\n\| Repository \| Unit \|/);
  });

  it('names a bad input and skips it: markup, a missing field, a future version, not JSON, too large', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-aggregate-hostile-'));
    const hostile: Report = JSON.parse(JSON.stringify(base));
    hostile.components[0].folder = '<img src=x onerror=alert(1)>repo';
    hostile.components[0].items[0].text = '</td></tr></table><script>alert(1)</script> & "quotes"';
    hostile.components[0].items[0].state = 'open';
    hostile.components[0].path = 'a\'b"<c>';
    fs.writeFileSync(path.join(dir, 'hostile.json'), JSON.stringify(hostile));
    const missing: Report = JSON.parse(JSON.stringify(base));
    delete (missing.components[0].items[3] as Partial<Item>).severity;
    fs.writeFileSync(path.join(dir, 'missing.json'), JSON.stringify(missing));
    fs.writeFileSync(path.join(dir, 'future.json'), JSON.stringify({ ...base, version: 7 }));
    fs.writeFileSync(
      path.join(dir, 'state.json'),
      JSON.stringify({
        ...base,
        components: [{ ...base.components[0], items: [{ ...base.components[0].items[0], state: 'frobnicated' }] }],
      }),
    );
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"components": [');
    fs.writeFileSync(path.join(dir, 'large.json'), Buffer.alloc(33 * 1024 * 1024, 0x20));
    const { code, stdout, stderr } = await cliIn(dir, 'aggregate', '.', 'nothing-here.json', '--format', 'html');
    assert.strictEqual(code, 0, stderr);
    assert.match(stderr, /missing\.json components\[0\]\.items\[3\]\.severity is missing or not high, medium or low; skipped/);
    assert.match(stderr, /future\.json is version 7 of the check output; this Stack Guide reads version 1 \(update it\); skipped/);
    assert.match(stderr, /state\.json components\[0\]\.items\[0\]\.state "frobnicated" is not a state/);
    assert.match(stderr, /broken\.json is not JSON/);
    assert.match(stderr, /large\.json .*(MB|limit).*; skipped/);
    assert.match(stderr, /nothing-here\.json cannot be read \(ENOENT\); skipped/);
    assert.doesNotMatch(stdout, /<script|<img|<\/td><\/tr><\/table><script/);
    assert.match(stdout, /&lt;img src=x onerror=alert\(1\)&gt;repo/);
    assert.match(stdout, /&lt;\/td&gt;&lt;\/tr&gt;&lt;\/table&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;quotes&quot;/);
    assert.match(stdout, /<code>a&#39;b&quot;&lt;c&gt;<\/code>/);
    assert.match(stdout, /<h2 id="skipped">Inputs skipped<\/h2>/);
    const none = await cliIn(dir, 'aggregate', 'broken.json');
    assert.strictEqual(none.code, 2);
    assert.match(none.stderr, /no input could be read/);
  });

  it('counts an expired decision as open and expired, and tells apart two inputs of one repository', () => {
    const item = (state: string, extra: Record<string, unknown> = {}) => ({ id: 'x.a', state, severity: 'high', text: 'A', ...extra });
    const one = parseCheckReport(
      JSON.stringify({
        components: [
          {
            folder: 'app',
            path: '.',
            ecosystem: 'go',
            items: [item('expired'), item('accepted', { expired: true, id: 'x.b' }), item('done', { id: 'x.c', evidenceLost: true })],
          },
        ],
      }),
      'one.json',
    );
    const two = parseCheckReport(
      JSON.stringify({ components: [{ folder: 'app', path: '.', ecosystem: 'go', items: [item('done')] }] }),
      'two.json',
    );
    assert.ok(one.ok && two.ok);
    const report = aggregate([two.report, one.report]);
    assert.deepStrictEqual(
      report.repositories.map((r) => r.repository),
      ['app (one.json)', 'app (two.json)'],
    );
    assert.deepStrictEqual(report.repositories[0].units[0], {
      path: '.',
      ecosystem: 'go',
      done: 1,
      total: 3,
      openHigh: 2,
      accepted: 0,
      expired: 2,
      evidenceLost: 1,
    });
    assert.match(aggregateHtml(report), /<td class="n bad">2<\/td>/);
  });
});
