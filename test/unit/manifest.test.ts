import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { COMMANDS, SETTINGS, VIEWS } from '../../src/vscode/constants';
import { REPO } from './treeHelper';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const english = JSON.parse(fs.readFileSync(path.join(REPO, 'package.nls.json'), 'utf8')) as Record<string, string>;
/** A manifest string as VS Code shows it in English: a %key% is looked up in package.nls.json. */
const shown = (value: string): string => value.replace(/^%([^%]+)%$/, (_, key: string) => english[key] ?? value);

describe('package.json contributions', () => {
  it('declares exactly the commands the code registers, each with the Stack Guide category', () => {
    const declared = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepStrictEqual(declared, Object.values(COMMANDS).sort());
    for (const command of manifest.contributes.commands) assert.strictEqual(shown(command.category), 'Stack Guide', command.command);
  });

  it('declares the views and the container the code uses', () => {
    assert.deepStrictEqual(
      manifest.contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id),
      [VIEWS.container],
    );
    assert.deepStrictEqual(
      manifest.contributes.views[VIEWS.container].map((v: { id: string }) => v.id),
      [VIEWS.stacks, VIEWS.checklist],
    );
  });

  it('declares every setting the code reads', () => {
    const keys = Object.keys(manifest.contributes.configuration.properties).sort();
    const read = Object.entries(SETTINGS)
      .filter(([name]) => name !== 'section')
      .map(([, key]) => `${SETTINGS.section}.${key}`)
      .sort();
    assert.deepStrictEqual(keys, read);
  });

  it('has a walkthrough whose buttons run contributed commands and whose media ship in the VSIX', () => {
    const [walkthrough, ...others] = manifest.contributes.walkthroughs as {
      id: string;
      steps: { id: string; description: string; media: { markdown?: string }; completionEvents?: string[] }[];
    }[];
    assert.strictEqual(others.length, 0);
    const commands = new Set((manifest.contributes.commands as { command: string }[]).map((command) => command.command));
    const views = new Set(
      Object.values(manifest.contributes.views as Record<string, { id: string }[]>)
        .flat()
        .map((view) => view.id),
    );
    const shipped = fs.readFileSync(path.join(REPO, '.vscodeignore'), 'utf8').split('\n');
    assert.deepStrictEqual(
      walkthrough.steps.map((step) => step.id),
      ['detect', 'page', 'tick', 'commit', 'ci'],
      'detect, open the page, tick, commit, gate CI',
    );
    for (const step of walkthrough.steps) {
      for (const [, command] of shown(step.description).matchAll(/\]\(command:([\w.]+)\)/g))
        assert.ok(commands.has(command), `${step.id}: ${command} is contributed`);
      for (const event of step.completionEvents ?? []) {
        const [kind, target] = event.split(':');
        if (kind === 'onCommand') assert.ok(commands.has(target), `${step.id}: ${event}`);
        else if (kind === 'onView') assert.ok(views.has(target), `${step.id}: ${event}`);
        else assert.strictEqual(kind, 'onStepSelected', `${step.id}: ${event}`);
      }
      const media = step.media.markdown!;
      assert.ok(fs.existsSync(path.join(REPO, media)), `${step.id}: ${media} exists`);
      assert.ok(shipped.includes(`!${path.posix.dirname(media)}/*.md`), `${step.id}: ${media} is not left out of the VSIX`);
    }
  });

  it('pins @types/vscode to the engine version', () => {
    assert.strictEqual(manifest.devDependencies['@types/vscode'], manifest.engines.vscode.replace('^', ''));
  });

  it('lists the ecosystem ids the setting accepts as the built-in profiles', () => {
    const ids = manifest.contributes.configuration.properties['stackGuide.ecosystems'].items.enum.sort();
    const profiles = fs
      .readdirSync(path.join(REPO, 'profiles'))
      .map((f) => f.replace(/\.yaml$/, ''))
      .sort();
    assert.deepStrictEqual(ids, profiles);
  });

  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));

  it('has a browser entry for vscode.dev and github.dev that needs nothing but the vscode module, and a Node entry that reuses it', () => {
    assert.strictEqual(manifest.browser, './dist/web/extension.js');
    assert.strictEqual(manifest.capabilities.virtualWorkspaces, true);
    const requires = (file: string) =>
      [
        ...new Set([...fs.readFileSync(path.join(REPO, file), 'utf8').matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((match) => match[1])),
      ].sort();
    assert.deepStrictEqual(requires('dist/web/extension.js'), ['vscode']);
    // The Node entry adds the local disk and takes activation from the browser bundle: one copy in the VSIX.
    assert.deepStrictEqual(requires('dist/extension.js'), ['./web/extension.js', 'fs', 'os', 'path']);
    const shipped = fs.readFileSync(path.join(REPO, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(shipped.includes('!dist/web/extension.js') && shipped.includes('!dist/extension.js'), 'both entries are in the VSIX');
  });

  it('ships the tree-sitter runtime as a file of its own that requires nothing, not inside the bundle', () => {
    // Evaluated with no require in every host (runtimeFromScript): a require in it would throw there.
    const runtime = fs.readFileSync(path.join(REPO, 'dist', 'grammars', 'tree-sitter.js'), 'utf8');
    assert.deepStrictEqual(
      [...runtime.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((match) => match[1]),
      [],
    );
    assert.match(runtime, /_ts_parser_new_wasm/, 'it is the runtime');
    assert.doesNotMatch(
      fs.readFileSync(path.join(REPO, 'dist', 'web', 'extension.js'), 'utf8'),
      /_ts_parser_new_wasm/,
      'the bundle leaves it out',
    );
    const shipped = fs.readFileSync(path.join(REPO, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(shipped.includes('!dist/grammars/tree-sitter.js'), 'the VSIX carries it beside the grammars');
  });

  it('keeps src/core free of the vscode module', () => {
    for (const file of walk(path.join(REPO, 'src', 'core'))) {
      assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /from ['"]vscode['"]|require\(['"]vscode['"]\)/, path.relative(REPO, file));
    }
  });

  it('keeps src/core pure: no Node built-in, nothing from media/ or from outside the core', () => {
    // Node's file system and the CLI live in src/node; the core runs in a browser extension host too.
    const builtin = /from ['"](node:)?(fs|path|os|child_process|crypto|util|module|process|stream|url)(\/[a-z]+)?['"]/;
    for (const file of walk(path.join(REPO, 'src', 'core'))) {
      const text = fs.readFileSync(file, 'utf8');
      const name = path.relative(REPO, file);
      assert.doesNotMatch(text, builtin, name);
      for (const [, target] of text.matchAll(/from ['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const resolved = path.relative(path.join(REPO, 'src', 'core'), path.resolve(path.dirname(file), target));
        assert.ok(!resolved.startsWith('..'), `${name} imports ${target}, outside src/core`);
      }
    }
  });
});
