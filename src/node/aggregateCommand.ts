/**
 * `stack-guide aggregate FILES...`: many repositories' `check --format json` outputs (files, or
 * folders of them) as one report. Each file is read bounded; one that cannot be read or is not
 * understood is named on stderr and skipped, and the others make the report.
 */
import { promises as fsp } from 'fs';
import * as path from 'path';
import { aggregate, parseCheckReport, type RepositoryReport } from '../core/aggregate/aggregate';
import { aggregateHtml, aggregateMarkdown } from '../core/aggregate/render';
import { FileReadError } from '../core/fileSystem';
import { decodeStrictUtf8 } from '../core/review/reviewReader';
import { printable, safeJson } from '../core/report/text';
import type { CommandContext } from './historyCommand';
import { readUserFile, writeFileAtomically } from './nodeFileSystem';

/** Bytes of one input: the check output of a large monorepo is a few MB. */
export const MAX_REPORT_BYTES = 32 * 1024 * 1024;
/** Inputs, at most. */
export const MAX_REPORTS = 100_000;

const AGGREGATE_FORMATS = ['html', 'markdown', 'json'] as const;

export const AGGREGATE_SPEC = {
  flags: { '--format': 'value', '--output': 'value', '--title': 'value' } as Record<string, 'boolean' | 'value'>,
  positional: { min: 1, max: MAX_REPORTS, missing: 'aggregate needs the check --format json outputs, as files or folders of *.json files' },
  help: `Usage: stack-guide aggregate FILES... [--format html|markdown|json] [--output FILE]

One report from many repositories' "stack-guide check --format json" outputs (files, or folders
of *.json files, as a scheduled workflow collects them): each repository's review units with
done/total, open high, accepted, expired and evidence lost; the items most often open across the
repositories; and each item's pass rate. The HTML is one self-contained file: no script, no
request, light and dark themes.

Options:
  --format FORMAT    html (default), markdown or json
  --output FILE      writes the report to FILE, atomically, instead of printing it
  --title TEXT       the report's title
  -h, --help         this help

An input over ${MAX_REPORT_BYTES / 1024 / 1024} MB, not JSON, or not understood (a missing field, a newer version) is named
on stderr and skipped.
Exit codes: 0 the report was made (inputs may have been skipped), 2 bad input (no readable
input, a file that cannot be written).`,
};

async function inputFiles(
  context: CommandContext,
  cwd: string,
): Promise<{ files: string[]; problems: { file: string; message: string }[] }> {
  const files: string[] = [];
  const problems: { file: string; message: string }[] = [];
  for (const given of context.positional) {
    const absolute = path.resolve(cwd, given);
    let stat;
    try {
      stat = await fsp.stat(absolute);
    } catch (error) {
      problems.push({ file: given, message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
      continue;
    }
    if (stat.isDirectory()) {
      const names = (await fsp.readdir(absolute, { withFileTypes: true }))
        .filter((entry) => !entry.isDirectory() && entry.name.toLowerCase().endsWith('.json'))
        .map((entry) => entry.name)
        .sort();
      for (const name of names) files.push(path.join(given, name));
    } else files.push(given);
    if (files.length > MAX_REPORTS) throw context.usage(`more than ${MAX_REPORTS} inputs`);
  }
  return { files, problems };
}

export async function aggregateCommand(context: CommandContext): Promise<number> {
  const format = context.oneOf('--format', AGGREGATE_FORMATS, 'html');
  const cwd = context.cwd;
  const outputFlag = context.flags.get('--output');
  const titleFlag = context.flags.get('--title');
  const { files, problems } = await inputFiles(context, cwd);
  const reports: RepositoryReport[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readUserFile(path.resolve(cwd, file), { maxBytes: MAX_REPORT_BYTES, display: file });
    } catch (error) {
      problems.push({
        file,
        message:
          error instanceof FileReadError ? error.detail : `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      });
      continue;
    }
    const text = decodeStrictUtf8(bytes);
    if (typeof text !== 'string') {
      problems.push({ file, message: `is not UTF-8 text (line ${text.line}, column ${text.column})` });
      continue;
    }
    const parsed = parseCheckReport(text, file);
    if (parsed.ok) reports.push(parsed.report);
    else problems.push({ file, message: parsed.message });
  }
  for (const problem of problems)
    context.err(`stack-guide: aggregate: ${printable(problem.file)} ${printable(problem.message)}; skipped\n`);
  if (reports.length === 0) {
    context.err('stack-guide: aggregate: no input could be read\n');
    return 2;
  }
  const report = aggregate(reports, problems);
  const text =
    format === 'json'
      ? safeJson(report)
      : format === 'markdown'
        ? aggregateMarkdown(report)
        : aggregateHtml(report, typeof titleFlag === 'string' ? { title: titleFlag } : {});
  if (typeof outputFlag === 'string') {
    const output = path.resolve(cwd, outputFlag);
    try {
      await writeFileAtomically(output, text);
    } catch (error) {
      context.err(
        `stack-guide: aggregate: cannot write ${printable(output)}: ${printable((error as NodeJS.ErrnoException).code ?? (error as Error).message)}\n`,
      );
      return 2;
    }
    context.out(
      `Wrote the ${format} report of ${reports.length} repositories${problems.length > 0 ? ` (${problems.length} input(s) skipped)` : ''} to ${printable(outputFlag)}.\n`,
    );
    return 0;
  }
  context.out(text);
  return 0;
}
