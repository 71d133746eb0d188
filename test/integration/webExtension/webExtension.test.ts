import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  EXTENSION_ID,
  browserAvailable,
  clickInWebview,
  countInWebview,
  countInWorkbench,
  eventually,
  readText,
  webviewShows,
  workbenchShows,
  workspaceRoot,
  writeText,
} from '../helpers';

/**
 * Fixture go-service, with the extension staged as VS Code for the Web installs it: a manifest
 * with a `browser` entry and no `main`. code-server runs it in the web worker extension host, where
 * there is no Node and the folder is a `vscode-remote:` URI, read and written only through
 * vscode.workspace.fs. This suite runs in the Node extension host and cannot reach the extension's
 * API: it uses the commands (VS Code routes them to the host that registered them), what the
 * browser shows, and the files on disk.
 */
const GO_PAGE = 'Go usage and adoption since 2020';
const ANCHOR = 'Delivery checks';
const row = (prefix: string) => `.monaco-list-row[aria-label^="${prefix}"]`;
const TEAM_PROFILE = `schema: 1
extends: go
checklist:
  delivery:
    - id: acme.delivery.readiness
      text: The service exposes /readyz and the deployment probes it.
      severity: high
`;

describe('the browser build in the web worker extension host (real VS Code host, vscode-remote folder)', () => {
  before(async function () {
    if (!browserAvailable()) this.skip();
    await eventually(
      "Stack Guide's commands, registered by the web worker extension host",
      async () => (await vscode.commands.getCommands(true)).includes('stackGuide.openReference'),
      60_000,
    );
  });

  it('runs in the web worker extension host: the Node extension host does not load it', () => {
    assert.strictEqual(vscode.extensions.getExtension(EXTENSION_ID), undefined);
  });

  it('the Stacks view shows Go at the root and TypeScript in web/', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.stackGuide');
    assert.ok(await workbenchShows('(root)'), 'the Stacks view lists the root folder');
    // Ecosystem rows carry their confidence, which no checklist row does.
    const ecosystem = (name: string) => `${row(name)}[aria-label*="%"]`;
    await eventually(
      'the Go and TypeScript rows',
      async () =>
        (await countInWorkbench('(root)', ecosystem('Go'))) === 1 && (await countInWorkbench('(root)', ecosystem('TypeScript'))) === 1,
    );
  });

  it('opens the Go reference page with its checklist and evidence', async () => {
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    assert.ok(await webviewShows(GO_PAGE), 'the page is drawn');
    assert.ok(await webviewShows('What solid Go mastery shows'), 'with every block');
    await eventually(
      'evidence checked through vscode.workspace.fs',
      async () => (await countInWebview(GO_PAGE, '.evidence-found, .evidence-missing')) > 0,
    );
    assert.strictEqual(
      await countInWebview(GO_PAGE, '[id="item-go.delivery.lockfile"] :is(.evidence-found, .evidence-missing)'),
      1,
      "the lockfile check's evidence is decided",
    );
    // A code probe: the tree-sitter runtime, read from dist/grammars and evaluated in the worker,
    // parsed the folder's two Go files (cmd/server/main.go sets ReadHeaderTimeout: nothing found).
    await eventually(
      'the timeouts code probe answered',
      async () => (await countInWebview(GO_PAGE, '[id="item-go.delivery.timeouts"] .evidence-absent')) === 1,
    );
    // No local disk, so no git: the trend block says so instead of a chart.
    assert.ok(await webviewShows('History needs git: not available here.'), 'the trend says why it has no history');
    assert.strictEqual(await countInWebview(GO_PAGE, '.trend-chart'), 0);
  });

  it('a tick on the page is written to the review file through vscode.workspace.fs, by "unknown", and the user is told how to record a name', async () => {
    // The test host's user settings name a reviewer; the folder's empty setting takes it away.
    await vscode.workspace.getConfiguration('stackGuide').update('reviewer', '', vscode.ConfigurationTarget.Workspace);
    await clickInWebview(GO_PAGE, '[id="item-go.delivery.shutdown"] input.tick');
    const entry = vscode.Uri.joinPath(workspaceRoot(), '.stackguide', 'review', 'go.delivery.shutdown.yaml');
    const text = await eventually('the review entry on disk', async () => readText(entry).catch(() => undefined));
    assert.match(text, /^state: done$/m);
    assert.match(text, /^by: unknown$/m, 'no git identity and no OS user in a browser');
    assert.ok(await workbenchShows('Stack Guide records your decisions as "unknown"'), 'the message saying how to record a name');
  });

  it('the Review Checklist shows the tick, and a team profile saved in the folder adds its item', async () => {
    await vscode.commands.executeCommand('stackGuide.showChecklist');
    assert.ok(await workbenchShows(ANCHOR));
    await eventually(
      'the ticked row',
      async () => (await countInWorkbench(ANCHOR, `${row('SIGTERM drains requests with Server.Shutdown')}[aria-label*=", done"]`)) === 1,
    );
    await writeText(vscode.Uri.joinPath(workspaceRoot(), '.stackguide', 'profiles', 'acme.yaml'), TEAM_PROFILE);
    await eventually("the team profile's row", async () => (await countInWorkbench(ANCHOR, row('The service exposes /readyz'))) === 1);
  });

  it('a Go file saved with http.ListenAndServe is a code finding on the page, with its place', async () => {
    await writeText(
      vscode.Uri.joinPath(workspaceRoot(), 'cmd', 'legacy', 'main.go'),
      'package main\n\nimport "net/http"\n\nfunc main() {\n\t_ = http.ListenAndServe(":9090", nil)\n}\n',
    );
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    await eventually(
      'the finding listed under the timeouts check',
      async () => (await countInWebview(GO_PAGE, '[id="item-go.delivery.timeouts"] .findings li')) === 1,
    );
    assert.ok(await webviewShows('cmd/legacy/main.go:6'), 'the finding names its file and line');
  });

  it('Review This Change says it needs git, which a browser does not have, and keeps the whole checklist', async () => {
    const on = await vscode.commands.executeCommand('stackGuide.reviewChange', 'main');
    assert.strictEqual(on, false);
    assert.ok(await workbenchShows('Review this change needs git, and git is not available here'));
    assert.strictEqual(await countInWorkbench(ANCHOR, row('SIGTERM drains requests with Server.Shutdown')), 1, 'the rows stay');
  });
});
