import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Writes a tree of files (path → content) into a fresh temporary folder and returns it. */
export function makeTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-unit-'));
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return root;
}

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const PROFILES_DIR = path.join(REPO, 'profiles');
