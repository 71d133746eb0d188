import type * as vscode from 'vscode';
import { activateStackGuide } from './activation';
import type { StackGuideApi } from './api';
import { useLocalDisk } from './files/localDisk';
import { nodeLocalDisk } from '../node/localDisk';

/** The Node extension host (desktop, remote, code-server): local folders are read through Node's fs. */
export function activate(extension: vscode.ExtensionContext): StackGuideApi {
  useLocalDisk(nodeLocalDisk);
  return activateStackGuide(extension);
}

export function deactivate(): void {
  // Everything is owned by extension.subscriptions and disposed by VS Code.
}
