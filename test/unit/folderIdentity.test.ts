/**
 * Issue 14, case 10: two folders of a multi-root workspace can have the same display name. The
 * Stacks view and the status bar tell them apart by URI. Runs the compiled view and status bar
 * against a small stand-in for the `vscode` module with two folders both named "service".
 */
import * as assert from 'assert';
import Module from 'module';
import * as path from 'path';
import type { FolderDetection } from '../../src/core/detect/detector';
import { englishL10n } from './fakeVscode';

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;

class Uri {
  constructor(readonly path: string) {}
  toString(): string {
    return `file://${this.path}`;
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(path.posix.join(base.path, ...parts));
  }
}

const folders = [
  { uri: new Uri('/work/a/service'), name: 'service', index: 0 },
  { uri: new Uri('/work/b/service'), name: 'service', index: 1 },
];

function stubVscode(activeFile: () => Uri | undefined) {
  const statusItem = {
    text: '',
    tooltip: '',
    name: '',
    command: undefined as unknown,
    visible: false,
    show() {
      this.visible = true;
    },
    hide() {
      this.visible = false;
    },
    dispose() {},
  };
  class TreeItem {
    id?: string;
    description?: string;
    resourceUri?: Uri;
    command?: { arguments: unknown[] };
    constructor(
      readonly label: string,
      readonly collapsibleState: number,
    ) {}
  }
  class MarkdownString {
    appendText() {
      return this;
    }
    appendMarkdown() {
      return this;
    }
  }
  class EventEmitter {
    event = () => ({ dispose() {} });
    fire() {}
    dispose() {}
  }
  const vscode = {
    Uri,
    TreeItem,
    MarkdownString,
    EventEmitter,
    ThemeIcon: class {
      constructor(readonly id: string) {}
    },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    l10n: englishL10n,
    window: {
      createStatusBarItem: () => statusItem,
      get activeTextEditor() {
        const uri = activeFile();
        return uri ? { document: { uri } } : undefined;
      },
      onDidChangeActiveTextEditor: () => ({ dispose() {} }),
    },
    workspace: {
      workspaceFolders: folders,
      getWorkspaceFolder: (uri: Uri) => folders.find((folder) => uri.path.startsWith(`${folder.uri.path}/`)),
      asRelativePath: (uri: Uri) => {
        const folder = folders.find((candidate) => uri.path.startsWith(`${candidate.uri.path}/`));
        return folder ? uri.path.slice(folder.uri.path.length + 1) : uri.path;
      },
    },
  };
  return { vscode, statusItem };
}

function detection(root: string, ecosystem: string, evidence: string): FolderDetection {
  return {
    folder: 'service',
    root,
    skipped: [],
    workspaces: [],
    components: [{ path: '.', ecosystems: [{ id: ecosystem, confidence: 0.9, evidence: [evidence] }] }],
  };
}

describe('folder identity in a multi-root workspace with two folders of the same name', () => {
  const moduleApi = Module as unknown as { _load: Loader };
  const originalLoad = moduleApi._load;
  let active: Uri | undefined;
  const { vscode, statusItem } = stubVscode(() => active);
  const context = {
    detection: {
      folders: [detection(folders[0].uri.toString(), 'go', 'go.mod'), detection(folders[1].uri.toString(), 'rust', 'Cargo.toml')],
    },
    onDidChange: (listener: () => void) => {
      context.listeners.push(listener);
      return { dispose() {} };
    },
    listeners: [] as (() => void)[],
    profile: (id: string) => ({ id, name: id === 'go' ? 'Go' : 'Rust' }),
  };
  const modules = ['../../src/vscode/views/stacksView', '../../src/vscode/views/statusBar'].map((file) => require.resolve(file));

  before(() => {
    moduleApi._load = (request, parent, isMain) => (request === 'vscode' ? vscode : originalLoad(request, parent, isMain));
    for (const file of modules) delete require.cache[file];
  });
  after(() => {
    moduleApi._load = originalLoad;
    for (const file of modules) delete require.cache[file];
  });

  it('the Stacks view gives each folder its own ids and opens evidence in the right folder', () => {
    const { StacksView } = require(modules[0]) as typeof import('../../src/vscode/views/stacksView');
    const view = new StacksView(context as never);
    const items: { id?: string; label: string; resourceUri?: Uri }[] = [];
    const walk = (node?: unknown) => {
      for (const child of view.getChildren(node as never)) {
        items.push(view.getTreeItem(child) as never);
        walk(child);
      }
    };
    walk();
    const ids = items.map((item) => item.id).filter((id): id is string => id !== undefined);
    assert.deepStrictEqual(
      ids.filter((id) => id.startsWith('folder:')),
      ['folder:file:///work/a/service', 'folder:file:///work/b/service'],
    );
    assert.strictEqual(new Set(ids).size, ids.length, `ids are unique: ${ids.join(', ')}`);
    const evidence = items.filter((item) => item.resourceUri).map((item) => [item.label, item.resourceUri!.path]);
    assert.deepStrictEqual(evidence, [
      ['go.mod', '/work/a/service/go.mod'],
      ['Cargo.toml', '/work/b/service/Cargo.toml'],
    ]);
    view.dispose();
  });

  it('the status bar shows the ecosystem of the folder that holds the active file', () => {
    const { StatusBar } = require(modules[1]) as typeof import('../../src/vscode/views/statusBar');
    const bar = new StatusBar(context as never);
    active = Uri.joinPath(folders[1].uri, 'src', 'main.rs');
    for (const listener of context.listeners) listener();
    assert.strictEqual(statusItem.text, '$(layers) Rust');
    active = Uri.joinPath(folders[0].uri, 'main.go');
    for (const listener of context.listeners) listener();
    assert.strictEqual(statusItem.text, '$(layers) Go');
    bar.dispose();
  });
});
