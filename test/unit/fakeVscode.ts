/**
 * A small stand-in for the `vscode` module, enough to run the bundled extension's activate()
 * in plain Node and record every resource and event subscription it creates, so a test can
 * check that all of them are disposed when VS Code disposes the extension's subscriptions.
 */
import * as fs from 'fs';
import * as nodePath from 'path';

interface Tracked {
  label: string;
  disposed: boolean;
}

/** vscode.l10n as VS Code answers without a translation bundle: the English message with its placeholders filled in. */
export const englishL10n = {
  t(message: string | { message: string; args?: unknown[] | Record<string, unknown> }, ...rest: unknown[]): string {
    const text = typeof message === 'string' ? message : message.message;
    const args =
      typeof message === 'string'
        ? rest.length === 1 && rest[0] !== null && typeof rest[0] === 'object'
          ? rest[0]
          : rest
        : (message.args ?? []);
    return text.replace(/\{([^}]+)\}/g, (match, key: string) => {
      const value = (args as Record<string, string | number | boolean | undefined>)[key];
      return value === undefined ? match : String(value);
    });
  },
};

export function createFakeVscode(workspaceRoot: string) {
  const registered = new Map<string, unknown>();
  const tracked: Tracked[] = [];
  const firedAfterDispose: string[] = [];
  let disposedAll = false;

  function track(label: string, dispose: () => void = () => undefined): { dispose(): void } {
    const record: Tracked = { label, disposed: false };
    tracked.push(record);
    return {
      dispose() {
        record.disposed = true;
        dispose();
      },
    };
  }

  /** An event source. Subscriptions are tracked; disposing the source ends its subscriptions. */
  class Emitter<T> {
    private readonly listeners = new Map<(value: T) => unknown, { dispose(): void }>();
    constructor(private readonly name: string) {}
    event = (listener: (value: T) => unknown) => {
      const subscription = track(`listener on ${this.name}`, () => this.listeners.delete(listener));
      this.listeners.set(listener, subscription);
      return subscription;
    };
    fire(value?: T): void {
      for (const listener of [...this.listeners.keys()]) {
        if (disposedAll) firedAfterDispose.push(this.name);
        listener(value as T);
      }
    }
    disposeAll(): void {
      for (const subscription of [...this.listeners.values()]) subscription.dispose();
    }
  }

  class EventEmitter<T> {
    private readonly emitter: Emitter<T>;
    private readonly handle: { dispose(): void };
    constructor() {
      this.emitter = new Emitter<T>('EventEmitter');
      this.handle = track('EventEmitter', () => this.emitter.disposeAll());
    }
    get event() {
      return this.emitter.event;
    }
    fire(value?: T) {
      this.emitter.fire(value);
    }
    dispose() {
      this.handle.dispose();
    }
  }

  class Uri {
    constructor(
      readonly scheme: string,
      readonly path: string,
    ) {}
    get fsPath() {
      return this.path;
    }
    toString() {
      return `${this.scheme}://${this.path}`;
    }
    static file(path: string) {
      return new Uri('file', nodePath.resolve(path));
    }
    static parse(value: string) {
      return new Uri('file', value.replace(/^file:\/\//, ''));
    }
    static joinPath(base: Uri, ...parts: string[]) {
      return new Uri(base.scheme, nodePath.posix.join(base.path, ...parts));
    }
  }

  class FileSystemError extends Error {
    constructor(readonly code: string) {
      super(code);
    }
  }

  const FileType = { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 };
  const toType = (stat: fs.Stats) => (stat.isDirectory() ? FileType.Directory : stat.isFile() ? FileType.File : FileType.Unknown);
  const notFound = (error: unknown) => ((error as NodeJS.ErrnoException).code === 'ENOENT' ? new FileSystemError('FileNotFound') : error);

  const globalEvents: Record<string, Emitter<unknown>> = {};
  const globalEvent = (name: string) => (globalEvents[name] ??= new Emitter(name)).event;

  const watcher = () => {
    const events = {
      create: new Emitter<Uri>('watcher.onDidCreate'),
      change: new Emitter<Uri>('watcher.onDidChange'),
      delete: new Emitter<Uri>('watcher.onDidDelete'),
    };
    const handle = track('FileSystemWatcher', () => Object.values(events).forEach((e) => e.disposeAll()));
    return {
      onDidCreate: events.create.event,
      onDidChange: events.change.event,
      onDidDelete: events.delete.event,
      dispose: () => handle.dispose(),
      events,
    };
  };
  const watchers: ReturnType<typeof watcher>[] = [];

  const folder = { uri: Uri.file(workspaceRoot), name: nodePath.basename(workspaceRoot), index: 0 };

  const vscode = {
    Uri,
    EventEmitter,
    FileSystemError,
    FileType,
    Disposable: class {
      constructor(private readonly fn: () => void) {}
      dispose() {
        this.fn();
      }
      static from(...items: { dispose(): unknown }[]) {
        return { dispose: () => items.forEach((item) => item.dispose()) };
      }
    },
    CancellationTokenSource: class {
      token = { isCancellationRequested: false };
      cancel() {
        this.token.isCancellationRequested = true;
      }
      dispose() {}
    },
    RelativePattern: class {
      constructor(
        readonly base: unknown,
        readonly pattern: string,
      ) {}
    },
    ThemeIcon: class {
      constructor(
        readonly id: string,
        readonly color?: unknown,
      ) {}
    },
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
    TreeItem: class {
      constructor(
        readonly label: string,
        readonly collapsibleState?: number,
      ) {}
    },
    MarkdownString: class {
      value = '';
      appendText(text: string) {
        this.value += text;
        return this;
      }
      appendMarkdown(text: string) {
        this.value += text;
        return this;
      }
    },
    Position: class {
      constructor(
        readonly line: number,
        readonly character: number,
      ) {}
    },
    Range: class {
      constructor(
        readonly start: unknown,
        readonly end: unknown,
      ) {}
    },
    Diagnostic: class {
      constructor(
        readonly range: unknown,
        readonly message: string,
        readonly severity: number,
      ) {}
    },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    TreeItemCheckboxState: { Unchecked: 0, Checked: 1 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ViewColumn: { Active: -1 },
    DiagnosticSeverity: { Error: 0, Warning: 1 },
    QuickPickItemKind: { Separator: -1, Default: 0 },
    env: { clipboard: { writeText: async () => undefined }, openExternal: async () => true, language: 'en' },
    l10n: englishL10n,
    languages: {
      createDiagnosticCollection: () => ({ ...track('DiagnosticCollection'), set() {}, clear() {}, delete() {} }),
    },
    commands: {
      registerCommand: (id: string, handler: unknown) => {
        registered.set(id, handler);
        return track(`command ${id}`);
      },
      executeCommand: async () => undefined,
    },
    window: {
      activeTextEditor: undefined,
      createOutputChannel: () => ({ ...track('OutputChannel'), info() {}, warn() {}, error() {}, debug() {}, trace() {}, show() {} }),
      createTreeView: (id: string) => {
        const checkbox = new Emitter<unknown>(`${id}.onDidChangeCheckboxState`);
        const handle = track(`TreeView ${id}`, () => checkbox.disposeAll());
        return { dispose: () => handle.dispose(), onDidChangeCheckboxState: checkbox.event, reveal: async () => undefined };
      },
      createStatusBarItem: () => ({ ...track('StatusBarItem'), show() {}, hide() {} }),
      registerWebviewPanelSerializer: () => track('WebviewPanelSerializer'),
      onDidChangeActiveTextEditor: globalEvent('window.onDidChangeActiveTextEditor'),
      onDidChangeWindowState: globalEvent('window.onDidChangeWindowState'),
      withProgress: async (_options: unknown, task: () => Promise<unknown>) => task(),
      showInformationMessage: async () => undefined,
      showWarningMessage: async () => undefined,
      showErrorMessage: async () => undefined,
    },
    workspace: {
      workspaceFolders: [folder],
      isTrusted: true,
      textDocuments: [],
      getConfiguration: () => ({ get: (_key: string, fallback: unknown) => fallback }),
      getWorkspaceFolder: () => folder,
      asRelativePath: (uri: Uri | string) => nodePath.relative(workspaceRoot, typeof uri === 'string' ? uri : uri.path),
      createFileSystemWatcher: () => {
        const created = watcher();
        watchers.push(created);
        return created;
      },
      onDidChangeConfiguration: globalEvent('workspace.onDidChangeConfiguration'),
      onDidChangeWorkspaceFolders: globalEvent('workspace.onDidChangeWorkspaceFolders'),
      onDidGrantWorkspaceTrust: globalEvent('workspace.onDidGrantWorkspaceTrust'),
      onDidSaveTextDocument: globalEvent('workspace.onDidSaveTextDocument'),
      onDidChangeTextDocument: globalEvent('workspace.onDidChangeTextDocument'),
      onDidCloseTextDocument: globalEvent('workspace.onDidCloseTextDocument'),
      onDidCreateFiles: globalEvent('workspace.onDidCreateFiles'),
      onDidDeleteFiles: globalEvent('workspace.onDidDeleteFiles'),
      onDidRenameFiles: globalEvent('workspace.onDidRenameFiles'),
      fs: {
        readFile: async (uri: Uri) =>
          fs.promises.readFile(uri.fsPath).catch((error: unknown) => {
            throw notFound(error);
          }),
        stat: async (uri: Uri) => {
          try {
            return { type: toType(await fs.promises.stat(uri.fsPath)) };
          } catch (error) {
            throw notFound(error);
          }
        },
        readDirectory: async (uri: Uri) =>
          (await fs.promises.readdir(uri.fsPath, { withFileTypes: true })).map((entry) => [
            entry.name,
            entry.isDirectory() ? FileType.Directory : FileType.File,
          ]),
        writeFile: async (uri: Uri, bytes: Uint8Array) => fs.promises.writeFile(uri.fsPath, bytes),
        createDirectory: async (uri: Uri) => fs.promises.mkdir(uri.fsPath, { recursive: true }),
        rename: async (from: Uri, to: Uri) => fs.promises.rename(from.fsPath, to.fsPath),
        delete: async (uri: Uri) => fs.promises.rm(uri.fsPath, { recursive: true, force: true }),
      },
    },
  };

  return {
    vscode,
    folder,
    /** Resources and subscriptions still alive. */
    leaks: () => tracked.filter((record) => !record.disposed).map((record) => record.label),
    created: () => tracked.length,
    /** Fires every global event and every watcher event, as VS Code would after a change. */
    fireEverything: () => {
      disposedAll = true;
      for (const emitter of Object.values(globalEvents))
        emitter.fire({
          affectsConfiguration: () => true,
          focused: true,
          document: { uri: folder.uri },
          contentChanges: [1],
          uri: folder.uri,
        });
      for (const created of watchers)
        for (const emitter of Object.values(created.events)) emitter.fire(Uri.joinPath(folder.uri, '.stackguide', 'review.yaml'));
    },
    firedAfterDispose: () => firedAfterDispose,
    /** Command id → the handler the extension registered for it. */
    commands: () => new Map(registered),
  };
}
