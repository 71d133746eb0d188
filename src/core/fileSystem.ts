/**
 * The only way the core touches files. Paths are POSIX-style and relative to the
 * root the implementation was created for ('' or '.' is the root itself), so the
 * same detector runs over Node's fs (CLI, tests) and vscode.workspace.fs (extension).
 */
export type EntryKind = 'file' | 'directory' | 'other';

export interface DirEntry {
  name: string;
  kind: EntryKind;
  /** True when the entry is a symbolic link; `kind` is what it points to. */
  symlink: boolean;
}

export interface FileSystem {
  readDirectory(relativePath: string): Promise<DirEntry[]>;
  readFile(relativePath: string): Promise<Uint8Array>;
}

/** Compatible with vscode.CancellationToken, so the extension passes its token as it is. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

export function joinRelative(base: string, name: string): string {
  return base === '' || base === '.' ? name : `${base}/${name}`;
}

export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}
