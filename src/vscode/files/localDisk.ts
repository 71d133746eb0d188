import * as vscode from 'vscode';
import type { ChangedFile } from '../../core/change/touched';
import type { DirEntry, FileSystem } from '../../core/fileSystem';
import type { GitReviewLog } from '../../core/history/history';
import type { ReviewLayout } from '../../core/review/reviewData';

/**
 * What the extension does on a local disk when it runs in the Node extension host. The browser build
 * (vscode.dev, github.dev, a web worker extension host) has none: there every read and write goes
 * through vscode.workspace.fs, and nothing here is loaded, so the browser bundle holds no Node module.
 */
export interface LocalDisk {
  /** Detection and evidence over a local folder: synchronous, bounded reads that hand the thread back. */
  fileSystem(root: string): FileSystem;
  /** A regular file, bounded, refused when its real path is outside `within` (see readUserFileSync). */
  readUserFile(
    file: string,
    options: { maxBytes: number; display: string; within?: { real: Promise<string>; shown: string } },
  ): Promise<Uint8Array>;
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
  /**
   * The review's history from the machine's git (src/node/history.ts), at most the newest
   * `maxCommits` commits that changed it. Rejects with a message when dir is in no git work tree
   * or git cannot run.
   */
  reviewHistory(dir: string, layout: ReviewLayout, maxCommits: number): Promise<GitReviewLog>;
  /** HEAD's commit id; undefined when dir is in no git work tree, has no commit yet, or git cannot run. */
  gitHead(dir: string): Promise<string | undefined>;
  /** The machine's git, for "Review this change" (the browser has none). */
  readonly git: LocalGit;
}

/** What git could not answer, in kinds the editor words itself (`message` is git's own, for the log). */
export type GitAnswer<T> =
  { ok: true; value: T } | { ok: false; problem: 'no-git' | 'not-a-repository' | 'unknown-ref' | 'failed'; message: string };

/** git in a local folder: the change since a ref, the branch's upstream, the refs to choose from. */
export interface LocalGit {
  /** The files changed between the merge base of `ref` and HEAD and the work tree (untracked included), relative to `folder`. */
  changedSince(folder: string, ref: string): Promise<GitAnswer<{ mergeBase: string; files: ChangedFile[] }>>;
  /** The current branch's upstream (e.g. origin/main), or undefined when it has none. */
  upstream(folder: string): Promise<GitAnswer<string | undefined>>;
  /** Branches and tags, most recently committed first. */
  refs(folder: string): Promise<GitAnswer<string[]>>;
}

/**
 * Which files the local disk serves: chosen once by the entry point (the Node one passes Node's fs,
 * the browser one passes none) and handed to every reader, so no module keeps a platform of its own.
 */
export class Disks {
  constructor(private readonly local: LocalDisk | undefined) {}

  /** The local disk behind `uri`: only for `file:` URIs, and only where the host has one. */
  for(uri: vscode.Uri): LocalDisk | undefined {
    return uri.scheme === 'file' ? this.local : undefined;
  }

  /** Whether the extension runs where it has a local disk (the Node extension host). */
  get hasLocal(): boolean {
    return this.local !== undefined;
  }
}

/** No local disk: everything through vscode.workspace.fs (the browser build, and tests of that path). */
export const NO_LOCAL_DISK = new Disks(undefined);
