import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { axisRange } from '../../src/core/page/chart';
import { itemFragments, renderPage, tableOfContents } from '../../src/core/page/render';
import { loadProfiles } from '../../src/core/profiles/loader';
import { checklistItems, type Profile } from '../../src/core/profiles/model';
import { PROFILES_DIR, REPO } from './treeHelper';

const profiles = loadProfiles(
  fs.readdirSync(PROFILES_DIR).map((name) => ({ file: name, bytes: fs.readFileSync(path.join(PROFILES_DIR, name)) })),
).profiles;
// The seed page as a profile (test/fixtures/seed/go-seed.yaml): the page must show every block of it.
const go = loadProfiles([{ file: 'go-seed.yaml', bytes: fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'seed', 'go-seed.yaml')) }])
  .profiles[0];
const context = {
  cspSource: 'vscode-webview://test',
  nonce: 'NONCE123',
  styleUri: 'vscode-webview://test/page.css',
  scriptUri: 'vscode-webview://test/page.js',
};
const SNAPSHOT = path.join(REPO, 'test', 'unit', 'snapshots', 'go.html');

describe('reference page', () => {
  it('matches the reviewed snapshot of the Go page (UPDATE_SNAPSHOTS=1 to accept a change)', () => {
    const html = renderPage(go, {
      ...context,
      items: new Map([['go.delivery.timeouts', { key: 'go.delivery.timeouts', state: 'done', by: 'ana', at: '2026-11-28T10:00:00Z' }]]),
    });
    if (process.env.UPDATE_SNAPSHOTS === '1') fs.writeFileSync(SNAPSHOT, html);
    assert.strictEqual(html, fs.readFileSync(SNAPSHOT, 'utf8'));
  });

  it('shows an expired decision as expired with its day, and a holding one with its until', () => {
    const [first, second] = checklistItems(go);
    const fragments = itemFragments(go, {
      items: new Map([
        [
          first.id,
          {
            key: 'a',
            state: 'expired',
            expiredDecision: 'accepted',
            until: '2026-03-01',
            by: 'Ana',
            at: '2026-01-02T09:00:00Z',
            owner: 'Bo',
          },
        ],
        [second.id, { key: 'b', state: 'accepted', until: '2026-09-01', by: 'Ana', owner: 'Bo' }],
      ]),
    });
    assert.match(fragments[first.id], /class="check state-expired /);
    assert.match(fragments[first.id], /<span class="state"[^>]*>expired<\/span> <span class="who">by Ana on 2026-01-02, owner Bo<\/span>/);
    assert.match(fragments[first.id], /<span class="dates">accepted risk until 2026-03-01<\/span>/);
    assert.doesNotMatch(fragments[first.id], /class="tick" checked/, 'open again: the box is not ticked');
    assert.match(fragments[second.id], /<span class="dates">until 2026-09-01<\/span>/);
  });

  it("shows every block of the seed page, in the seed's order", () => {
    const html = renderPage(go, context);
    const blocks = [
      'Backend Systems',
      '<h1>Go</h1>',
      'Go builds compact services',
      'Production lens',
      'Technical reading:',
      '6 checks',
      '6 blocks',
      'Expert position',
      'Global adoption index',
      'Go usage and adoption since 2020',
      'Current point',
      '61/100',
      'Latest modeled point: 2026',
      'What this means',
      'Yearly evolution 2020–2026',
      'Modeled 0-100 index based on public usage',
      '<span class="number">01</span><h3>Services</h3>',
      'Architecture map',
      'A page must explain how the technology behaves under product pressure.',
      'What Go really contributes',
      'Architecture decisions around Go',
      'What matters before delivery',
      'Common mistakes to avoid',
      'Security, performance and maintainability',
      'What solid mastery should show',
      'Delivery checks',
      'What must be visible in a credible implementation',
      'Senior review',
      'What the page should help a reader understand',
      '<dt>Senior signal:</dt>',
      'Focused discussion',
      'Need support around this ecosystem?',
    ];
    let at = 0;
    for (const block of blocks) {
      const found = html.indexOf(block, at);
      assert.ok(found >= 0, `"${block}" appears after the previous block`);
      at = found;
    }
  });

  it('has a table of contents whose anchors all exist', () => {
    const html = renderPage(go, context);
    for (const entry of tableOfContents(go)) assert.ok(html.includes(`id="${entry.id}"`), entry.id);
  });

  it("sets a CSP with the render's nonce and no remote or inline script", () => {
    const html = renderPage(go, context);
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src vscode-webview:\/\/test; img-src vscode-webview:\/\/test; font-src vscode-webview:\/\/test; script-src &#39;nonce-NONCE123&#39;">/,
    );
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.deepStrictEqual(scripts, ['<script nonce="NONCE123" src="vscode-webview://test/page.js">']);
    assert.ok(
      !/https?:\/\/(?!pkg\.go\.dev|go\.dev)/.test(
        html.replace(/href="https:\/\/[^"]+"|data-external="https:\/\/[^"]+"|>https:\/\/[^<]+</g, ''),
      ),
      'no remote resource',
    );
  });

  it('draws the adoption chart from the points, with a tooltip per point and the current point marked', () => {
    const html = renderPage(go, context);
    assert.strictEqual((html.match(/<circle class="primary-point"/g) ?? []).length, 7);
    assert.match(html, /<title>Go, 2020: 43\/100<\/title>/);
    assert.match(html, /<circle class="current"[^>]*><title>Current point: 61\/100 \(2026\)<\/title>/);
    assert.match(html, /<caption>Go adoption index by year \(modeled, 0–100\)<\/caption>/);
    assert.match(html, /<tr><th scope="row">2026<\/th><td>61<\/td><\/tr>/);
  });

  it('can draw a second ecosystem for comparison, only one whose curve is built the same way', () => {
    const shippedGo = profiles.find((p) => p.id === 'go')!;
    const rust = profiles.find((p) => p.id === 'rust')!;
    const html = renderPage(shippedGo, { ...context, compare: rust });
    assert.strictEqual((html.match(/<circle class="compare-point"/g) ?? []).length, Object.keys(rust.adoption.points).length);
    assert.match(html, /<th scope="col">Rust<\/th>/);
    // The seed's modeled index and a surveyed curve do not share a chart, nor a runtime and a language.
    assert.doesNotMatch(renderPage(go, { ...context, compare: rust }), /compare-point/);
    assert.doesNotMatch(renderPage(shippedGo, { ...context, compare: profiles.find((p) => p.id === 'deno')! }), /compare-point/);
  });

  it('shows each sourced adoption value with its link, the review month and what an item applies to', () => {
    const shippedGo = profiles.find((p) => p.id === 'go')!;
    const html = renderPage(shippedGo, context);
    for (const [year, entry] of Object.entries(shippedGo.adoption.sources!.stackoverflow!)) {
      assert.ok(html.includes(`<li>${year}: ${entry.value} % — <a class="external" href="${entry.link}"`), year);
    }
    assert.match(html, /<dt>Reviewed<\/dt><dd><time datetime="2026-\d\d">/);
    assert.match(html, /Latest surveyed year: 2025/);
    const applies = checklistItems(shippedGo).find((item) => item.appliesTo)!;
    assert.ok(
      html.includes(
        `<p class="applies">Applies to: ${applies.appliesTo!.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')}</p>`,
      ),
    );
  });

  it("says what each probed check's evidence is, worded by the host, and offers to open it when found", () => {
    const shippedGo = profiles.find((p) => p.id === 'go')!;
    const items = new Map([
      ['go.delivery.lockfile', { key: 'k1', state: 'open' as const, evidence: { text: 'evidence: go.sum', status: 'found' as const } }],
      [
        'go.quality.race',
        { key: 'k2', state: 'done' as const, evidence: { text: 'evidence lost: ci.yml:3 no longer shows it', status: 'lost' as const } },
      ],
    ]);
    const html = renderPage(shippedGo, { ...context, items });
    assert.match(
      html,
      /<p class="evidence evidence-found"><span class="evidence-text">evidence: go.sum<\/span> <button type="button" class="open-evidence" data-open-evidence="k1">Open evidence<\/button><\/p>/,
    );
    assert.match(
      html,
      /<p class="evidence evidence-lost"><span class="evidence-text">evidence lost: ci.yml:3 no longer shows it<\/span> <button type="button" class="open-evidence" data-open-evidence="k2" hidden>/,
    );
    // An unprobed item has no evidence line at all.
    const unprobed = checklistItems(shippedGo).find((item) => !item.evidence)!;
    const block = html.slice(html.indexOf(`id="item-${unprobed.id}"`), html.indexOf('</li>', html.indexOf(`id="item-${unprobed.id}"`)));
    assert.doesNotMatch(block, /class="evidence/);
  });

  it('says on a page whose language has no parser why its risks are not searched, as the tree and the CLI do', () => {
    const withoutParser = profiles.filter((p) => p.code?.unavailable);
    assert.ok(
      withoutParser.some((p) => p.id === 'kotlin'),
      'Kotlin has no parser',
    );
    for (const profile of withoutParser) {
      const html = renderPage(profile, context);
      const block = (id: string) => html.slice(html.indexOf(`id="item-${id}"`), html.indexOf('</li>', html.indexOf(`id="item-${id}"`)));
      const risks = checklistItems(profile).filter((item) => item.group === 'risks' && !item.evidence);
      assert.ok(risks.length > 0, `${profile.id} has unprobed risks`);
      for (const risk of risks)
        assert.ok(
          block(risk.id).includes(
            `<p class="evidence evidence-not-checked"><span class="evidence-text">evidence not checked (${profile.code!.unavailable!.replace(/"/g, '&quot;')})</span></p>`,
          ),
          `${risk.id}: ${block(risk.id)}`,
        );
      // Delivery checks are not code searches: no parser means nothing for them.
      for (const check of checklistItems(profile).filter((item) => item.group === 'delivery' && !item.evidence))
        assert.doesNotMatch(block(check.id), /class="evidence/, check.id);
    }
    const kotlin = withoutParser.find((p) => p.id === 'kotlin')!;
    const risk = checklistItems(kotlin).find((item) => item.group === 'risks' && !item.evidence)!;
    // In the review, the host's words (translated there) are shown, in the fragment as on the page.
    const items = new Map([
      [risk.id, { key: 'k', state: 'open' as const, evidence: { text: 'Beweis nicht geprüft', status: 'not-checked' as const } }],
    ]);
    assert.match(itemFragments(kotlin, { items })[risk.id], /<span class="evidence-text">Beweis nicht geprüft<\/span>/);
    assert.ok(renderPage(kotlin, { ...context, items }).includes(itemFragments(kotlin, { items })[risk.id]));
  });

  it('keeps round axis bounds around the values', () => {
    assert.deepStrictEqual(axisRange([43, 46, 61]), { min: 40, max: 64, step: 8 });
    assert.deepStrictEqual(axisRange([0, 100]), { min: 0, max: 100, step: 20 });
  });

  it('escapes hostile profile text and never links anything but https', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)></style>"\'';
    const evil: Profile = JSON.parse(JSON.stringify(go));
    evil.name = hostile;
    evil.summary = hostile;
    evil.signals[0].name = hostile;
    evil.sections.role.body[0] = hostile;
    evil.checklist.delivery![0].text = hostile;
    evil.checklist.delivery![0].links = [
      'javascript:alert(3)',
      'data:text/html,<script>alert(4)</script>',
      'https://example.com/"onmouseover="alert(5)',
    ];
    const html = renderPage(evil, context);
    assert.ok(!html.includes('<script>alert'), 'no script element from the profile');
    assert.ok(!html.includes('<img'), 'no img element from the profile');
    assert.ok(!html.includes('</style>"'), 'no closing style tag from the profile');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&lt;/style&gt;&quot;&#39;'));
    assert.ok(!/href="(javascript|data):/.test(html), 'no javascript: or data: link');
    assert.match(html, /<span class="unsafe-link" title="Only https links are opened">javascript:alert\(3\)<\/span>/);
    assert.match(html, /href="https:\/\/example.com\/%22onmouseover=%22alert\(5\)"/);
  });

  it('shows closed items (done or not applicable) ticked, stale ones unticked', () => {
    const items = new Map([
      ['go.delivery.timeouts', { key: 'k1', state: 'done' as const }],
      ['go.risk.prototype', { key: 'k2', state: 'n/a' as const }],
      ['go.quality.race', { key: 'k3', state: 'stale' as const }],
    ]);
    const html = renderPage(go, { ...context, items });
    const box = (id: string) =>
      new RegExp(`id="item-${id.replace(/\./g, '\\.')}"[^>]*>\n<label><input type="checkbox" class="tick"( checked)? aria`).exec(html)?.[1];
    assert.strictEqual(box('go.delivery.timeouts'), ' checked');
    assert.strictEqual(box('go.risk.prototype'), ' checked');
    assert.strictEqual(box('go.quality.race'), undefined);
    assert.match(html, /<span class="state" id="item-go\.quality\.race-state">stale: text changed since the tick<\/span>/);
  });

  it('with an unreadable review file, says so and turns ticking off', () => {
    const html = renderPage(go, {
      ...context,
      items: new Map([['go.delivery.timeouts', { key: 'k', state: 'done' as const }]]),
      reviewError: 'The review file x cannot be read (line 3: the file contains merge-conflict markers).',
    });
    assert.match(
      html,
      /<p class="review-error" role="alert">The review file x cannot be read \(line 3: the file contains merge-conflict markers\)\.<\/p>/,
    );
    const boxes = html.match(/<input type="checkbox"[^>]*>/g) ?? [];
    assert.ok(boxes.length > 0);
    assert.deepStrictEqual(
      boxes.filter((box) => !box.includes(' disabled')),
      [],
      'every checkbox is disabled',
    );
  });

  it('gives each item, for a later change of state, the very markup the full page draws for it', () => {
    const shippedGo = profiles.find((p) => p.id === 'go')!;
    const items = new Map([
      ['go.delivery.timeouts', { key: 'k1', state: 'done' as const, by: 'ana', at: '2026-11-28T10:00:00Z' }],
      ['go.delivery.lockfile', { key: 'k2', state: 'open' as const, evidence: { text: 'evidence: go.sum', status: 'found' as const } }],
    ]);
    for (const review of [{ items }, { items, reviewError: 'The review file x cannot be read.' }]) {
      const html = renderPage(shippedGo, { ...context, ...review });
      const fragments = itemFragments(shippedGo, review);
      assert.deepStrictEqual(
        Object.keys(fragments),
        checklistItems(shippedGo).map((item) => item.id),
      );
      for (const [id, fragment] of Object.entries(fragments)) {
        assert.match(fragment, new RegExp(`^<li class="check [^"]*" id="item-${id.replace(/\./g, '\\.')}"[^]*</li>$`), id);
        assert.ok(html.includes(`${fragment}\n`), `${id} as the page draws it`);
      }
      assert.strictEqual(/<input[^>]* checked/.test(fragments['go.delivery.timeouts']), !review.reviewError);
    }
  });

  it("escapes an item's fragment as the page does", () => {
    const evil: Profile = JSON.parse(JSON.stringify(go));
    evil.checklist.delivery![0].text = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'';
    const fragment = itemFragments(evil, {
      items: new Map([[evil.checklist.delivery![0].id, { key: '"><script>alert(3)</script>', state: 'done' as const, by: '<b>ana</b>' }]]),
    })[evil.checklist.delivery![0].id];
    assert.ok(!/<script|<img|<b>/.test(fragment), fragment);
    assert.ok(fragment.includes('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;'));
    assert.ok(fragment.includes('data-key="&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"'));
    assert.ok(fragment.includes('by &lt;b&gt;ana&lt;/b&gt;'));
  });

  it('renders every built-in profile', () => {
    for (const profile of profiles) {
      const html = renderPage(profile, context);
      assert.ok(html.includes(`<h1>${profile.name.replace(/&/g, '&amp;')}</h1>`), profile.id);
    }
  });
});
