import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadProfiles } from '../../src/core/profiles/loader';
import { profilesBundleText, readProfilesBundle } from '../../src/node/builtInProfiles';
import { cliIn, cliWith } from './cliHelper';
import { makeTree, PROFILES_DIR, REPO } from './treeHelper';

/** The loader's answer for profiles/*.yaml, read the way the CLI reads that folder. */
function loadedFromYaml() {
  const names = fs
    .readdirSync(PROFILES_DIR)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
  return loadProfiles(
    names.map((name) => ({ file: path.join(PROFILES_DIR, name), bytes: fs.readFileSync(path.join(PROFILES_DIR, name)) })),
  );
}

describe('built-in profiles bundle (dist/profiles.json)', () => {
  const bundleFile = path.join(REPO, 'dist', 'profiles.json');

  it('is exactly what the loader makes of profiles/*.yaml, so it cannot go stale', () => {
    // `npm run test:unit` builds first, so this is the file the build just wrote.
    const loaded = loadedFromYaml();
    assert.deepStrictEqual(loaded.problems, []);
    assert.strictEqual(fs.readFileSync(bundleFile, 'utf8'), profilesBundleText(loaded.profiles));
  });

  it('reads back as the same profiles the YAML gives, sources in the profiles folder', () => {
    assert.deepStrictEqual(readProfilesBundle(bundleFile, PROFILES_DIR), loadedFromYaml().profiles);
  });

  it('is not used when missing or broken: the CLI then reads the YAML files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-bundle-'));
    try {
      assert.strictEqual(readProfilesBundle(path.join(dir, 'absent.json'), PROFILES_DIR), undefined);
      fs.writeFileSync(path.join(dir, 'broken.json'), '{"profiles": [');
      assert.strictEqual(readProfilesBundle(path.join(dir, 'broken.json'), PROFILES_DIR), undefined);
      fs.writeFileSync(path.join(dir, 'other.json'), '{"profiles": 3}');
      assert.strictEqual(readProfilesBundle(path.join(dir, 'other.json'), PROFILES_DIR), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('check answers the same from the bundle as from the YAML files, team profiles on top', async () => {
    const repo = makeTree({
      'go.mod': 'module example.com/svc\n\ngo 1.22\n',
      'main.go': 'package main\n',
      '.stackguide/profiles/team.yaml': 'schema: 1\nextends: go\nchecklist:\n  drop:\n    - go.quality.race\n',
    });
    try {
      const fromYaml = await cliIn(repo, 'check', '.', '--format', 'json');
      const fromBundle = await cliWith({ profilesBundle: bundleFile }, repo, 'check', '.', '--format', 'json');
      assert.strictEqual(fromYaml.stderr, '');
      assert.deepStrictEqual(fromBundle, fromYaml);
      assert.doesNotMatch(fromBundle.stdout, /go\.quality\.race/);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
});
