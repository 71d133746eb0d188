/** `stack-guide detect` and `stack-guide validate`: what a directory holds, and whether profiles are valid. */
import { promises as fsp } from 'fs';
import * as path from 'path';
import { DETECTED_THRESHOLD } from '../core/detect/detector';
import { printable, safeJson } from '../core/report/text';
import type { CliIo } from './cli';
import type { Parsed } from './cliArgs';
import { detectDirectory, maxDepth, problemLine, resolveDirectory } from './cliShared';
import { profilesBundleText } from './builtInProfiles';
import { validateProfileFolder } from './profileFiles';

export async function detectCommand(args: Parsed, io: CliIo): Promise<number> {
  const depth = maxDepth(args);
  const dir = await resolveDirectory(io, args.positional[0]);
  const detection = await detectDirectory(dir, depth);
  if (args.flags.has('--json')) {
    io.out(safeJson(detection));
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
    io.out(`No ecosystem detected in ${printable(dir)}.\n`);
  } else {
    io.out(table(['COMPONENT', 'ECOSYSTEM', 'CONFIDENCE', 'EVIDENCE'], rows));
  }
  if (folder.workspaces.length > 0) {
    io.out('\n');
    io.out(
      table(
        ['WORKSPACE', 'KIND', 'MANIFEST', 'MEMBERS'],
        folder.workspaces.map((workspace) => [
          workspace.root,
          workspace.kind,
          workspace.manifest,
          `${workspace.members.length}: ${workspace.members.join(', ')}`,
        ]),
      ),
    );
  }
  for (const problem of folder.workspaceProblems ?? [])
    io.out(`workspace manifest ${printable(problem.file)}: ${printable(problem.message)}\n`);
  for (const skipped of folder.skipped) io.out(`skipped ${printable(skipped.path)}: ${printable(skipped.reason)}\n`);
  return 0;
}

/** Cells are made printable before they are measured, so columns line up with what is shown. */
function table(header: string[], rows: string[][]): string {
  rows = rows.map((row) => row.map(printable));
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ') + '\n';
  return line(header) + rows.map(line).join('');
}

/** A problem in a profile as one line: file:line:column: severity: message. */

export async function validateCommand(args: Parsed, io: CliIo): Promise<number> {
  const dir = args.positional[0] ? await resolveDirectory(io, args.positional[0]) : io.profilesDir;
  // A team folder is checked on top of the built-ins, so `extends: go` finds its base.
  const result = await validateProfileFolder(dir, io.profilesDir);
  for (const problem of result.problems) io.err(problemLine(problem));
  const errors = result.problems.filter((problem) => problem.severity === 'error').length;
  io.out(`${result.profiles.length} profile(s) valid, ${errors} error(s), ${result.problems.length - errors} warning(s).\n`);
  if (errors > 0) return 2;
  const bundle = args.flags.get('--bundle');
  if (typeof bundle === 'string') {
    // The extension and the CLI load built-in profiles from this validated JSON: parsing YAML at
    // every start would cost far more than reading one JSON file.
    await fsp.writeFile(path.resolve(io.cwd, bundle), profilesBundleText(result.profiles));
  }
  return 0;
}
