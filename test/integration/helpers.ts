import * as assert from 'assert';
import * as vscode from 'vscode';
import type { StackGuideApi } from '../../src/vscode/api';
import * as fs from 'fs';
import * as path from 'path';
import { HOST_REQUEST, WEBVIEW_ANSWERS, type AxeReport, type FocusStop, type HostRequest } from './runs';

export const EXTENSION_ID = 'stackguide.stack-guide';

export async function activateApi(): Promise<StackGuideApi> {
  const extension = vscode.extensions.getExtension<StackGuideApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in the test host`);
  const api = await extension.activate();
  assert.strictEqual(typeof api.detect, 'function', 'activate() returns the typed API');
  return api;
}

/** Polls until `check` returns a truthy value or the time is up; returns that value. */
export async function eventually<T>(what: string, check: () => T | Promise<T>, timeoutMs = 25_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last value: ${JSON.stringify(last)})`);
}

let requests = 0;

/**
 * Asks the launcher, which drives the browser, for something only it can do and waits for
 * the answer it writes next to the workspace copy.
 */
async function askLauncher<T>(request: DistributiveOmit<HostRequest, 'id'>): Promise<T> {
  const id = `${process.pid}-${++requests}`;
  const answer = path.join(path.dirname(workspaceRoot().fsPath), WEBVIEW_ANSWERS, `${id}.json`);
  console.log(`${HOST_REQUEST} ${JSON.stringify({ id, ...request })}`);
  // The launcher looks for a webview for up to 30 s (test/host/hostRequests.ts), then answers.
  await eventually(`the launcher's answer to ${JSON.stringify(request)}`, () => fs.existsSync(answer), 50_000);
  // The launcher renames a complete file into place (test/host/hostRequests.ts writeAnswer), so
  // the name appears only with the whole answer behind it: anything unparsable is a real error.
  const text = fs.readFileSync(answer, 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`the launcher's answer ${answer} is not JSON (${(error as Error).message}): ${JSON.stringify(text.slice(0, 200))}`);
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/**
 * The offline launcher drives the workbench from a browser and can answer DOM questions; the
 * desktop launcher (@vscode/test-electron) cannot, and says so through this variable. Tests
 * that need the browser are then reported as pending, never as passed.
 */
export function browserAvailable(): boolean {
  return process.env.STACK_GUIDE_NO_BROWSER !== '1';
}

/** True when some webview's DOM, in the real browser, shows `text`. */
export async function webviewShows(text: string): Promise<boolean> {
  return (await askLauncher<{ found: boolean }>({ kind: 'webviewText', text })).found;
}

/** Clicks an element inside the webview that shows `text`, in the real browser. */
export async function clickInWebview(text: string, selector: string): Promise<void> {
  const result = await askLauncher<{ clicked: boolean; reason?: string }>({ kind: 'clickInWebview', text, selector });
  if (!result.clicked) throw new Error(`could not click ${selector}: ${result.reason}`);
}

/** Chooses an option of a select inside the webview that shows `text`. */
export async function selectInWebview(text: string, selector: string, value: string): Promise<void> {
  const result = await askLauncher<{ ok: boolean; reason?: string }>({ kind: 'selectInWebview', text, selector, value });
  if (!result.ok) throw new Error(`could not select ${value} in ${selector}: ${result.reason}`);
}

/** Focuses `selector` in the webview that shows `text`, presses Tab `presses` times, and says where the focus went. */
export async function tabOrder(text: string, selector: string, presses: number): Promise<FocusStop[]> {
  const result = await askLauncher<{ ok: boolean; stops?: FocusStop[]; reason?: string }>({ kind: 'tabOrder', text, selector, presses });
  if (!result.ok || !result.stops) throw new Error(`could not move the focus: ${result.reason}`);
  return result.stops;
}

/** axe-core's WCAG A and AA audit of the webview that shows `text`; `control` adds a known violation first. */
export async function axeAudit(text: string, control = false): Promise<AxeReport> {
  const result = await askLauncher<{ ok: boolean; reason?: string } & Partial<AxeReport>>({ kind: 'axe', text, control });
  if (!result.ok || !result.violations) throw new Error(`could not run axe-core: ${result.reason}`);
  return { violations: result.violations, passed: result.passed ?? 0, background: result.background ?? '' };
}

/** Counts elements matching `selector` inside the webview that shows `text`. */
export async function countInWebview(text: string, selector: string): Promise<number> {
  const result = await askLauncher<{ ok: boolean; count?: number; reason?: string }>({ kind: 'countInWebview', text, selector });
  if (!result.ok) throw new Error(`could not count ${selector}: ${result.reason}`);
  return result.count ?? 0;
}

/** How wide the webview that shows `text` is, and how wide its document is (wider: it scrolls sideways). */
export async function webviewWidth(text: string): Promise<{ clientWidth: number; scrollWidth: number }> {
  const result = await askLauncher<{ ok: boolean; clientWidth?: number; scrollWidth?: number; reason?: string }>({
    kind: 'pageWidth',
    text,
  });
  if (!result.ok) throw new Error(`could not measure the page: ${result.reason}`);
  return { clientWidth: result.clientWidth ?? 0, scrollWidth: result.scrollWidth ?? 0 };
}

/** Types text and presses keys in the workbench, as a user at the keyboard. */
export async function keys(type?: string, ...press: string[]): Promise<void> {
  await askLauncher({ kind: 'keys', type, press });
}

/** True when script injected into a page set `window[name]` in any frame. */
export async function globalSetInAnyFrame(name: string): Promise<boolean> {
  return (await askLauncher<{ set: boolean }>({ kind: 'globalSet', global: name })).set;
}

/** Developer: Reload Window. The suite starts again in the new window; this never resolves. */
export async function reloadWindow(): Promise<never> {
  await vscode.commands.executeCommand('workbench.action.reloadWindow');
  return new Promise<never>(() => undefined);
}

/** Has the launcher save a screenshot of the whole workbench. */
export async function screenshot(name: string): Promise<void> {
  const result = await askLauncher<{ saved: boolean; reason?: string }>({ kind: 'screenshot', name });
  if (!result.saved) throw new Error(`screenshot ${name} not saved: ${result.reason}`);
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

/** Replaces a file's content through an editor and saves it, as a user does. */
export async function saveText(uri: vscode.Uri, text: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  await vscode.workspace.applyEdit(edit);
  await document.save();
}

export function webviewTabs(label: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.label === label);
}

/**
 * True when the workbench itself or a webview shows `text` in the real browser: the launcher looks
 * through every frame, the workbench's own first, and reads visible text only (a closed dialog or
 * input box, hidden with display: none, does not count). Waits up to 15 s for the text to appear.
 * For what a user reads outside a webview: a view's message, a dialog, an input box's title, a
 * notification.
 */
export async function workbenchShows(text: string): Promise<boolean> {
  return webviewShows(text);
}

/**
 * Counts elements matching `selector` in the workbench's own document (the frame that shows
 * `anchor`, a text of the workbench that no webview shows). Counts at once, without waiting.
 */
export async function countInWorkbench(anchor: string, selector: string): Promise<number> {
  return countInWebview(anchor, selector);
}
