/**
 * Shared by the activationDeep and activationEmpty suites: they check that Stack Guide wakes up
 * by itself, so nothing here activates it (no getExtension().activate(), no command).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { StackGuideApi } from '../../../src/vscode/api';
import { EXTENSION_ID, eventually } from '../helpers';

/** Waits for VS Code to activate the extension through its activation events, then returns its API. */
export async function activatedOnItsOwn(timeoutMs = 30_000): Promise<StackGuideApi> {
  const extension = vscode.extensions.getExtension<StackGuideApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed in the test host`);
  await eventually('the extension to be activated by VS Code', () => extension.isActive, timeoutMs);
  assert.strictEqual(typeof extension.exports?.ready, 'function', 'the active extension exports its API');
  return extension.exports;
}

/**
 * The extension host's log folder, found through the log file this process holds open
 * (Linux only; undefined elsewhere, and the checks that need it are skipped).
 */
function extensionHostLogFolder(): string | undefined {
  try {
    for (const fd of fs.readdirSync('/proc/self/fd')) {
      let target: string;
      try {
        target = fs.readlinkSync(path.join('/proc/self/fd', fd));
      } catch {
        continue;
      }
      if (/exthost\.log$/i.test(target)) return path.dirname(target);
    }
  } catch {
    // no /proc
  }
  return undefined;
}

function findFile(dir: string, name: RegExp): string | undefined {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && name.test(entry.name)) return full;
    if (entry.isDirectory()) {
      const found = findFile(full, name);
      if (found) return found;
    }
  }
  return undefined;
}

export interface HostLogs {
  /** The extension host's own log: which event activated which extension. */
  extensionHost: () => string;
  /** The Stack Guide output channel's log file. */
  stackGuide: () => string;
}

export function hostLogs(): HostLogs | undefined {
  const folder = extensionHostLogFolder();
  if (!folder) return undefined;
  const read = (name: RegExp) => () => {
    const file = findFile(folder, name);
    return file ? fs.readFileSync(file, 'utf8') : '';
  };
  return { extensionHost: read(/exthost\.log$/i), stackGuide: read(/Stack Guide\.log$/) };
}

/**
 * The Stack Guide log once it matches every pattern. The output channel reaches its file through
 * the log service, which writes in the background, so a line logged a moment ago may not be there yet.
 */
export async function stackGuideLogWith(logs: HostLogs, ...expected: RegExp[]): Promise<string> {
  return eventually(`the Stack Guide log to contain ${expected.join(' and ')}`, () => {
    const log = logs.stackGuide();
    return expected.every((pattern) => pattern.test(log)) ? log : undefined;
  });
}

/**
 * The activation event VS Code logged for Stack Guide, e.g. `workspaceContains:…` or
 * `onStartupFinished`, waiting for the extension host's log to hold it (it too is written in the background).
 */
export async function activationEvent(logs: HostLogs): Promise<string> {
  const pattern = new RegExp(`_doActivateExtension ${EXTENSION_ID.replace(/\./g, '\\.')}, startup: \\w+, activationEvent: '([^']*)'`);
  return eventually("the extension host log to name Stack Guide's activation event", () => pattern.exec(logs.extensionHost())?.[1]);
}
