import type * as vscode from 'vscode';
import { nodeLocalDisk } from '../node/localDisk';
import { activateStackGuide, type ActivationOptions } from './activation';
import type { StackGuideApi } from './api';
import { Disks } from './files/localDisk';

/** The Node extension host (desktop, remote, code-server): local folders are read through Node's fs. */
export function activate(extension: vscode.ExtensionContext): StackGuideApi {
  return activateWith(extension, {});
}

/** Activation with options, for an entry point that wraps this one (the test host stages one). */
export function activateWith(extension: vscode.ExtensionContext, options: ActivationOptions): StackGuideApi {
  return activateStackGuide(extension, new Disks(nodeLocalDisk), options);
}

export function deactivate(): void {
  // Everything is owned by extension.subscriptions and disposed by VS Code.
}
