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

/** A small seeded PRNG (mulberry32), so random tests repeat exactly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
