import * as assert from 'assert';
import * as vscode from 'vscode';
import type { StackGuideApi } from '../../../src/vscode/api';
import { browserAvailable, EXTENSION_ID, keys } from '../helpers';

function firstDetectionDone(): boolean {
  const extension = vscode.extensions.getExtension<StackGuideApi>(EXTENSION_ID);
  return extension?.isActive === true && extension.exports.timings().firstDetection !== undefined;
}

/**
 * Runs `command` and answers the quick pick it shows once the first detection is done: types
 * `type` (if any) and presses `key` until the command returns.
 */
async function runAndAnswer<T>(command: string, type: string | undefined, key: string): Promise<T> {
  let answered = false;
  const result = Promise.resolve(vscode.commands.executeCommand<T>(command)).finally(() => (answered = true));
  const deadline = Date.now() + 30_000;
  while (!answered && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The command opens its quick pick only after the first detection; once answered, give the
    // command time to finish before trying again, or the keys would land in what it opened.
    if (!answered && firstDetectionDone()) {
      await keys(type, key);
      const waitUntil = Date.now() + 5000;
      while (!answered && Date.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return result;
}

// Each run of this suite opens a fresh window whose detection is slowed down
// (firstDetectionDelayMs in runs.ts) and runs one palette command as its very first
// action (STACK_GUIDE_TEST_FIRST_COMMAND): the command must wait for the first answer, not read an
// empty state.
describe('a palette command run before the first detection has finished (real VS Code host)', () => {
  before(function () {
    if (!browserAvailable()) this.skip();
    assert.strictEqual(firstDetectionDone(), false, 'the first detection has not finished when the command starts');
  });

  const first = process.env.STACK_GUIDE_TEST_FIRST_COMMAND;

  if (first === 'search') {
    it('Search Guidance lists the detected ecosystem first', async () => {
      const picked = await runAndAnswer<{ ecosystem: string }>('stackGuide.searchGuidance', undefined, 'Enter');
      assert.strictEqual(picked?.ecosystem, 'go', 'Go, which is detected, comes first');
    });
  }

  if (first === 'open') {
    it('Open Reference Page offers the detected ecosystem first', async () => {
      const picked = await runAndAnswer<string>('stackGuide.openReference', undefined, 'Enter');
      assert.strictEqual(picked, 'go');
    });
  }

  if (first === 'export') {
    it('Export exports the detected checklist, not "nothing to export"', async () => {
      await runAndAnswer('stackGuide.exportChecklist', 'JSON in a new editor', 'Enter');
      const text =
        vscode.workspace.textDocuments.find((document) => document.languageId === 'json' && document.isUntitled)?.getText() ?? '';
      const json = JSON.parse(text) as { components: { ecosystem: string; path: string }[] };
      assert.ok(
        json.components.some((unit) => unit.ecosystem === 'go' && unit.path === '.'),
        text.slice(0, 200),
      );
    });
  }
});
