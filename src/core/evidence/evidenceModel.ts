/** What a probe answers: its status, where it looked or found, and why; shared by every probe kind. */

/** Where evidence was seen: a path relative to the workspace folder, and a 1-based line when a line says it. */
export interface EvidenceLocation {
  path: string;
  line?: number;
}

/**
 * `unsupported`: a declared version past its support window (a version probe); `not-gating`: a
 * command CI runs, but whose failure cannot fail the build (a run probe). Both count as not met.
 * `present`/`absent`: a code probe on a risk item found the risky pattern, or searched every
 * source file without finding it.
 */
export type EvidenceStatus = 'found' | 'missing' | 'not-checked' | 'unsupported' | 'not-gating' | 'present' | 'absent';

/** A place a code probe matched: the line's text, so a reader sees it without opening the file. */
export interface Finding {
  path: string;
  line: number;
  text: string;
}

export interface Evidence {
  status: EvidenceStatus;
  locations: EvidenceLocation[];
  /** Why, in one line: for not-checked the bound hit; for a run probe what ran, or what was searched; for a version probe the version and its support. */
  reason?: string;
  /** For a command reached through CI and task runners: each place on the way, the command's own last. */
  chain?: EvidenceLocation[];
  /** For a code probe: the first findings (as many as the limit keeps) and how many there are in all. */
  findings?: Finding[];
  total?: number;
}

/** A child's reason and chain, to carry up through any/all. */
export function whyOf(child: Evidence | undefined): Pick<Evidence, 'reason' | 'chain'> {
  if (!child) return {};
  return { ...(child.reason !== undefined ? { reason: child.reason } : {}), ...(child.chain ? { chain: child.chain } : {}) };
}

export function dedupe(locations: readonly EvidenceLocation[]): EvidenceLocation[] {
  const seen = new Set<string>();
  return locations.filter((location) => {
    const key = `${location.path}:${location.line ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "ci.yml:42", or the path alone for a file that is its own evidence. */
export function locationText(location: EvidenceLocation): string {
  return location.line === undefined ? location.path : `${location.path}:${location.line}`;
}
