/**
 * What the CLI's commands share: the directory and depth they work on, detection, the profiles
 * (built-in and the repository's team profiles), who a decision is recorded for, and how paths
 * are shown to CI tools.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { detectFolder, DEFAULT_MAX_DEPTH, type Detection } from '../core/detect/detector';
import type { FileSystem } from '../core/fileSystem';
import { formatProblem, type Problem, type Profile } from '../core/profiles/model';
import type { FileLocation } from '../core/report/model';
import { printable } from '../core/report/text';
import { pathInsideFolder } from '../core/review/legacy/legacyFile';
import type { CliIo } from './cli';
import { quote, UsageError, type Parsed } from './cliArgs';
import { NodeFileSystem } from './nodeFileSystem';
import { readProfilesBundle } from './builtInProfiles';
import { loadProfileFolder } from './profileFiles';

// Synchronous fs inside (fs.promises costs a millisecond to load at start-up); async for the callers.
// eslint-disable-next-line @typescript-eslint/require-await
export async function resolveDirectory(io: CliIo, given: string | undefined): Promise<string> {
  const dir = path.resolve(io.cwd, given ?? '.');
  let stat;
  try {
    stat = fs.statSync(dir);
  } catch (error) {
    throw new UsageError(`cannot read directory ${printable(dir)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`${printable(dir)} is not a directory`);
  try {
    fs.readdirSync(dir);
  } catch (error) {
    throw new UsageError(`cannot list directory ${printable(dir)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return dir;
}

/** A whole number written in decimal digits and nothing else: "", " ", "1e1", "0x3", "2.0" and "-0" are refused. */
export function parseWholeNumber(raw: string, flag: string, min: number, max: number): number {
  const value = /^[0-9]{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got ${quote(raw)}`);
  return value;
}

export function maxDepth(args: Parsed): number {
  const raw = args.flags.get('--max-depth');
  return typeof raw === 'string' ? parseWholeNumber(raw, '--max-depth', 0, 20) : DEFAULT_MAX_DEPTH;
}

export function oneOf<T extends string>(args: Parsed, flag: string, allowed: readonly T[], fallback: T): T {
  const raw = args.flags.get(flag);
  if (raw === undefined) return fallback;
  if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
  throw new UsageError(`${flag} must be ${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}, got ${quote(String(raw))}`);
}

export async function detectDirectory(dir: string, depth: number, fs: FileSystem = new NodeFileSystem(dir)): Promise<Detection> {
  return { folders: [await detectFolder(fs, path.basename(dir), { maxDepth: depth, root: dir })] };
}

export function reviewFileError(dir: string, error: { file: string; line: number; column: number; message: string; hint: string }): string {
  return `${printable(path.join(dir, error.file))}:${error.line}:${error.column}: error: ${printable(error.message)}\n  ${printable(error.hint)}\n`;
}

/** The same profiles the editor uses: built-ins, then the team's .stackguide/profiles on top; undefined after printing errors. */
export async function loadProfilesFor(dir: string, io: CliIo): Promise<Profile[] | undefined> {
  // Validated when the bundle was built; without one (a checkout not yet built), the YAML files.
  const bundled = io.profilesBundle !== undefined ? readProfilesBundle(io.profilesBundle, io.profilesDir) : undefined;
  const builtIns = bundled
    ? { profiles: bundled, problems: [] }
    : await loadProfileFolder(new NodeFileSystem(io.profilesDir), '.', (name) => path.join(io.profilesDir, name));
  const teamDir = path.join(dir, '.stackguide', 'profiles');
  const team = (await isDirectory(teamDir))
    ? // Read from the repository's root, so a profile linked out of the repository is refused as in the editor.
      await loadProfileFolder(new NodeFileSystem(dir), '.stackguide/profiles', (name) => path.join(teamDir, name), builtIns.profiles)
    : { profiles: builtIns.profiles, problems: [] };
  const problems = [...builtIns.problems, ...team.problems];
  for (const problem of problems) io.err(problemLine(problem));
  return problems.some((problem) => problem.severity === 'error') ? undefined : team.profiles;
}

/** The git user name of the directory, else the OS user: who a decision is recorded for. */
export async function reviewerName(dir: string): Promise<string> {
  // Loaded here, not at start-up: only `review set` asks who is recording.
  const { execFileSync } = await import('child_process');
  try {
    const name = execFileSync('git', ['config', 'user.name'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
    if (name) return name;
  } catch {
    // not a git checkout, or no identity configured
  }
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

// eslint-disable-next-line @typescript-eslint/require-await
export async function isDirectory(dir: string): Promise<boolean> {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

export function insideFolder(args: Parsed, flag: string, fallback: string): string {
  const given = String(args.flags.get(flag) ?? fallback);
  const inside = pathInsideFolder(given);
  if (!inside) throw new UsageError(`${flag} must be a path inside the directory, got ${quote(given)}`);
  return inside;
}

/**
 * A path relative to the checked directory as CI tools want it: relative to the working directory
 * (the repository root in CI, where GitHub and GitLab resolve paths), '/'-separated, or absolute
 * when the file is outside it.
 */
export function fileLocator(dir: string, cwd: string): (relative: string) => FileLocation {
  return (relative) => {
    const absolute = path.resolve(dir, relative);
    const fromCwd = path.relative(cwd, absolute);
    const inside = fromCwd !== '' && !fromCwd.startsWith('..') && !path.isAbsolute(fromCwd);
    return inside
      ? { path: fromCwd.split(path.sep).join('/'), relative: true, line: 1 }
      : { path: absolute, relative: false, fileUri: pathToFileURL(absolute).href, line: 1 };
  };
}

/** One profile problem as a printable line. */
export function problemLine(problem: Problem): string {
  return `${printable(formatProblem(problem))}\n`;
}

/**
 * `review set`'s --applies-anyway (true) and --no-applies-anyway (false), undefined for neither.
 * Without --state they change the mark alone, so --note, --owner, --until and --due need --state.
 */
export function appliesAnywayFlag(args: Parsed): boolean | undefined {
  const on = args.flags.get('--applies-anyway') === true;
  const off = args.flags.get('--no-applies-anyway') === true;
  if (on && off) throw new UsageError('--applies-anyway and --no-applies-anyway cannot be given together');
  if (!on && !off) return undefined;
  if (args.flags.has('--accept-suggested')) throw new UsageError('--accept-suggested takes no --applies-anyway or --no-applies-anyway');
  const alone = ['--note', '--owner', '--until', '--due'].find((flag) => args.flags.has(flag));
  if (alone && !args.flags.has('--state')) throw new UsageError(`${alone} goes with --state; --applies-anyway alone changes only the mark`);
  return on;
}

/** What `review set` prints for a changed mark: "…: marked applies anyway by Ana", "…: applies anyway removed by Ana". */
export function appliesAnywayLine(label: string, applies: boolean, by: string): string {
  return applies
    ? `${printable(label)}: marked applies anyway by ${printable(by)}\n`
    : `${printable(label)}: applies anyway removed by ${printable(by)}; its condition decides again\n`;
}
