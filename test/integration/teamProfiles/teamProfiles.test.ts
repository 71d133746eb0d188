import * as assert from 'assert';
import * as vscode from 'vscode';
import type { StackGuideApi } from '../../../src/vscode/api';
import {
  activateApi,
  browserAvailable,
  eventually,
  globalSetInAnyFrame,
  saveText,
  webviewShows,
  workspaceRoot,
  writeText,
} from '../helpers';

const GOOD = `schema: 1
extends: go
summary: Acme's Go services, reviewed the house way.
checklist:
  delivery:
    - id: acme.delivery.readiness
      text: The service exposes /readyz and the deployment probes it.
      severity: high
  drop: [go.delivery.logging]
`;

describe('team profiles in the real VS Code host', () => {
  let api: StackGuideApi;
  let file: vscode.Uri;
  const errorsOf = () => vscode.languages.getDiagnostics(file).filter((d) => d.source === 'Stack Guide');

  before(async () => {
    api = await activateApi();
    await api.ready();
    file = vscode.Uri.joinPath(workspaceRoot(), '.stackguide', 'profiles', 'acme.yaml');
  });

  it('a saved team profile that extends Go adds and drops checklist items', async () => {
    await writeText(file, GOOD);
    await eventually('the Acme item in the checklist', () => api.checklist().some((item) => item.id === 'acme.delivery.readiness'));
    assert.ok(!api.checklist().some((item) => item.id === 'go.delivery.logging'), 'the dropped item is gone');
    assert.ok(
      api.checklist().some((item) => item.id === 'go.delivery.timeouts'),
      'the other Go items stay',
    );
    assert.deepStrictEqual(errorsOf(), []);
  });

  it('the open Go page shows the team text after a save', async function () {
    if (!browserAvailable()) this.skip();
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    assert.ok(await webviewShows("Acme's Go services, reviewed the house way."));
  });

  it('a problem in the file shows in the Problems panel on its line, and the built-in profile keeps working', async () => {
    await saveText(file, GOOD.replace('      severity: high', '      severity: urgent'));
    const [diagnostic] = await eventually('a diagnostic on acme.yaml', () => (errorsOf().length > 0 ? errorsOf() : undefined));
    assert.strictEqual(diagnostic.range.start.line, 7, 'line 8 of the file');
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /severity must be one of "high", "medium", "low"/);
    await eventually('the checklist back on the built-in Go profile', () =>
      api.checklist().some((item) => item.id === 'go.delivery.logging'),
    );
  });

  it('fixing the file clears the problem', async () => {
    await saveText(file, GOOD);
    await eventually('no diagnostic', () => errorsOf().length === 0);
    await eventually('the Acme item back', () => api.checklist().some((item) => item.id === 'acme.delivery.readiness'));
  });

  it('markup and script in a team profile show as text in the real webview and run nothing', async function () {
    if (!browserAvailable()) this.skip();
    const hostile = `schema: 1
extends: go
summary: "<img src=x onerror=\\"window.__sgInjected=1\\"><script>window.__sgInjected=2</script></style>"
checklist:
  delivery:
    - id: acme.delivery.hostile
      text: "<svg onload=\\"window.__sgInjected=3\\"></svg> javascript:window.__sgInjected=4"
      severity: low
      links: ["https://example.com/\\"><script>window.__sgInjected=5</script>"]
`;
    await saveText(file, hostile);
    await eventually('the hostile item in the checklist', () => api.checklist().some((item) => item.id === 'acme.delivery.hostile'));
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    assert.ok(
      await webviewShows('<img src=x onerror="window.__sgInjected=1"><script>window.__sgInjected=2</script></style>'),
      'the summary shows as text',
    );
    assert.ok(await webviewShows('<svg onload="window.__sgInjected=3"></svg>'), 'the item shows as text');
    assert.strictEqual(await globalSetInAnyFrame('__sgInjected'), false, 'no injected script ran in any frame');
    await saveText(file, GOOD);
    await eventually('the good profile back', () => api.checklist().some((item) => item.id === 'acme.delivery.readiness'));
  });

  it('an unsaved edit is checked as it is typed, and undoing it clears the problem', async () => {
    const document = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(document);
    const line = document.lineAt(2);
    await editor.edit((edit) => edit.insert(line.range.start, 'sumary: typo\n'));
    const [diagnostic] = await eventually('a diagnostic for the typed key', () => (errorsOf().length > 0 ? errorsOf() : undefined));
    assert.strictEqual(diagnostic.range.start.line, 2);
    assert.match(diagnostic.message, /unknown key "sumary"/);
    assert.ok(
      api.checklist().some((item) => item.id === 'acme.delivery.readiness'),
      'unsaved text does not change the checklist',
    );
    await vscode.commands.executeCommand('undo');
    await eventually('the diagnostic to clear', () => errorsOf().length === 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
