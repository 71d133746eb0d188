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
 * differently. Exit 0: merged; 2: an input could not be read (git then reports a conflict and
 * leaves the file for a person).
 */
export async function mergeReviewCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length < 3 || args.length > 4) {
    io.err(`stack-guide: merge-review needs the base, our and their file (git's %O %A %B), and optionally the path (%P)\nUsage: ${MERGE_REVIEW_USAGE}\n`);
    return 2;
  }
  const [basePath, oursPath, theirsPath] = args.slice(0, 3).map((file) => path.resolve(io.cwd, file));
  const label = args[3] ?? args[1];
  const texts: string[] = [];
  for (const file of [basePath, oursPath, theirsPath]) {
    let bytes: Uint8Array;
    try {
      bytes = await readUserFile(file, { maxBytes: REVIEW_LIMITS.maxLegacyBytes });
    } catch (error) {
      io.err(`stack-guide: cannot read ${file}: ${error instanceof FileReadError ? error.detail : (error as NodeJS.ErrnoException).code ?? String(error)}\n`);
      return 2;
    }
    const text = decodeStrictUtf8(bytes);
    if (typeof text !== 'string') {
      io.err(`${label}:${text.line}:${text.column}: error: not valid UTF-8 text\n`);
      return 2;
    }
    texts.push(text);
  }
  const result = mergeReviewFiles(texts[0], texts[1], texts[2], label);
  if (!result.ok) {
    io.err(`${result.error.file}:${result.error.line}:${result.error.column}: error: ${result.error.message}\n  ${result.error.hint}\n`);
    return 2;
  }
  try {
    await new NodeWritableFileSystem(path.dirname(oursPath)).writeFileAtomic(path.basename(oursPath), new TextEncoder().encode(result.text));
  } catch (error) {
    io.err(`stack-guide: cannot write ${oursPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return 2;
  }
  for (const choice of result.choices) io.err(`stack-guide merge-review: ${describeChoice(choice, label)}\n`);
  return 0;
}
