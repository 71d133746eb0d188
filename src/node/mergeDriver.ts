import * as path from 'path';
import type { CliIo } from './cli';
import { NodeWritableFileSystem, readUserFile } from './nodeFileSystem';
import { FileReadError } from '../core/fileSystem';
import { REVIEW_LIMITS } from '../core/review/reviewData';
import { describeChoice, mergeReviewFiles } from '../core/review/mergeReview';
import { decodeStrictUtf8 } from '../core/review/reviewReader';

export const MERGE_REVIEW_USAGE = 'stack-guide merge-review <base %O> <ours %A> <theirs %B> [path %P]';

/**
 * `stack-guide merge-review %O %A %B [%P]`: git's merge driver for review files, e.g.
 *   .gitattributes:  .stackguide/review/** merge=stackguide
 *   git config merge.stackguide.driver "npx stack-guide merge-review %O %A %B %P"
 * Writes the merged file into %A (atomically) and prints a line per decision the two sides made
 * differently. Exit 0: merged. Exit 1: a side could not be read or the merge would be over a
 * limit; %A then holds both sides between conflict markers, so git, `check` and the editor all
 * report a conflict and no decision is dropped by committing. Exit 2: wrong arguments, or %A
 * could not be written.
 */
export async function mergeReviewCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length < 3 || args.length > 4) {
    io.err(
      `stack-guide: merge-review needs the base, our and their file (git's %O %A %B), and optionally the path (%P)\nUsage: ${MERGE_REVIEW_USAGE}\n`,
    );
    return 2;
  }
  const [basePath, oursPath, theirsPath] = args.slice(0, 3).map((file) => path.resolve(io.cwd, file));
  const label = args[3] ?? args[1];
  const texts: (string | { problem: string })[] = [];
  for (const file of [basePath, oursPath, theirsPath]) {
    let bytes: Uint8Array;
    try {
      bytes = await readUserFile(file, { maxBytes: REVIEW_LIMITS.maxLegacyBytes });
    } catch (error) {
      texts.push({
        problem: `cannot read ${file}: ${error instanceof FileReadError ? error.detail : ((error as NodeJS.ErrnoException).code ?? String(error))}`,
      });
      continue;
    }
    const text = decodeStrictUtf8(bytes);
    texts.push(typeof text === 'string' ? text : { problem: `${file}:${text.line}:${text.column}: not valid UTF-8 text` });
  }
  const [ours, theirs] = texts.slice(1);
  // A base that cannot be read only makes the merge two-way, which keeps both sides' decisions.
  const base = typeof texts[0] === 'string' ? texts[0] : '';
  let problem: string;
  let hint = '';
  if (typeof ours === 'string' && typeof theirs === 'string') {
    const result = mergeReviewFiles(base, ours, theirs, label);
    if (result.ok) {
      const written = await writeOurs(oursPath, result.text, io);
      if (written) for (const choice of result.choices) io.err(`stack-guide merge-review: ${describeChoice(choice, label)}\n`);
      return written ? 0 : 2;
    }
    problem = `${result.error.file}:${result.error.line}:${result.error.column}: ${result.error.message}`;
    hint = result.error.hint;
  } else {
    problem = [ours, theirs].flatMap((text) => (typeof text === 'string' ? [] : [text.problem])).join('; ');
  }
  // Refused: both sides go into %A between conflict markers, as git's own merge would leave them.
  const side = (text: string | { problem: string }, which: 'ours' | 'theirs') =>
    typeof text === 'string'
      ? text === '' || text.endsWith('\n')
        ? text
        : `${text}\n`
      : `# stack-guide merge-review could not read this side (${text.problem.replace(/[\r\n]/g, ' ')}); git keeps it: git checkout --${which} -- <this file>\n`;
  const conflict = `<<<<<<< ours\n${side(ours, 'ours')}=======\n${side(theirs, 'theirs')}>>>>>>> theirs\n`;
  if (!(await writeOurs(oursPath, conflict, io))) return 2;
  io.err(`${label}: conflict: ${problem}\n  Both sides are kept in the file between conflict markers.${hint ? ` ${hint}` : ''}\n`);
  return 1;
}

async function writeOurs(oursPath: string, text: string, io: CliIo): Promise<boolean> {
  try {
    await new NodeWritableFileSystem(path.dirname(oursPath)).writeFileAtomic(path.basename(oursPath), new TextEncoder().encode(text));
    return true;
  } catch (error) {
    io.err(`stack-guide: cannot write ${oursPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return false;
  }
}
