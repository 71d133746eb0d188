import type * as vscode from 'vscode';
import { activateStackGuide } from './activation';
import type { StackGuideApi } from './api';
import { NO_LOCAL_DISK } from './files/localDisk';

/**
 * The web worker extension host (vscode.dev, github.dev, VS Code for the Web): no Node, no local
 * disk; every file is read and written through vscode.workspace.fs.
 */
export function activate(extension: vscode.ExtensionContext): StackGuideApi {
  return activateStackGuide(extension, NO_LOCAL_DISK);
}

export function deactivate(): void {
  // Everything is owned by extension.subscriptions and disposed by VS Code.
}

// What the Node entry point (extension.ts and src/node/) takes from this bundle instead of
// bundling a second copy (see esbuild.js): it passes the local disk, then activates the same way.
// A name missing here fails the manifest unit test.
export { activateStackGuide } from './activation';
export { Disks } from './files/localDisk';
export { DEFAULT_MAX_READ_BYTES, FileReadError, notRegularError, outsideError, tooLargeError } from '../core/fileSystem';
export { withPauses } from '../core/timing';
export { decodeStrictUtf8 } from '../core/review/reviewReader';
export { REVIEW_LIMITS } from '../core/review/reviewData';
export { isUnitFile } from '../core/review/unitFile';
