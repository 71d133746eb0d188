import * as path from 'path';
import { promises as fsp } from 'fs';
import { detectFolder, DEFAULT_MAX_DEPTH, DETECTED_THRESHOLD, type Detection } from './detect/detector';
import { NodeFileSystem } from './nodeFileSystem';
import { loadProfileFolder } from './profileFiles';
import { formatProblem, SEVERITY_RANK, type Severity } from './profiles/model';
import { blocking, buildChecklist, itemLabel, progress, type ChecklistComponent } from './review/checklist';
import { checklistMarkdown, checklistJson } from './review/exportChecklist';
import { DEFAULT_REVIEW_FILE, parseReview, pathInsideFolder, type ReviewData } from './review/reviewFile';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /** Folder holding the built-in profiles. */
  profilesDir: string;
}

const USAGE = `Usage:
  stack-guide detect [dir] [--json] [--max-depth N]
  stack-guide check [dir] [--min-severity high|medium|low] [--format text|markdown|json] [--review-file path]
  stack-guide validate [profile-dir] [--bundle out.json]

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
  const valued = new Set(['--max-depth', '--min-severity', '--format', '--bundle', '--review-file']);
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
  const given = String(args.flags.get('--review-file') ?? DEFAULT_REVIEW_FILE);
  const reviewFile = pathInsideFolder(given);
  if (!reviewFile) throw new UsageError(`--review-file must be a path inside the directory, got "${given}"`);

  // The same profiles the editor uses: built-ins, then the team's .stackguide/profiles on top.
  const builtIns = await loadProfileFolder(new NodeFileSystem(io.profilesDir), '.', (name) => path.join(io.profilesDir, name));
  const teamDir = path.join(dir, '.stackguide', 'profiles');
  const team = (await isDirectory(teamDir))
    ? await loadProfileFolder(new NodeFileSystem(teamDir), '.', (name) => path.join(teamDir, name), builtIns.profiles)
    : { profiles: builtIns.profiles, problems: [] };
  const problems = [...builtIns.problems, ...team.problems];
  for (const problem of problems) io.err(`${formatProblem(problem)}\n`);
  if (problems.some((problem) => problem.severity === 'error')) return 2;

  const detection = await detectDirectory(dir, maxDepth(args));
  const reviewPath = path.join(dir, reviewFile);
  let review: ReviewData | undefined;
  let text: string | undefined;
  try {
    text = await fsp.readFile(reviewPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`cannot read ${reviewPath}: ${(error as NodeJS.ErrnoException).code}`);
  }
  if (text !== undefined) {
    const parsed = parseReview(text, reviewPath);
    if (!parsed.ok) {
      io.err(`${parsed.error.file}:${parsed.error.line}:${parsed.error.column}: error: ${parsed.error.message}\n  ${parsed.error.hint}\n`);
      return 2;
    }
    review = parsed.data;
  }
  const root = detection.folders[0].root;
  const { components, orphans } = buildChecklist(detection, team.profiles, new Map(review ? [[root, review]] : []));
  const items = components.flatMap((component) => component.items);
  const failing = blocking(items, minSeverity);
  if (format === 'json') {
    const blockingItems = failing.map(({ component, id, state, severity }) => ({ component, id, state, severity }));
    io.out(`${JSON.stringify({ ...checklistJson(components, orphans), minSeverity, blocking: blockingItems }, null, 2)}\n`);
  } else if (format === 'markdown') {
    io.out(checklistMarkdown(components, orphans));
  } else {
    io.out(textSummary(components, failing.length, minSeverity));
    for (const item of failing) io.out(`  ${item.state.toUpperCase().padEnd(5)} [${item.severity}] ${itemLabel(item)}: ${item.text}\n`);
    for (const orphan of orphans) io.out(`  orphaned: ${itemLabel(orphan)} (${orphan.state}), no profile defines it any more\n`);
  }
  return failing.length > 0 ? 1 : 0;
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await fsp.stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

function textSummary(components: ChecklistComponent[], failing: number, minSeverity: Severity): string {
  if (components.length === 0) return 'No detected ecosystem has a checklist.\n';
  const lines = components.map((component) => {
    const { closed, total } = progress(component.items);
    return `${component.ecosystemName} (${component.path}): ${closed}/${total} closed\n`;
  });
  const verdict = failing === 0 ? `No open ${minSeverity}-severity item or above.\n` : `${failing} open or stale item(s) at ${minSeverity} severity or above:\n`;
  return lines.join('') + verdict;
}
