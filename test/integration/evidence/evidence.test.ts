/**
 * Evidence in the real VS Code host: what a probe finds is shown beside the item, the page opens
 * the file at the line, Tick with Evidence records where it was, and removing the proof turns the
 * ticked item into "evidence lost".
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ApiChecklistItem, StackGuideApi } from '../../../src/vscode/api';
import { activateApi, browserAvailable, clickInWebview, eventually, readText, webviewShows, workspaceRoot, writeText } from '../helpers';

const WORKFLOW = () => vscode.Uri.joinPath(workspaceRoot(), '.github', 'workflows', 'ci.yml');
const item = (api: StackGuideApi, id: string): ApiChecklistItem | undefined => api.checklist().find((candidate) => candidate.id === id);

describe('evidence (real VS Code host)', () => {
  let api: StackGuideApi;

  before(async () => {
    api = await activateApi();
    await api.ready();
    await api.evidenceReady();
  });

  it('shows what the probes find: the race-detector line in the workflow, go.sum, and nothing for govulncheck', () => {
    // A run probe says what ran, and where; a missing one says what was searched.
    assert.deepStrictEqual(item(api, 'go.quality.race')?.evidence, {
      status: 'found',
      locations: [{ path: '.github/workflows/ci.yml', line: 9 }],
      reason: 'runs `go test -race ./...` at .github/workflows/ci.yml:9',
    });
    assert.deepStrictEqual(item(api, 'go.delivery.lockfile')?.evidence, { status: 'found', locations: [{ path: 'go.sum' }] });
    assert.deepStrictEqual(item(api, 'go.quality.vuln')?.evidence, {
      status: 'missing',
      locations: [],
      reason: 'searched 1 workflow: no `govulncheck` that can fail',
    });
    // A code probe parsed main.go (tree-sitter, in the extension host) and found no server without timeouts.
    assert.deepStrictEqual(item(api, 'go.delivery.timeouts')?.evidence, {
      status: 'absent',
      locations: [],
      findings: [],
      total: 0,
      reason:
        'no http.ListenAndServe, http.Get/Post, http.DefaultClient, an http.Server{} without ReadHeaderTimeout or ReadTimeout, or an http.Client{} without Timeout in 1 source file',
    });
    assert.strictEqual(item(api, 'go.risk.concurrency')?.evidence, undefined, 'an item no file or query can prove has no probe');
    assert.ok(
      api.checklist().every((candidate) => candidate.state === 'open'),
      'evidence never ticks an item on its own',
    );
  });

  it('the page says where the evidence is, and "Open evidence" opens the file at that line', async function () {
    if (!browserAvailable()) this.skip();
    await vscode.commands.executeCommand('stackGuide.openReference', 'go');
    await eventually('the page shows the evidence line', () => webviewShows('evidence: .github/workflows/ci.yml:9'), 20_000);
    await clickInWebview('evidence: .github/workflows/ci.yml:9', '#item-go\\.quality\\.race .open-evidence');
    const editor = await eventually(
      'the workflow open in an editor',
      () => {
        const active = vscode.window.activeTextEditor;
        return active?.document.uri.path.endsWith('/.github/workflows/ci.yml') ? active : undefined;
      },
      20_000,
    );
    assert.strictEqual(editor.selection.active.line, 8, 'the cursor is on line 9');
  });

  it('Tick with Evidence records who and where in the review file, and the item is done', async () => {
    const key = item(api, 'go.quality.race')!.key;
    await vscode.commands.executeCommand('stackGuide.tickWithEvidence', { kind: 'item', item: { key } });
    const entry = vscode.Uri.joinPath(workspaceRoot(), '.stackguide', 'review', 'go.quality.race.yaml');
    const text = await eventually('the decision file', async () => {
      try {
        return await readText(entry);
      } catch {
        return undefined;
      }
    });
    assert.match(text, /^state: done$/m);
    assert.match(text, /^evidence:\n {2}- "\.github\/workflows\/ci\.yml:9"$/m);
    assert.match(text, /^by: \S/m);
    await eventually(
      'the item done with its recorded evidence',
      () =>
        item(api, 'go.quality.race')?.state === 'done' &&
        item(api, 'go.quality.race')?.recordedEvidence?.[0] === '.github/workflows/ci.yml:9',
    );
    assert.strictEqual(item(api, 'go.quality.race')?.evidenceLost, false);
  });

  it('removing the race detector from CI turns the ticked item into "evidence lost"; putting it back clears it', async () => {
    const original = await readText(WORKFLOW());
    await writeText(WORKFLOW(), original.replace('go test -race ./...', 'go test ./...'));
    await eventually('evidence lost', () => item(api, 'go.quality.race')?.evidenceLost === true, 20_000);
    assert.strictEqual(item(api, 'go.quality.race')?.state, 'done', 'the tick is kept: a person decides what it means');
    assert.strictEqual(item(api, 'go.quality.race')?.evidence?.status, 'missing');
    // Units whose probes did not read the workflow keep their results.
    assert.deepStrictEqual(item(api, 'go.delivery.lockfile')?.evidence?.status, 'found');
    await writeText(WORKFLOW(), original);
    await eventually(
      'evidence found again',
      () => item(api, 'go.quality.race')?.evidenceLost === false && item(api, 'go.quality.race')?.evidence?.status === 'found',
      20_000,
    );
  });

  it('a code finding appears when a file gains the pattern, with its line, on the page too, and goes when it is fixed', async function () {
    const main = vscode.Uri.joinPath(workspaceRoot(), 'main.go');
    const saved = await readText(main);
    await writeText(main, 'package main\n\nimport "net/http"\n\nfunc main() {\n\t_ = http.ListenAndServe(":8080", nil)\n}\n');
    const found = await eventually('the finding', () => {
      const evidence = item(api, 'go.delivery.timeouts')?.evidence;
      return evidence?.status === 'present' ? evidence : undefined;
    });
    assert.deepStrictEqual(found.findings, [{ path: 'main.go', line: 6, text: '_ = http.ListenAndServe(":8080", nil)' }]);
    assert.deepStrictEqual(found.locations, [{ path: 'main.go', line: 6 }]);
    if (browserAvailable()) {
      await vscode.commands.executeCommand('stackGuide.openReference', 'go');
      await eventually('the page shows the finding', () => webviewShows('present: 1 place (main.go:6)'), 20_000);
      assert.ok(await webviewShows('_ = http.ListenAndServe(":8080", nil)'), 'the line itself is on the page');
    }
    await writeText(main, saved);
    await eventually('fixed: absent again', () => item(api, 'go.delivery.timeouts')?.evidence?.status === 'absent', 20_000);
  });

  it('deleting the evidence file itself is noticed too', async () => {
    const sum = vscode.Uri.joinPath(workspaceRoot(), 'go.sum');
    const saved = await readText(sum);
    await vscode.commands.executeCommand('stackGuide.tickWithEvidence', {
      kind: 'item',
      item: { key: item(api, 'go.delivery.lockfile')!.key },
    });
    await eventually('lockfile ticked with evidence', () => item(api, 'go.delivery.lockfile')?.recordedEvidence?.[0] === 'go.sum');
    await vscode.workspace.fs.delete(sum);
    await eventually('go.sum evidence lost', () => item(api, 'go.delivery.lockfile')?.evidenceLost === true, 20_000);
    await writeText(sum, saved);
    await eventually('go.sum found again', () => item(api, 'go.delivery.lockfile')?.evidenceLost === false, 20_000);
  });
});
