/**
 * The one set of limits Stack Guide keeps to, in one place: the readers refuse what is over them,
 * and the writer, the merge driver and the conflict resolver check them before any byte is
 * written, so nothing Stack Guide writes is ever refused when it is read back. The README's
 * "Limits" section lists them; change both together.
 */

export interface ReviewLimits {
  /** Decision files in the review folder. */
  maxFiles: number;
  /** Bytes of one decision file. */
  maxFileBytes: number;
  /** Bytes of the version-1 file, which holds every tick. */
  maxLegacyBytes: number;
  /** Folder levels below the review folder. */
  maxDepth: number;
  /** Entries of any kind (files, folders) listed in the review folder. */
  maxEntries: number;
}

export const REVIEW_LIMITS: ReviewLimits = {
  maxFiles: 20_000,
  maxFileBytes: 256 * 1024,
  maxLegacyBytes: 8 * 1024 * 1024,
  maxDepth: 32,
  maxEntries: 100_000,
};

/**
 * A file holding git conflict markers carries both sides, so it may be twice the limit of its
 * kind (plus the marker lines); it is read only to be reported as a conflict and resolved.
 */
export function conflictAllowance(maxBytes: number): number {
  return 2 * maxBytes + 4096;
}

export interface LockLimits {
  /** How long a write waits for the review lock before it gives up with a message. */
  waitMs: number;
  /** A lock older than this was left by a write that died: the next writer removes it. */
  staleMs: number;
}

export const LOCK_LIMITS: LockLimits = { waitMs: 20_000, staleMs: 60_000 };

export interface YamlLimits {
  /** Nodes (scalars, mappings, sequences) in one YAML file. */
  maxNodes: number;
  /** Nesting of mappings and sequences, block and flow together. */
  maxDepth: number;
  /** Keys in one mapping. */
  maxKeysPerMapping: number;
}

/**
 * Every YAML file Stack Guide reads (decisions, version-1 files, profiles, manifests such as
 * pnpm-workspace.yaml, evidence key probes) is checked against these before it is parsed, so its
 * time and memory stay linear in its size.
 */
export const YAML_LIMITS: YamlLimits = { maxNodes: 1_000_000, maxDepth: 64, maxKeysPerMapping: 50_000 };

export interface EvidenceLimits {
  /** Files larger than this are not read (a lockfile of many megabytes proves nothing a probe asks). */
  maxFileBytes: number;
  /** Files one probe reads or lists at most. */
  maxFilesPerProbe: number;
  /** Directories one `**` walk lists at most. */
  maxDirectoriesPerProbe: number;
  /** Wall time for all probes of one unit. */
  unitBudgetMs: number;
  /** Wall time for all units of one run: a `check`, or one evidence pass in the extension. */
  runBudgetMs: number;
  /** Locations kept per item. */
  maxLocations: number;
}

export const EVIDENCE_LIMITS: EvidenceLimits = {
  maxFileBytes: 1024 * 1024,
  maxFilesPerProbe: 200,
  maxDirectoriesPerProbe: 400,
  unitBudgetMs: 3000,
  runBudgetMs: 20_000,
  maxLocations: 5,
};

export interface CodeLimits {
  /** Source files of one unit searched by its code probes. */
  maxFiles: number;
  /** Folders of one unit walked to find them. */
  maxDirectories: number;
  /** A larger source file is not parsed (generated or bundled code, mostly). */
  maxFileBytes: number;
  /** One file's parse stops after this much parsing (its slices added up); the file is then not searched. */
  parseTimeoutMs: number;
  /** One query over one file stops after this much querying (its slices added up); the file is then not checked for it. */
  queryTimeoutMs: number;
  /** In-progress matches one query keeps (tree-sitter's own bound). */
  matchLimit: number;
  /** Findings kept per item (the total is counted beyond it). */
  maxFindings: number;
  /** Characters of a finding's line kept. */
  maxFindingText: number;
  /** Wall time for parsing one unit's sources, beyond the unit's evidence budget. */
  unitBudgetMs: number;
}

export const CODE_LIMITS: CodeLimits = {
  maxFiles: 5000,
  maxDirectories: 10_000,
  maxFileBytes: 512 * 1024,
  parseTimeoutMs: 2000,
  queryTimeoutMs: 500,
  matchLimit: 256,
  maxFindings: 20,
  maxFindingText: 200,
  unitBudgetMs: 15_000,
};
