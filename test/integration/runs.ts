/**
 * The integration runs, shared by both launchers: each opens a fixture workspace in a fresh
 * window and runs one suite inside its extension host. Runs that name the same `workspace`
 * key share one copy of the fixture, in order: the second sees what the first left on disk.
 */
export interface IntegrationRun {
  /** Folder under test/integration holding index.ts and the suite's *.test.ts. */
  suite: string;
  /** Fixture under test/fixtures: a folder, or a .code-workspace file for multi-root. */
  fixture: string;
  /** Runs with the same key share a copy of the fixture. */
  workspace: string;
  /** Environment of the VS Code server, and so of the extension host. */
  env?: Record<string, string>;
  /**
   * Starts with workspace trust enabled and the folder untrusted (Restricted Mode). Every other
   * run disables workspace trust, so its folder is trusted.
   */
  untrusted?: boolean;
  /**
   * 'browser': the extension runs from its browser entry in the web worker extension host (as on
   * vscode.dev and github.dev), where the suite, in the Node host, cannot reach its API.
   */
  build?: 'browser';
  /** The Node build with its first detection delayed this long (see stageSlowFirstDetectionBuild). */
  firstDetectionDelayMs?: number;
  /** Display language: code-server's --locale and the browser's locale (English when absent). */
  locale?: string;
}

export const RUNS: IntegrationRun[] = [
  { suite: 'goWorkspace', fixture: 'go-service', workspace: 'go' },
  { suite: 'afterReload', fixture: 'go-service', workspace: 'go' },
  { suite: 'multiRoot', fixture: 'multi-root/stack.code-workspace', workspace: 'multi' },
  { suite: 'teamProfiles', fixture: 'team-service', workspace: 'team' },
  { suite: 'personalStorage', fixture: 'personal-service', workspace: 'personal' },
  { suite: 'restore', fixture: 'go-service', workspace: 'restore' },
  { suite: 'cargoWorkspace', fixture: 'cargo-workspace', workspace: 'cargo' },
  // One window per command: each is the first thing run there, while detection is slowed down.
  ...['search', 'open', 'export'].map((command) => ({
    suite: 'firstAnswer',
    fixture: 'go-service',
    workspace: `first-${command}`,
    firstDetectionDelayMs: 2500,
    env: { STACK_GUIDE_TEST_FIRST_COMMAND: command },
  })),
  { suite: 'activationDeep', fixture: 'deep-services', workspace: 'deep' },
  { suite: 'activationEmpty', fixture: 'no-markers', workspace: 'empty' },
  { suite: 'detectionPaths', fixture: 'go-service', workspace: 'paths' },
  { suite: 'hostileFiles', fixture: 'hostile-service', workspace: 'hostile' },
  { suite: 'evidence', fixture: 'evidence-service', workspace: 'evidence' },
  { suite: 'checklistCommands', fixture: 'commands-service', workspace: 'commands' },
  { suite: 'changeReview', fixture: 'change-service', workspace: 'change' },
  { suite: 'workspaceSettings', fixture: 'settings-service', workspace: 'settings' },
  { suite: 'restrictedMode', fixture: 'restricted-service', workspace: 'restricted', untrusted: true },
  { suite: 'accessibility', fixture: 'go-service', workspace: 'a11y' },
  { suite: 'reviewTrend', fixture: 'go-service', workspace: 'trend' },
  { suite: 'pageReflow', fixture: 'go-service', workspace: 'reflow' },
  { suite: 'webExtension', fixture: 'go-service', workspace: 'web', build: 'browser' },
  { suite: 'localized', fixture: 'go-service', workspace: 'localized', locale: 'de' },
];

/** Console marker of a request to the launcher (see test/host/hostRequests.ts). */
export const HOST_REQUEST = '[stackguide:host-request]';
/** Folder beside the workspace copy where the launcher writes its answers. */
export const WEBVIEW_ANSWERS = 'host-answers';

export type HostRequest = { id: string } & (
  | { kind: 'webviewText'; text: string }
  | { kind: 'screenshot'; name: string }
  /** Clicks the first element matching `selector` in the webview whose document contains `text`. */
  | { kind: 'clickInWebview'; text: string; selector: string }
  /** Chooses `value` in the select matching `selector` in the webview that shows `text`. */
  | { kind: 'selectInWebview'; text: string; selector: string; value: string }
  /** How many elements match `selector` in the webview that shows `text`. */
  | { kind: 'countInWebview'; text: string; selector: string }
  /** The document's visible width and its scroll width in the webview that shows `text` (CSS pixels). */
  | { kind: 'pageWidth'; text: string }
  /** Types into, or presses keys on, whatever has focus in the workbench. */
  | { kind: 'keys'; type?: string; press?: string[] }
  /** Whether any frame has `window[global]` set: proof that injected script ran. */
  | { kind: 'globalSet'; global: string }
  /**
   * Focuses `selector` in the webview that shows `text`, then presses Tab `presses` times and
   * answers with where the focus went each time.
   */
  | { kind: 'tabOrder'; text: string; selector: string; presses: number }
  /** Runs axe-core in the webview that shows `text`; `control` adds a known violation first. */
  | { kind: 'axe'; text: string; control?: boolean }
);

/** One rule axe-core found broken, as the launcher reports it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** CSS selectors of the elements at fault (the first few). */
  targets: string[];
}

/** Where the keyboard focus is, and whether the user can see it. */
export interface FocusStop {
  tag: string;
  type: string;
  id: string;
  /** Inside the table of contents. */
  inToc: boolean;
  classes: string;
  /** A focus outline or ring is drawn (outline or box-shadow), as the page's own CSS sets it. */
  visible: boolean;
}

/** What an axe-core audit of one webview found. */
export interface AxeReport {
  violations: AxeViolation[];
  /** How many rules found elements to check and passed them. */
  passed: number;
  /** The body's computed background colour: which theme the page was drawn in. */
  background: string;
}

/** Prefix of the test reporter's lines in the host console. */
export const TEST_OUTPUT_MARK = '[stackguide:test] ';
