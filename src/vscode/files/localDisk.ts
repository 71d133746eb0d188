import * as vscode from 'vscode';
import type { DirEntry, FileSystem } from '../../core/fileSystem';

/**
 * What the extension does on a local disk when it runs in the Node extension host. The browser build
 * (vscode.dev, github.dev, a web worker extension host) has none: there every read and write goes
 * through vscode.workspace.fs, and nothing here is loaded, so the browser bundle holds no Node module.
 */
export interface LocalDisk {
  /** Detection and evidence over a local folder: synchronous, bounded reads that hand the thread back. */
  fileSystem(root: string): FileSystem;
  /** A regular file, bounded, refused when its real path is outside `within` (see readUserFileSync). */
  readUserFile(file: string, options: { maxBytes: number; display: string; within?: { real: Promise<string>; shown: string } }): Promise<Uint8Array>;
  /** A folder's entries; throws when it is not a folder. */
  listFolder(dir: string): DirEntry[];
  realpath(folder: string): Promise<string>;
  /** A file the extension ships (its built-in profiles): read at once, without waiting for a busy loop. */
  readBundled(file: string): Uint8Array;
  /** Whether the file's permissions forbid writing it. */
  isReadOnly(file: string): Promise<boolean>;
  /** The user's global git config file. */
  globalGitConfig(): string;
  /** The operating-system account name, if there is one. */
  userName(): string | undefined;
}

let installed: LocalDisk | undefined;

/** Called once by the Node entry point before activation; the browser entry point never calls it. */
export function useLocalDisk(disk: LocalDisk): void {
  installed = disk;
}

/** The local disk behind `uri`: only for `file:` URIs, and only in the Node extension host. */
export function localDiskFor(uri: vscode.Uri): LocalDisk | undefined {
  return uri.scheme === 'file' ? installed : undefined;
}

/** Whether the extension runs where it has a local disk (the Node extension host). */
export function hasLocalDisk(): boolean {
  return installed !== undefined;
}
