import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { MARKER_RULES } from '../../src/core/detect/rules';
import { REPO } from './treeHelper';

const architecture = fs.readFileSync(path.join(REPO, 'ARCHITECTURE.md'), 'utf8');
const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');

/**
 * The paths ARCHITECTURE.md names in backticks: module rows are relative to src/ (`core/...`,
 * `vscode/...`, `node/...`), recipes give them from the repository root. Placeholders (`<id>`),
 * globs and bare names are not paths.
 */
function namedPaths(): string[] {
  const paths = new Set<string>();
  for (const match of architecture.matchAll(/`([^`\s]+)`/g)) {
    const text = match[1].replace(/[,.:;]$/, '');
    if (!text.includes('/') || /[<>*{}]|^https?:|^\.\.?\//.test(text)) continue;
    if (!/^(src|test|profiles|media|l10n|bench|core|node|vscode)\//.test(text)) continue;
    paths.add(text);
  }
  return [...paths];
}

const profileIds = () =>
  fs
    .readdirSync(path.join(REPO, 'profiles'))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.replace(/\.yaml$/, ''))
    .sort();

describe('ARCHITECTURE.md against the code', () => {
  it('every path it names exists', () => {
    const named = namedPaths();
    assert.ok(named.length > 40, `the page names the modules it maps (${named.length} paths found)`);
    const missing = named.filter(
      (name) => ![path.join(REPO, name), path.join(REPO, 'src', name)].some((candidate) => fs.existsSync(candidate.replace(/\/$/, ''))),
    );
    assert.deepStrictEqual(missing, []);
  });

  it('every module in src/ is on the module map (a folder row such as `core/report/*` covers its files)', () => {
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
    const modules = walk(path.join(REPO, 'src'))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => path.relative(path.join(REPO, 'src'), file).split(path.sep).join('/'));
    const mapped = (module: string) => {
      const dir = path.posix.dirname(module);
      return (
        architecture.includes(`\`${module}\``) ||
        architecture.includes(`\`src/${module}\``) ||
        architecture.includes(`\`${dir}/*\``) ||
        architecture.includes(`\`${dir}/<tool>.ts\``) ||
        // A row that lists a folder's files by name: "`vscode/commands/index.ts` ... `pages.ts`".
        new RegExp(
          `\`${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[^\`]+\`[^\n]*\`${path.posix.basename(module).replace('.', '\\.')}\``,
        ).test(architecture)
      );
    };
    assert.deepStrictEqual(
      modules.filter((module) => !mapped(module)),
      [],
    );
  });

  it('no module in src/ is over 500 lines: a file that grows past that is split where it reads best', () => {
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
    const long = walk(path.join(REPO, 'src'))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => ({ file: path.relative(REPO, file), lines: fs.readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > 500);
    assert.deepStrictEqual(long, []);
  });

  describe('the ecosystem recipe: one id, the same in every list', () => {
    it('a profile per id; the README lists the same ids', () => {
      // "Ecosystems: go, typescript, …, deno. Each has …", over two lines.
      const line = /^Ecosystems: ([^.]+)\./m.exec(readme.replace(/,\n/g, ', '))?.[1] ?? '';
      const listed = line
        .split(',')
        .map((part) => part.trim().split(' ')[0])
        .filter(Boolean)
        .sort();
      assert.deepStrictEqual(listed, profileIds());
    });

    it('each id has a strong marker in the marker rules, and every marker names a profile', () => {
      const strong = new Set(MARKER_RULES.filter((rule) => rule.strong).map((rule) => rule.ecosystem));
      assert.deepStrictEqual(
        profileIds().filter((id) => !strong.has(id)),
        [],
      );
      const ids = new Set(profileIds());
      assert.deepStrictEqual(
        [...new Set(MARKER_RULES.map((rule) => rule.ecosystem))].filter((id) => !ids.has(id)),
        [],
      );
    });

    it('each id has its evidence cases', () => {
      assert.deepStrictEqual(
        profileIds().filter((id) => !fs.existsSync(path.join(REPO, 'test', 'fixtures', 'evidence', `${id}.yaml`))),
        [],
      );
    });
  });
});
