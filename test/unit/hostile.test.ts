import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { detectFolder } from '../../src/core/detect/detector';
import { CancelledError, type DirEntry, type FileSystem } from '../../src/core/fileSystem';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { renderPage } from '../../src/core/page/render';
import { loadProfiles } from '../../src/core/profiles/loader';
import type { Profile } from '../../src/core/profiles/model';
import { makeTree, PROFILES_DIR } from './treeHelper';

const goText = fs.readFileSync(path.join(PROFILES_DIR, 'go.yaml'), 'utf8');
const go = loadProfiles([{ file: 'go.yaml', bytes: Buffer.from(goText) }]).profiles[0];
const context = { cspSource: 'vscode-webview://t', nonce: 'N0NCE', styleUri: 's.css', scriptUri: 'p.js' };
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)></style>]]><!-- "\' javascript:alert(4) data:text/html,x \u202Eevil\u202C';

/** Every string in the profile replaced by the hostile text (links too, so the https check is exercised). */
function poisoned(profile: Profile): Profile {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return `${value.slice(0, 3)}${HOSTILE}`;
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'id' || k === 'kind' || k === 'severity' ? v : walk(v)]));
    return value;
  };
  return walk(profile) as Profile;
}

describe('hostile input', () => {
  describe('profiles', () => {
    it('markup and script in every string field render as text: no element, handler or link is injected', () => {
      const html = renderPage(poisoned(go), { ...context, compare: poisoned(go), compareOptions: [{ id: 'x', name: HOSTILE }], anchor: HOSTILE });
      const body = html.slice(html.indexOf('<body'));
      assert.deepStrictEqual(body.match(/<(script|img|svg|style|iframe|object)\b[^>]*>/g)?.filter((tag) => !tag.startsWith('<svg class="chart"') && tag !== '<script nonce="N0NCE" src="p.js">'), []);
      const tags = body.match(/<[a-zA-Z][^>]*>/g) ?? [];
      // Quoted attribute values are data; what matters is the attribute names outside them.
      const names = tags.map((tag) => tag.replace(/"[^"]*"/g, '""'));
      assert.deepStrictEqual(names.filter((tag) => /\son[a-z]+=/i.test(tag)), [], 'no event handler attribute on any element');
      assert.ok(names.every((tag) => !tag.includes("'")), 'every attribute value is double-quoted, so no quote can break out');
      assert.doesNotMatch(body, /href="(?!#|https:)/, 'only in-page and https links');
      assert.doesNotMatch(body, /<!--/, 'no comment opened');
      assert.ok(!body.includes('\u202E'), 'bidi controls are not passed through');
      assert.ok(body.includes('[U+202E]evil[U+202C]'), 'bidi controls are shown as code points');
      assert.ok(body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(body.includes(']]&gt;'));
    });

    it('warns about bidirectional control characters at their line and column', () => {
      const result = loadProfiles([{ file: 'go.yaml', bytes: Buffer.from(goText.replace('name: Go', 'name: Go\u202E')) }]);
      assert.strictEqual(result.profiles.length, 1, 'the profile still loads');
      assert.deepStrictEqual(result.problems.map((p) => [p.severity, p.line, p.column]), [['warning', 5, 9]]);
      assert.match(result.problems[0].message, /bidirectional control character U\+202E/);
    });

    it('refuses a 5 MB file with a size message, without parsing it', function () {
      this.timeout(5000);
      const big = Buffer.alloc(5 * 1024 * 1024, 'a');
      const result = loadProfiles([{ file: 'big.yaml', bytes: big }, { file: 'go.yaml', bytes: Buffer.from(goText) }]);
      assert.deepStrictEqual(result.problems.map((p) => `${p.file}:${p.line} ${p.message}`), ['big.yaml:1 file is 5120 KB; profiles are limited to 1024 KB']);
      assert.deepStrictEqual(result.profiles.map((p) => p.id), ['go'], 'the other profile is unaffected');
    });

    it('loads a profile with 10,000 items without hanging', function () {
      this.timeout(10_000); // a hang fails the test; speed is measured in npm run bench
      const items = Array.from({ length: 10_000 }, (_, i) => `    - id: big.delivery.item-${i}\n      text: Item ${i}\n      severity: low`).join('\n');
      const text = goText.replace('id: go', 'id: big').replace(/  delivery:\n[\s\S]*?\n  risks:/, `  delivery:\n${items}\n  risks:`).replace(/id: go\./g, 'id: big.');
      const result = loadProfiles([{ file: 'big.yaml', bytes: Buffer.from(text) }]);
      assert.deepStrictEqual(result.problems, []);
      assert.strictEqual(result.profiles[0].checklist.delivery?.length, 10_000);
    });

    it('reports wrong types everywhere, each at its own line', () => {
      const text = goText
        .replace('schema: 1', 'schema: 2')
        .replace('name: Go', 'name: [Go]')
        .replace('  - name: Services\n    kind: production-capability', '  - name: Services\n    kind: 7')
        .replace('    2020: 43', '    2020: "43"')
        .replace('      - The topic is used for producing', '      - 12\n      - The topic is used for producing')
        .replace('      severity: medium\n      why: A Go component', '      severity: 3\n      why: A Go component');
      const problems = loadProfiles([{ file: 'go.yaml', bytes: Buffer.from(text) }]).problems;
      assert.deepStrictEqual(problems.map((p) => `${p.line}:${p.column} ${p.message}`), [
        '3:9 schema must be one of 1',
        '5:7 name must be text',
        '16:11 signals[0].kind must be one of "production-capability", "architecture-decision", "engineering-signal", "review-checkpoint"',
        '30:11 adoption.points.2020 must be a whole number',
        '47:9 sections.role.body[0] must be text',
        '91:17 checklist.delivery[0].severity must be one of "high", "medium", "low"',
      ]);
    });
  });

  describe('workspaces', () => {
    it('handles names with spaces, unicode and newlines, and ignores a marker that is a folder', async () => {
      const root = makeTree({ 'my app/go.mod': '', 'ünïcødé/Cargo.toml': '', 'new\nline/pyproject.toml': '', 'odd/package.json/readme.txt': '' });
      const result = await detectFolder(new NodeFileSystem(root), 'x');
      assert.deepStrictEqual(
        result.components.map((c) => [c.path, c.ecosystems[0].id]),
        [['my app', 'go'], ['new\nline', 'python'], ['ünïcødé', 'rust']],
      );
    });

    it('finishes within its bound on a 100,000-entry tree, listing each folder once', async function () {
      this.timeout(10_000);
      // A virtual tree: every folder holds 10 subfolders and 90 files, 100,000+ entries within depth 3.
      const listed: string[] = [];
      const virtual: FileSystem = {
        async readDirectory(dir) {
          listed.push(dir);
          const entries: DirEntry[] = Array.from({ length: 90 }, (_, i) => ({ name: `f${i}.txt`, kind: 'file', symlink: false }));
          for (let i = 0; i < 10; i++) entries.push({ name: `d${i}`, kind: 'directory', symlink: false });
          if (dir.endsWith('d3')) entries.push({ name: 'go.mod', kind: 'file', symlink: false });
          return entries;
        },
        readFile: () => Promise.reject(new Error('no reads expected')),
      };
      const result = await detectFolder(virtual, 'virtual');
      assert.strictEqual(listed.length, 1 + 10 + 100 + 1000, 'one listing per folder down to depth 3');
      assert.strictEqual(new Set(listed).size, listed.length);
      assert.strictEqual(result.components.length, 111, 'every d3 folder within the bound is a Go component');
    });

    it('a cancelled detection stops listing at once and leaves no work behind', async () => {
      let cancelled = false;
      let listingsAfterCancel = 0;
      const inner = new NodeFileSystem(makeTree({ 'a/go.mod': '', 'b/go.mod': '', 'c/d/go.mod': '' }));
      const token = { get isCancellationRequested() { return cancelled; } };
      const fsSpy: FileSystem = {
        readDirectory: async (dir) => {
          if (cancelled) listingsAfterCancel++;
          const entries = await inner.readDirectory(dir);
          if (dir === 'a') cancelled = true;
          return entries;
        },
        readFile: (file) => inner.readFile(file),
      };
      await assert.rejects(detectFolder(fsSpy, 'x', { token }), CancelledError);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.strictEqual(listingsAfterCancel, 0);
    });

    it('a workspace folder that disappears fails with its error, and the CLI says which directory', async () => {
      const root = makeTree({ 'go.mod': '' });
      fs.rmSync(root, { recursive: true });
      await assert.rejects(detectFolder(new NodeFileSystem(root), 'gone'), /ENOENT/);
    });
  });
});
