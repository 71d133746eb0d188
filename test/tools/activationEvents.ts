/**
 * The activation events package.json must list, derived from the marker rules: one bounded
 * `workspaceContains` glob per strong marker and depth. `npm run generate:activation` rewrites
 * the array in package.json; test/unit/activation.test.ts fails while it is out of date.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_MAX_DEPTH } from '../../src/core/detect/detector';
import { MARKER_RULES } from '../../src/core/detect/rules';
import { WEBVIEW_TYPE } from '../../src/vscode/constants';

const MANIFEST = path.join(__dirname, '..', '..', '..', 'package.json');
const CONTAINS = 'workspaceContains:';

/** A concrete name for a marker: `*.csproj` becomes `Probe.csproj`. */
export const concrete = (name: string) => (name.startsWith('*') ? `Probe${name.slice(1)}` : name);

/** The folder at `depth` levels below the root ('' for the root itself). */
export const folderAt = (depth: number) => Array.from({ length: depth }, (_, i) => `level${i + 1}/`).join('');

export interface Marker {
  name: string;
  /** A folder marker (an Xcode bundle) is a directory entry; the others are files. */
  directory: boolean;
  ecosystem: string;
}

/** The file that puts the marker in the folder at `depth`: the marker itself, or a file inside the marker folder. */
export const markerPath = (marker: Marker, depth: number) =>
  `${folderAt(depth)}${concrete(marker.name)}${marker.directory ? '/inside' : ''}`;

/** Strong markers, in rule order, once each. */
export function strongMarkers(): Marker[] {
  const markers = new Map<string, Marker>();
  for (const rule of MARKER_RULES) {
    if (rule.strong && !markers.has(rule.name))
      markers.set(rule.name, { name: rule.name, directory: rule.directory === true, ecosystem: rule.ecosystem });
  }
  return [...markers.values()];
}

/**
 * One glob per marker, kind and depth: `go.mod`, `*\/go.mod`, `*\/*\/go.mod`, … A folder marker
 * is found through a file inside it (VS Code's workspaceContains search lists files only).
 * No `**`: a bounded glob says exactly what detection would find by default.
 */
export function markerGlobs(marker: Marker): string[] {
  return Array.from({ length: DEFAULT_MAX_DEPTH + 1 }, (_, depth) => `${'*/'.repeat(depth)}${marker.name}${marker.directory ? '/*' : ''}`);
}

export function expectedEvents(markers: Marker[]): string[] {
  return [
    ...markers.flatMap((marker) => markerGlobs(marker).map((glob) => `${CONTAINS}${glob}`)),
    'onStartupFinished',
    `onWebviewPanel:${WEBVIEW_TYPE}`,
  ];
}

export function readManifest(): {
  activationEvents: string[];
  contributes: {
    viewsWelcome: { view: string; contents: string; when?: string }[];
    configuration: { properties: Record<string, { default?: unknown }> };
  };
} {
  return JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
}

/** Rewrites only the activationEvents array of package.json, leaving every other byte as it is. */
export function writeActivationEvents(events: string[]): void {
  const text = fs.readFileSync(MANIFEST, 'utf8');
  const block = /("activationEvents": )\[[^\]]*\]/;
  if (!block.test(text)) throw new Error('package.json has no activationEvents array');
  const list = `[\n${events.map((event) => `    ${JSON.stringify(event)}`).join(',\n')}\n  ]`;
  fs.writeFileSync(
    MANIFEST,
    text.replace(block, (_, key: string) => `${key}${list}`),
  );
}

if (require.main === module) {
  const events = expectedEvents(strongMarkers());
  writeActivationEvents(events);
  console.log(`package.json: ${events.length} activation events`);
}
