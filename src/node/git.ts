import { promises as fsp } from 'fs';
import * as path from 'path';
import type { ChangedFile, ChangeStatus } from '../core/change/touched';

/** Why a change cannot be read: what the editor says in its own words (the CLI prints the message). */
export type ChangeProblem = 'no-git' | 'not-a-repository' | 'unknown-ref' | 'failed';

/** A git command or a changed-files list that failed; the message names the ref or the file. */
export class ChangeInputError extends Error {
  constructor(
    message: string,
    readonly problem: ChangeProblem = 'failed',
  ) {
    super(message);
  }
}

/** What git may print at most (a diff of names only: ample for 100,000 paths). */
const MAX_GIT_OUTPUT = 64 * 1024 * 1024;
/** A `--changed-files` list is read up to this size. */
export const MAX_CHANGED_LIST_BYTES = 4 * 1024 * 1024;
const MAX_CHANGED_PATHS = 100_000;

async function git(cwd: string, args: string[]): Promise<string> {
  // Loaded when git first runs: a command that never asks git does not pay for child_process at start-up.
  const { execFile } = await import('child_process');
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'core.quotePath=false', ...args],
      { cwd, encoding: 'utf8', maxBuffer: MAX_GIT_OUTPUT, timeout: 60_000, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') reject(new ChangeInputError('git is not installed or not on PATH', 'no-git'));
          else reject(new ChangeInputError((stderr || error.message).trim().split('\n')[0]));
        } else {
          resolve(stdout);
        }
      },
    );
  });
}

export interface ChangedSince {
  /** The merge base of REF and HEAD: what the work tree is compared with. */
  mergeBase: string;
  files: ChangedFile[];
}

/**
 * The files changed between the merge base of `ref` and the work tree of `dir`: committed on the
 * branch, staged, unstaged and untracked (not ignored), with renames detected. Paths are relative
 * to `dir` ('/'-separated); changes outside it are left out.
 */
export async function changedSince(dir: string, ref: string): Promise<ChangedSince> {
  if (ref.startsWith('-')) throw new ChangeInputError(`--changed-since: "${ref}" is not a ref`);
  try {
    await git(dir, ['rev-parse', '--is-inside-work-tree']);
  } catch (error) {
    if (error instanceof ChangeInputError && error.problem === 'no-git')
      throw new ChangeInputError(`--changed-since ${ref}: ${error.message}`, 'no-git');
    throw new ChangeInputError(
      `--changed-since ${ref}: ${dir} is not inside a git work tree (${(error as Error).message})`,
      'not-a-repository',
    );
  }
  // The walk for untracked files is the slow part in a large tree, and needs no ref: it starts now
  // and runs beside the ref's checks and the diff (its failure is reported below, where it is awaited).
  const listUntracked = git(dir, ['ls-files', '-z', '--others', '--exclude-standard', '--', '.']);
  listUntracked.catch(() => undefined);
  let mergeBase: string;
  try {
    await git(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  } catch {
    throw new ChangeInputError(
      `--changed-since ${ref}: git knows no commit "${ref}" (fetch it first, e.g. git fetch origin ${ref} --depth=50, or fetch-depth: 0 in actions/checkout)`,
      'unknown-ref',
    );
  }
  try {
    mergeBase = (await git(dir, ['merge-base', '--end-of-options', ref, 'HEAD'])).trim();
  } catch (error) {
    throw new ChangeInputError(
      `--changed-since ${ref}: no merge base of "${ref}" and HEAD (${(error as Error).message || 'unrelated histories, or a shallow clone'}; fetch more history, e.g. fetch-depth: 0)`,
    );
  }
  let diff: string;
  let untracked: string;
  try {
    // --relative: paths relative to dir, and only those below it.
    diff = await git(dir, ['diff', '--name-status', '-z', '-M', '--relative', '--no-ext-diff', '--no-textconv', mergeBase, '--']);
    untracked = await listUntracked;
  } catch (error) {
    throw new ChangeInputError(`--changed-since ${ref}: git diff against ${mergeBase.slice(0, 12)} failed: ${(error as Error).message}`);
  }
  const files = parseNameStatus(diff);
  for (const file of untracked.split('\0')) if (file) files.push({ path: file, status: 'added' });
  return { mergeBase, files };
}

/**
 * The branch's upstream (`@{upstream}`, e.g. origin/main), or undefined when it has none (or HEAD
 * is detached). Throws ChangeInputError when git is missing or `dir` is not in a work tree.
 */
export async function upstreamOf(dir: string): Promise<string | undefined> {
  await inWorkTree(dir);
  try {
    const name = (await git(dir, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'])).trim();
    return name || undefined;
  } catch {
    return undefined;
  }
}

/** Refs to compare with, for a picker: local branches, then remote ones, then tags; at most `limit`. */
export async function gitRefs(dir: string, limit = 200): Promise<string[]> {
  await inWorkTree(dir);
  const output = await git(dir, [
    'for-each-ref',
    `--count=${limit}`,
    '--sort=-committerdate',
    '--format=%(refname:short)',
    'refs/heads',
    'refs/remotes',
    'refs/tags',
  ]);
  return output.split('\n').filter((name) => name && !name.endsWith('/HEAD'));
}

async function inWorkTree(dir: string): Promise<void> {
  try {
    await git(dir, ['rev-parse', '--is-inside-work-tree']);
  } catch (error) {
    if (error instanceof ChangeInputError && error.problem === 'no-git') throw error;
    throw new ChangeInputError(`${dir} is not inside a git work tree (${(error as Error).message})`, 'not-a-repository');
  }
}

/** `git diff --name-status -z` output: status, then one path (two for a rename or copy), each ended by NUL. */
export function parseNameStatus(output: string): ChangedFile[] {
  const fields = output.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i < fields.length;) {
    const status = fields[i++];
    if (!status) continue;
    const letter = status[0];
    if (letter === 'R' || letter === 'C') {
      const from = fields[i++];
      const to = fields[i++];
      if (to === undefined) break;
      files.push(letter === 'R' ? { path: to, status: 'renamed', from } : { path: to, status: 'added' });
      continue;
    }
    const file = fields[i++];
    if (file === undefined) break;
    files.push({ path: file, status: STATUS[letter] ?? 'modified' });
  }
  return files;
}

const STATUS: Record<string, ChangeStatus> = { A: 'added', M: 'modified', D: 'deleted', T: 'modified', U: 'modified' };

/**
 * A list of changed files, as CI systems give it: one path a line, relative to `dir` (blank lines
 * and a trailing CR ignored), or `git diff --name-status` lines ("M\tpath", "R100\told\tnew"). A
 * path that is not in the work tree counts as deleted. Bounded in size and count.
 */
export async function readChangedFiles(dir: string, listFile: string): Promise<ChangedFile[]> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(listFile, 'r');
  } catch (error) {
    throw new ChangeInputError(`--changed-files: cannot read ${listFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let text: string;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new ChangeInputError(`--changed-files: ${listFile} is not a regular file`);
    if (stat.size > MAX_CHANGED_LIST_BYTES)
      throw new ChangeInputError(`--changed-files: ${listFile} is ${stat.size} bytes; at most ${MAX_CHANGED_LIST_BYTES}`);
    const buffer = Buffer.alloc(stat.size);
    const { bytesRead } = await handle.read(buffer, 0, stat.size, 0);
    text = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
  const files: ChangedFile[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].replace(/\r$/, '');
    if (line.trim() === '') continue;
    if (files.length >= MAX_CHANGED_PATHS)
      throw new ChangeInputError(`--changed-files: ${listFile} lists more than ${MAX_CHANGED_PATHS} paths`);
    const where = `${listFile}:${index + 1}`;
    const status = /^([AMDTUR])[0-9]*\t(.*)$/.exec(line);
    if (status && status[1] === 'R') {
      const [from, to] = status[2].split('\t');
      if (to === undefined) throw new ChangeInputError(`--changed-files: ${where}: a rename needs the old and the new path`);
      files.push({ path: listedPath(to, where), status: 'renamed', from: listedPath(from, where) });
    } else if (status) {
      files.push({ path: listedPath(status[2], where), status: STATUS[status[1]] });
    } else {
      const file = listedPath(line, where);
      files.push({ path: file, status: (await exists(path.join(dir, file))) ? 'modified' : 'deleted' });
    }
  }
  return files;
}

function listedPath(raw: string, where: string): string {
  const slashed = raw.trim().replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed))
    throw new ChangeInputError(`--changed-files: ${where}: "${raw}" is absolute; paths are relative to the checked directory`);
  const parts = slashed.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..') || parts.length === 0)
    throw new ChangeInputError(`--changed-files: ${where}: "${raw}" is not a path inside the checked directory`);
  return parts.join('/');
}

async function exists(file: string): Promise<boolean> {
  try {
    await fsp.lstat(file);
    return true;
  } catch {
    return false;
  }
}
