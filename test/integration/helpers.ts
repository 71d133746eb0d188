import * as assert from 'assert';
import * as vscode from 'vscode';
import type { StackGuideApi } from '../../src/api';
import * as fs from 'fs';
import * as path from 'path';
import { EXPECT_WEBVIEW, WEBVIEW_ANSWERS } from './runs';

export const EXTENSION_ID = 'stackguide.stack-guide';

export async function activateApi(): Promise<StackGuideApi> {
  const extension = vscode.extensions.getExtension<StackGuideApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in the test host`);
  const api = await extension.activate();
  assert.strictEqual(typeof api.detect, 'function', 'activate() returns the typed API');
  return api;
}

/** Polls until `check` returns a truthy value or the time is up; returns that value. */
export async function eventually<T>(what: string, check: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last as NonNullable<T>;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last value: ${JSON.stringify(last)})`);
}

let webviewCheck = 0;

/**
 * Asks the launcher, which drives the browser, whether some webview's DOM shows `text`, and
 * waits for its answer: the launcher writes it next to the workspace copy.
 */
export async function webviewShows(text: string): Promise<boolean> {
  const id = `${process.pid}-${++webviewCheck}`;
  const answer = path.join(path.dirname(workspaceRoot().fsPath), WEBVIEW_ANSWERS, `${id}.json`);
  console.log(`${EXPECT_WEBVIEW} ${JSON.stringify({ id, text })}`);
  const found = await eventually(`the launcher's answer for "${text}"`, () => fs.existsSync(answer), 30_000);
  return found && (JSON.parse(fs.readFileSync(answer, 'utf8')) as { found: boolean }).found;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test window has a workspace folder');
  return folder.uri;
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

export function webviewTabs(label: string): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.label === label);
}
