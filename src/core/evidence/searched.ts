import type { LeafProbe } from './evidenceReader';

/** What a missing answer says it searched, in one line a reviewer can check. */

export function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

export function valueText(value: unknown): string {
  if (typeof value === 'string') return `\`${clip(value)}\``;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? 'a list' : 'a table';
}

/** Where a leaf probe looked, in one line: "no line with `cargo deny` in 2 files (ci.yml, Makefile)". */
export function missingReason(probe: LeafProbe, roots: readonly string[], searched: readonly string[], seen: readonly string[]): string {
  const where =
    probe.root === 'upward'
      ? `${roots[0] === '.' ? 'the folder root' : roots[0]} or a folder above it`
      : roots.length > 1
        ? `${roots[0]} and the folder root`
        : roots[0] === '.'
          ? 'the folder root'
          : roots[0];
  const glob = 'file' in probe ? probe.file : probe.in;
  const files = [...new Set(searched)];
  if (files.length === 0) return `no file matching \`${clip(glob)}\` under ${where}`;
  const listed = files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`;
  const inFiles = `${files.length === 1 ? 'in' : `in ${files.length} files:`} ${listed}`;
  if ('text' in probe) return `no line with \`${clip(probe.text)}\` ${inFiles}`;
  if ('key' in probe) {
    const wanted = probe.equals === undefined ? `\`${probe.key}\` set` : `\`${probe.key}\` = ${valueText(probe.equals)}`;
    return seen.length > 0 ? `no ${wanted} ${inFiles} (${seen.join('; ')})` : `no ${wanted} ${inFiles}`;
  }
  return `no file matching \`${clip(glob)}\` under ${where}`;
}
