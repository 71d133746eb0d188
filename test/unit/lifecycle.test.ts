import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import Module from 'module';
import { createFakeVscode } from './fakeVscode';
import { makeTree, REPO } from './treeHelper';

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;

describe('extension lifecycle (each entry point against a stand-in vscode module)', () => {
  it('the Node entry finds in the browser bundle every name it takes from it', () => {
    const node = fs.readFileSync(path.join(REPO, 'dist', 'extension.js'), 'utf8');
    const bindings = [...node.matchAll(/([\w$]+)\s*=\s*require\("\.\/web\/extension\.js"\)/g)].map((match) =>
      match[1].replace(/\$/g, '\\$'),
    );
    const names = new Set(
      bindings.flatMap((binding) => [...node.matchAll(new RegExp(`(?<![\\w$])${binding}\\.(\\w+)`, 'g'))].map((match) => match[1])),
    );
    assert.ok(names.has('activateStackGuide') && names.has('FileReadError'), `the names the Node entry uses: ${[...names].join(', ')}`);
    const fake = createFakeVscode(makeTree({}));
    const moduleApi = Module as unknown as { _load: Loader };
    const originalLoad = moduleApi._load;
    moduleApi._load = (request, parent, isMain) => (request === 'vscode' ? fake.vscode : originalLoad(request, parent, isMain));
    const web = path.join(REPO, 'dist', 'web', 'extension.js');
    try {
      delete require.cache[web];
      const exported = require(web) as Record<string, unknown>;
      assert.deepStrictEqual(
        [...names].filter((name) => exported[name] === undefined),
        [],
        'names src/vscode/extension.web.ts must export',
      );
    } finally {
      moduleApi._load = originalLoad;
      delete require.cache[web];
    }
  });

  // The Node entry (desktop, remote) and the browser entry (vscode.dev, github.dev: every read
  // through vscode.workspace.fs) share all of activation; both must create and dispose the same.
  for (const bundle of ['extension.js', 'web/extension.js'])
    it(`dist/${bundle} disposes every view, command, watcher and listener it created once VS Code disposes its subscriptions`, async () => {
      const workspace = makeTree({ 'go.mod': 'module x', 'web/package.json': '{"dependencies":{"react":"18"}}' });
      const fake = createFakeVscode(workspace);
      const listed: string[] = [];
      const readDirectory = fake.vscode.workspace.fs.readDirectory;
      fake.vscode.workspace.fs.readDirectory = (uri) => {
        listed.push(uri.fsPath);
        return readDirectory(uri);
      };
      const moduleApi = Module as unknown as { _load: Loader };
      const originalLoad = moduleApi._load;
      moduleApi._load = (request, parent, isMain) => (request === 'vscode' ? fake.vscode : originalLoad(request, parent, isMain));
      const entry = path.join(REPO, 'dist', ...bundle.split('/'));
      // dist/extension.js requires the browser bundle: both are loaded afresh, against this test's stand-in.
      const loaded = [entry, path.join(REPO, 'dist', 'web', 'extension.js')];
      try {
        for (const file of loaded) delete require.cache[file];
        const extension = require(entry) as {
          activate(context: unknown): { ready(): Promise<void>; checklist(): unknown[] };
          deactivate(): void;
        };
        const subscriptions: { dispose(): unknown }[] = [];
        const memento = new Map<string, unknown>();
        const api = extension.activate({
          subscriptions,
          extensionUri: fake.vscode.Uri.file(REPO),
          workspaceState: {
            get: (key: string, fallback?: unknown) => memento.get(key) ?? fallback,
            update: async (key: string, value: unknown) => void memento.set(key, value),
          },
        });
        await api.ready();
        assert.ok(api.checklist().length > 0, 'the extension really ran: Go was detected and its checklist built');
        if (bundle === 'web/extension.js')
          assert.ok(listed.includes(workspace), 'the browser build lists the folder through vscode.workspace.fs');
        else assert.deepStrictEqual(listed, [], "the Node build lists local folders through Node's fs");
        assert.ok(fake.created() > 20, `it created its surfaces (${fake.created()} resources and listeners)`);

        // Every contributed command has a handler, and every handler is contributed: a menu or the
        // palette can never offer a command that does nothing.
        const contributed = (
          JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).contributes.commands as { command: string }[]
        )
          .map((c) => c.command)
          .sort();
        const registered = [...fake.commands().keys()].sort();
        assert.deepStrictEqual(registered, contributed);
        assert.ok([...fake.commands().values()].every((handler) => typeof handler === 'function'));

        // What VS Code does on deactivation.
        for (const subscription of subscriptions) subscription.dispose();
        extension.deactivate();

        assert.deepStrictEqual(fake.leaks(), [], 'everything created was disposed');
        fake.fireEverything();
        await new Promise((resolve) => setTimeout(resolve, 600)); // past every debounce
        assert.deepStrictEqual(fake.firedAfterDispose(), [], 'no listener runs after deactivation');
      } finally {
        moduleApi._load = originalLoad;
        for (const file of loaded) delete require.cache[file];
      }
    });
});
