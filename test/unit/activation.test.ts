/**
 * package.json's activation events, derived at run time from the marker rules and the detector.
 *
 * Stack Guide wakes up in two ways (README, "When Stack Guide wakes up"):
 *  - during startup, through `workspaceContains`: every strong marker of MARKER_RULES at the
 *    root and down to DEFAULT_MAX_DEPTH folders, the depth detection searches by default;
 *  - after startup, through `onStartupFinished`: whatever a fixed glob cannot know (a larger
 *    stackGuide.detection.maxDepth, ecosystems pinned in settings, a marker folder still empty).
 *
 * The expected list is computed here from MARKER_RULES (file markers and folder markers alike),
 * and each marker is tried on the detector at every depth the globs cover, so a marker added to
 * rules.ts fails this test until package.json lists it. To rewrite the list in package.json (only that array is touched):
 *
 *   npm run generate:activation
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_MAX_DEPTH, detectFolder } from '../../src/core/detect/detector';
import { globToRegExp } from '../../src/core/detect/glob';
import { MARKER_RULES } from '../../src/core/detect/rules';
import {
  concrete,
  expectedEvents,
  folderAt,
  markerGlobs,
  markerPath,
  readManifest,
  strongMarkers,
  type Marker,
} from '../tools/activationEvents';
import { MemoryFileSystem } from './memoryFileSystem';
import { REPO } from './treeHelper';

const MANIFEST = path.join(REPO, 'package.json');
const CONTAINS = 'workspaceContains:';

/**
 * True when detection, with its default depth, reports a component in the folder holding the
 * marker. Beside it lie one source file per source extension of its ecosystem (some markers,
 * such as an Xcode project, count only with sources of their language next to them).
 */
async function detects(marker: Marker, depth: number): Promise<boolean> {
  const sources = MARKER_RULES.filter((rule) => !rule.strong && rule.ecosystem === marker.ecosystem && rule.name.startsWith('*.'));
  const files: Record<string, string> = { [markerPath(marker, depth)]: '' };
  for (const source of sources) files[`${folderAt(depth)}${concrete(source.name)}`] = '';
  const result = await detectFolder(new MemoryFileSystem(files), 'probe');
  const expected = folderAt(depth).replace(/\/$/, '') || '.';
  return result.components.some((component) => component.path === expected);
}

describe('activation events (package.json) against the marker rules', () => {
  const markers = strongMarkers();

  it('detection reports every strong marker down to DEFAULT_MAX_DEPTH folders, and no deeper: the depth the globs cover', async () => {
    for (const marker of markers) {
      for (let depth = 0; depth <= DEFAULT_MAX_DEPTH; depth++) {
        assert.ok(await detects(marker, depth), `${marker.name} at ${markerPath(marker, depth)} is detected`);
      }
      assert.ok(
        !(await detects(marker, DEFAULT_MAX_DEPTH + 1)),
        `${marker.name} at depth ${DEFAULT_MAX_DEPTH + 1} is beyond the default depth`,
      );
    }
    const setting = readManifest().contributes.configuration.properties['stackGuide.detection.maxDepth'];
    assert.strictEqual(setting.default, DEFAULT_MAX_DEPTH, 'the maxDepth setting defaults to the depth the globs cover');
  });

  it('each marker path is matched by exactly one of its globs, and none past the default depth (VS Code glob semantics: * stops at /)', () => {
    for (const marker of markers) {
      for (let depth = 0; depth <= DEFAULT_MAX_DEPTH; depth++) {
        const file = markerPath(marker, depth);
        const matching = markerGlobs(marker).filter((glob) => globToRegExp(glob).test(file));
        assert.strictEqual(matching.length, 1, `exactly one glob matches ${file}: ${matching.join(', ') || 'none'}`);
      }
      const deeper = markerPath(marker, DEFAULT_MAX_DEPTH + 1);
      assert.ok(!markerGlobs(marker).some((glob) => globToRegExp(glob).test(deeper)), `no glob matches ${deeper}`);
    }
  });

  it('package.json lists exactly these events (npm run generate:activation rewrites them)', () => {
    const expected = expectedEvents(markers);
    const actual = readManifest().activationEvents;
    const missing = expected.filter((event) => !actual.includes(event));
    const stale = actual.filter((event) => !expected.includes(event));
    assert.deepStrictEqual(
      { missing, stale },
      { missing: [], stale: [] },
      `package.json activationEvents should be:\n${JSON.stringify(expected, null, 2)}`,
    );
    assert.strictEqual(new Set(actual).size, actual.length, 'no event is listed twice');
  });

  it('never activates on *, and no workspaceContains glob searches the whole tree (**)', () => {
    const events = readManifest().activationEvents;
    assert.ok(!events.includes('*'));
    assert.deepStrictEqual(
      events.filter((event) => event.startsWith(CONTAINS) && event.includes('**')),
      [],
    );
    assert.ok(events.includes('onStartupFinished'), 'onStartupFinished covers a larger maxDepth and pinned ecosystems');
  });

  it("the Stacks view's welcome text says what Stack Guide looks for, naming only real markers", () => {
    const welcome = readManifest().contributes.viewsWelcome.filter(
      (entry) => entry.view === 'stackGuide.stacks' && entry.when !== 'workbenchState == empty',
    );
    assert.strictEqual(welcome.length, 1, 'one welcome text for a workspace with folders');
    // Link targets aside, every dotted word names a strong marker or a setting.
    const shown = (file: string) =>
      (JSON.parse(fs.readFileSync(path.join(path.dirname(MANIFEST), file), 'utf8')) as Record<string, string>)[
        welcome[0].contents.slice(1, -1)
      ];
    const text = shown('package.nls.json').replace(/\]\([^)]*\)/g, ']');
    const strong = new Set(markers.map((marker) => marker.name));
    const named = text.match(/[*\w-]+(?:\.[\w-]+)+/g) ?? [];
    assert.ok(named.filter((word) => strong.has(word)).length >= 5, `names several markers: ${named.join(', ')}`);
    const settings = (word: string) => word.startsWith('stackGuide.') || word === 'files.exclude';
    assert.deepStrictEqual(
      named.filter((word) => !strong.has(word) && !settings(word)),
      [],
      'names no file that is not a strong marker',
    );
    for (const word of ['node_modules', 'hidden']) assert.ok(text.includes(word), `says which folders detection skips (${word})`);
    assert.ok(
      text.includes(`${DEFAULT_MAX_DEPTH} by default`) || text.includes(`default ${DEFAULT_MAX_DEPTH}`),
      'states the default depth',
    );
    // The German text names the same files and settings.
    assert.deepStrictEqual(
      (
        shown('package.nls.de.json')
          .replace(/\]\([^)]*\)/g, ']')
          .match(/[*\w-]+(?:\.[\w-]+)+/g) ?? []
      ).sort(),
      [...named].sort(),
    );
  });
});
