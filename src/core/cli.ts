import { execFileSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { promises as fsp } from 'fs';
import { detectFolder, DEFAULT_MAX_DEPTH, DETECTED_THRESHOLD, type Detection } from './detect/detector';
import { NodeFileSystem, NodeWritableFileSystem } from './nodeFileSystem';
import { mergeReviewCommand } from './cliReview';
import { readReview, DEFAULT_REVIEW_FOLDER, type ReviewData } from './review/reviewData';
import { loadProfileFolder } from './profileFiles';
import { formatProblem, SEVERITY_RANK, type Profile, type Severity } from './profiles/model';
import { blocking, buildChecklist, decide, itemLabel, legacyResolver, progress, type ChecklistUnit } from './review/checklist';
import { ReviewWriteError, updateEntry } from './review/reviewWriter';
import { reviewUnits } from './review/units';
import type { ItemState } from './review/reviewData';
import { checklistMarkdown, checklistJson, unitMembersText } from './review/exportChecklist';
import { DEFAULT_REVIEW_FILE, pathInsideFolder } from './review/reviewFile';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /** Folder holding the built-in profiles. */
  profilesDir: string;
}

const USAGE = `Usage:
  stack-guide detect [dir] [--json] [--max-depth N]
  stack-guide check [dir] [--min-severity high|medium|low] [--format text|markdown|json] [--review-folder path] [--review-file path]
  stack-guide validate [profile-dir] [--bundle out.json]
  stack-guide review set ITEM [dir] --state done|n/a|open [--note TEXT] [--unit PATH] [--member PATH] [--by NAME]
  stack-guide merge-review %O %A %B [%P]   (git merge driver for review files)

Exit codes: 0 success, 1 an open or stale item at or above the severity (check), 2 bad input.`;

class UsageError extends Error {}

interface Parsed {
  command: string;
  positional: string[];
  flags: Map<string, string | true>;
}

function parseArgs(argv: string[]): Parsed {
  const [command = 'help', ...rest] = argv;
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const valued = new Set(['--max-depth', '--min-severity', '--format', '--bundle', '--review-file', '--review-folder', '--state', '--note', '--unit', '--member', '--by']);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg.startsWith('--')) {
      const [name, inline] = arg.split('=', 2);
      if (valued.has(name)) {
        const value = inline ?? rest[++i];
        if (value === undefined) throw new UsageError(`${name} needs a value`);
        flags.set(name, value);
      } else if (name === '--json' || name === '--help') {
        flags.set(name, true);
      } else {
        throw new UsageError(`unknown option ${name}`);
      }
    } else {
      positional.push(arg);
    }
  }
  return { command, positional, flags };
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let args: Parsed;
  try {
    args = parseArgs(argv);
  } catch (error) {
    io.err(`stack-guide: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  try {
    switch (args.command) {
      case 'detect':
        return await detectCommand(args, io);
      case 'check':
        return await checkCommand(args, io);
      case 'review':
        return await reviewCommand(args, io);
      case 'merge-review':
        return await mergeReviewCommand(args.positional, io);
      case 'validate':
        return await validateCommand(args, io);
      case 'help':
      case '--help':
      case '-h':
        io.out(`${USAGE}\n`);
        return 0;
      default:
        io.err(`stack-guide: unknown command "${args.command}"\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    io.err(`stack-guide: ${error instanceof UsageError ? error.message : (error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}

async function resolveDirectory(io: CliIo, given: string | undefined): Promise<string> {
  const dir = path.resolve(io.cwd, given ?? '.');
  let stat;
  try {
    stat = await fsp.stat(dir);
  } catch (error) {
    throw new UsageError(`cannot read directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`${dir} is not a directory`);
  try {
    await fsp.readdir(dir);
  } catch (error) {
    throw new UsageError(`cannot list directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return dir;
}

function maxDepth(args: Parsed): number {
  const raw = args.flags.get('--max-depth');
  if (raw === undefined) return DEFAULT_MAX_DEPTH;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 20) throw new UsageError(`--max-depth must be a whole number from 0 to 20, got "${raw}"`);
  return value;
}

async function detectDirectory(dir: string, depth: number): Promise<Detection> {
  return { folders: [await detectFolder(new NodeFileSystem(dir), path.basename(dir), { maxDepth: depth, root: dir })] };
}

async function detectCommand(args: Parsed, io: CliIo): Promise<number> {
  const dir = await resolveDirectory(io, args.positional[0]);
  const detection = await detectDirectory(dir, maxDepth(args));
  if (args.flags.has('--json')) {
    io.out(`${JSON.stringify(detection, null, 2)}\n`);
    return 0;
  }
  const folder = detection.folders[0];
  const rows = folder.components.flatMap((component) =>
    component.ecosystems.map((match) => [
      component.path,
      match.id,
      match.confidence.toFixed(2) + (match.confidence >= DETECTED_THRESHOLD ? '' : ' (below threshold)'),
      [...match.evidence, ...(match.notes ?? [])].join(', '),
    ]),
  );
  if (rows.length === 0) {
    io.out(`No ecosystem detected in ${dir}.\n`);
  } else {
    io.out(table(['COMPONENT', 'ECOSYSTEM', 'CONFIDENCE', 'EVIDENCE'], rows));
  }
  if (folder.workspaces.length > 0) {
    io.out('\n');
    io.out(
      table(
        ['WORKSPACE', 'KIND', 'MANIFEST', 'MEMBERS'],
        folder.workspaces.map((workspace) => [workspace.root, workspace.kind, workspace.manifest, `${workspace.members.length}: ${workspace.members.join(', ')}`]),
      ),
    );
  }
  for (const problem of folder.workspaceProblems ?? []) io.out(`workspace manifest ${printable(problem.file)}: ${printable(problem.message)}\n`);
  for (const skipped of folder.skipped) io.out(`skipped ${printable(skipped.path)}: ${skipped.reason}\n`);
  return 0;
}

/** Paths may hold newlines or other control characters; the table shows them escaped. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function table(header: string[], rows: string[][]): string {
  rows = rows.map((row) => row.map(printable));
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (row: string[]) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ') + '\n';
  return line(header) + rows.map(line).join('');
}

async function validateCommand(args: Parsed, io: CliIo): Promise<number> {
  const dir = args.positional[0] ? await resolveDirectory(io, args.positional[0]) : io.profilesDir;
  const result = await loadProfileFolder(new NodeFileSystem(dir), '.', (name) => path.join(dir, name));
  for (const problem of result.problems) io.err(`${formatProblem(problem)}\n`);
  const errors = result.problems.filter((problem) => problem.severity === 'error').length;
  io.out(`${result.profiles.length} profile(s) valid, ${errors} error(s), ${result.problems.length - errors} warning(s).\n`);
  if (errors > 0) return 2;
  const bundle = args.flags.get('--bundle');
  if (typeof bundle === 'string') {
    // The extension loads built-in profiles from this validated JSON: parsing YAML at
    // activation would cost far more than reading one JSON file.
    const profiles = result.profiles.map((profile) => ({ ...profile, source: `profiles/${path.basename(profile.source)}` }));
    await fsp.writeFile(path.resolve(io.cwd, bundle), JSON.stringify({ profiles }));
  }
  return 0;
}

async function checkCommand(args: Parsed, io: CliIo): Promise<number> {
  const dir = await resolveDirectory(io, args.positional[0]);
  const minSeverity = String(args.flags.get('--min-severity') ?? 'high') as Severity;
  if (!Object.prototype.hasOwnProperty.call(SEVERITY_RANK, minSeverity)) throw new UsageError(`--min-severity must be high, medium or low, got "${minSeverity}"`);
  const format = args.flags.get('--format') ?? 'text';
  if (!['text', 'markdown', 'json'].includes(String(format))) throw new UsageError(`--format must be text, markdown or json, got "${format}"`);
  const layout = {
    folder: insideFolder(args, '--review-folder', DEFAULT_REVIEW_FOLDER),
    legacyFile: insideFolder(args, '--review-file', DEFAULT_REVIEW_FILE),
  };

  const profiles = await loadProfilesFor(dir, io);
  if (!profiles) return 2;

  const detection = await detectDirectory(dir, maxDepth(args));
  const parsed = await readReview(new NodeFileSystem(dir), layout);
  if (!parsed.ok) {
    io.err(`${path.join(dir, parsed.error.file)}:${parsed.error.line}:${parsed.error.column}: error: ${parsed.error.message}\n  ${parsed.error.hint}\n`);
    return 2;
  }
  const review: ReviewData = parsed.data;
  const root = detection.folders[0].root;
  const { units, orphans } = buildChecklist(detection, profiles, new Map([[root, review]]));
  const items = units.flatMap((unit) => unit.items);
  const failing = blocking(items, minSeverity);
  if (format === 'json') {
    const blockingItems = failing.map(({ unit, member, id, state, severity }) => ({ unit, ...(member ? { member } : {}), id, state, severity }));
    io.out(`${JSON.stringify({ ...checklistJson(units, orphans), minSeverity, blocking: blockingItems }, null, 2)}\n`);
  } else if (format === 'markdown') {
    io.out(checklistMarkdown(units, orphans));
  } else {
    io.out(textSummary(units, failing.length, minSeverity));
    for (const item of failing) io.out(`  ${item.state.toUpperCase().padEnd(5)} [${item.severity}] ${printable(itemLabel(item))}: ${printable(item.text)}\n`);
    for (const orphan of orphans) io.out(`  orphaned: ${printable(itemLabel(orphan))} (${printable(orphan.state)}) in ${printable(orphan.file)}, no detected unit has this item any more\n`);
  }
  return failing.length > 0 ? 1 : 0;
}

/** The same profiles the editor uses: built-ins, then the team's .stackguide/profiles on top; undefined after printing errors. */
async function loadProfilesFor(dir: string, io: CliIo): Promise<Profile[] | undefined> {
  const builtIns = await loadProfileFolder(new NodeFileSystem(io.profilesDir), '.', (name) => path.join(io.profilesDir, name));
  const teamDir = path.join(dir, '.stackguide', 'profiles');
  const team = (await isDirectory(teamDir))
    ? await loadProfileFolder(new NodeFileSystem(teamDir), '.', (name) => path.join(teamDir, name), builtIns.profiles)
    : { profiles: builtIns.profiles, problems: [] };
  const problems = [...builtIns.problems, ...team.problems];
  for (const problem of problems) io.err(`${formatProblem(problem)}\n`);
  return problems.some((problem) => problem.severity === 'error') ? undefined : team.profiles;
}

const STATES: readonly ItemState[] = ['done', 'n/a', 'open'];

/**
 * `stack-guide review set ITEM --state …`: records a decision with the writer the extension uses,
 * for scripts, bots and tests.
 */
async function reviewCommand(args: Parsed, io: CliIo): Promise<number> {
  const [action, id, given, ...stray] = args.positional;
  if (action !== 'set' || !id) throw new UsageError('review needs "set ITEM" (stack-guide review set go.delivery.timeouts --state done)');
  if (stray.length > 0) throw new UsageError(`unexpected argument "${stray[0]}"`);
  const state = args.flags.get('--state');
  if (typeof state !== 'string' || !STATES.includes(state as ItemState)) throw new UsageError(`--state must be done, n/a or open, got "${state ?? ''}"`);
  const dir = await resolveDirectory(io, given);
  const layout = {
    folder: insideFolder(args, '--review-folder', DEFAULT_REVIEW_FOLDER),
    legacyFile: insideFolder(args, '--review-file', DEFAULT_REVIEW_FILE),
  };
  const profiles = await loadProfilesFor(dir, io);
  if (!profiles) return 2;
  const detection = await detectDirectory(dir, maxDepth(args));
  const fs = new NodeWritableFileSystem(dir);
  const parsed = await readReview(fs, layout);
  if (!parsed.ok) {
    io.err(`${path.join(dir, parsed.error.file)}:${parsed.error.line}:${parsed.error.column}: error: ${parsed.error.message}\n  ${parsed.error.hint}\n`);
    return 2;
  }
  const root = detection.folders[0].root;
  const { units } = buildChecklist(detection, profiles, new Map([[root, parsed.data]]));
  const unitFlag = args.flags.get('--unit');
  const memberFlag = args.flags.get('--member');
  const candidates = units
    .flatMap((unit) => unit.items)
    .filter((item) => item.id === id && (unitFlag === undefined || item.unit === pathInsideFolder(String(unitFlag)) || (item.unit === '.' && String(unitFlag) === '.')))
    .filter((item) => memberFlag === undefined || item.member === pathInsideFolder(String(memberFlag)));
  if (candidates.length === 0) throw new UsageError(`no checklist item "${printable(id)}"${unitFlag ? ` in unit ${printable(String(unitFlag))}` : ''} in the detected units of ${dir}`);
  if (candidates.length > 1) {
    const where = candidates.map((item) => printable(itemLabel(item))).join(', ');
    throw new UsageError(`"${printable(id)}" is in several units or members (${where}); choose one with --unit${candidates.some((item) => item.member) ? ' or --member' : ''}`);
  }
  const item = candidates[0];
  const note = args.flags.get('--note');
  const by = typeof args.flags.get('--by') === 'string' ? String(args.flags.get('--by')) : reviewerName(dir);
  const folderDetection = detection.folders[0];
  try {
    await updateEntry(fs, layout, item.reviewKey, (current) => decide(current, { state: state as ItemState, by, text: item.text, note: typeof note === 'string' ? note : undefined }), legacyResolver(reviewUnits(folderDetection), profiles));
  } catch (error) {
    if (error instanceof ReviewWriteError) {
      io.err(`${path.join(dir, error.error.file)}:${error.error.line}:${error.error.column}: error: ${error.error.message}\n  ${error.error.hint}\n`);
      return 2;
    }
    throw error;
  }
  io.out(`${printable(itemLabel(item))}: ${state} by ${printable(by)}\n`);
  return 0;
}

/** The git user name of the directory, else the OS user: who a decision is recorded for. */
function reviewerName(dir: string): string {
  try {
    const name = execFileSync('git', ['config', 'user.name'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
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

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await fsp.stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

function textSummary(units: ChecklistUnit[], failing: number, minSeverity: Severity): string {
  if (units.length === 0) return 'No detected ecosystem has a checklist.\n';
  const lines = units.map((unit) => {
    const { closed, total } = progress(unit.items);
    const members = unit.members.length > 0 ? `, ${unitMembersText(unit)}` : '';
    return `${unit.ecosystemName} (${printable(unit.path)}${printable(members)}): ${closed}/${total} closed\n`;
  });
  const verdict = failing === 0 ? `No open ${minSeverity}-severity item or above.\n` : `${failing} open or stale item(s) at ${minSeverity} severity or above:\n`;
  return lines.join('') + verdict;
}

function insideFolder(args: Parsed, flag: string, fallback: string): string {
  const given = String(args.flags.get(flag) ?? fallback);
  const inside = pathInsideFolder(given);
  if (!inside) throw new UsageError(`${flag} must be a path inside the directory, got "${given}"`);
  return inside;
}
