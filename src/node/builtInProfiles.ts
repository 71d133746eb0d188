/**
 * The built-in profiles as the build leaves them: `stack-guide validate profiles --bundle
 * dist/profiles.json` (run by esbuild.js) parses and validates profiles/*.yaml with the loader and
 * writes the result as one JSON file. The extension and the CLI read that file rather than parse
 * sixteen YAML files and check them against the schema at every start (about 400 ms of a
 * 500 ms `check`). test/unit/builtInProfiles.test.ts holds the file to what the loader makes of
 * profiles/*.yaml, so it cannot go stale unnoticed.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Profile } from '../core/profiles/model';

/** What dist/profiles.json holds; `source` is `profiles/<file>`, whatever the machine that built it. */
export interface ProfilesBundle {
  profiles: Profile[];
}

/** The bundle's text for the given (valid) built-in profiles. */
export function profilesBundleText(profiles: readonly Profile[]): string {
  const bundle: ProfilesBundle = {
    profiles: profiles.map((profile) => ({ ...profile, source: `profiles/${path.basename(profile.source)}` })),
  };
  return JSON.stringify(bundle);
}

/**
 * The built-in profiles from the bundle at `file`, each `source` in `profilesDir` as if read from
 * there; undefined when there is no usable bundle (the caller then reads the YAML files).
 */
export function readProfilesBundle(file: string, profilesDir: string): Profile[] | undefined {
  let bundle: ProfilesBundle;
  try {
    bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as ProfilesBundle;
  } catch {
    return undefined;
  }
  if (!Array.isArray(bundle?.profiles)) return undefined;
  return bundle.profiles.map((profile) => ({ ...profile, source: path.join(profilesDir, path.basename(profile.source)) }));
}
