import type { DirEntry } from '../fileSystem';

/** What the CI model holds: commands with their place, chain and gating, and the files it read. */

export interface CiLocation {
  path: string;
  line?: number;
}

export interface CiCommand {
  /** Words after quote removal: inline assignments and the job's `env` first (`GOFLAGS=-race go test ./...`). */
  words: string[];
  /** How many leading words are assignments. */
  assignments: number;
  /** The words joined by spaces: what a run probe's pattern is matched against. */
  text: string;
  /** `run` for a shell command, `uses` for an action (`owner/repo@ref key=value…`). */
  kind: 'run' | 'uses';
  /** From the CI file to the line that holds the command; the last is the command's own place. */
  chain: CiLocation[];
  /** Whether a non-zero exit of this command fails the job. */
  gating: boolean;
  /** When not gating: why, and where that is written. */
  why?: { text: string; at: CiLocation };
  /** The folder the command runs in, from the repository root of its CI file. */
  cwd: string;
}

export interface CiFiles {
  read(path: string): Promise<string | undefined>;
  list(dir: string): Promise<DirEntry[] | undefined>;
}

export interface CiModel {
  commands: CiCommand[];
  /** The CI files read, by kind, for "searched …" reasons. */
  sources: { workflows: string[]; actions: string[]; gitlab: string[]; other: string[] };
  /** Jobs and steps never run (`if: false`), counted for the reason text. */
  disabled: number;
  /** Set when a bound was hit: the model may be missing commands. */
  truncated?: string;
}

export const CI_LIMITS = { maxFiles: 60, maxCommands: 5000, maxNesting: 4, maxMatrix: 8 };
