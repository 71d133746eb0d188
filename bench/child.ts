/**
 * Runs one detector on a tree in its own process, so peak memory (maxRSS) is that detector's
 * alone, and prints a JSON line: { ms, maxRssMb, components }.
 */
import { promises as fsp } from 'fs';
import * as path from 'path';
import { detectFolder } from '../src/core/detect/detector';
import { NodeFileSystem } from '../src/node/nodeFileSystem';

/** What a run reports: the ecosystems found, and how many of its findings sit inside trap folders. */
interface Found {
  ecosystems: string[];
  trapHits: number;
}

const TRAP = /(^|\/)(node_modules|vendor|target|\.venv)(\/|$)/;

// Maps stack-analyser's tech keys to our ecosystem ids, for the comparison.
const SPECFY_TO_OURS: Record<string, string> = {
  golang: 'go',
  typescript: 'typescript',
  nodejs: 'javascript',
  rust: 'rust',
  python: 'python',
  java: 'java',
  php: 'php',
};

async function ours(dir: string): Promise<Found> {
  const result = await detectFolder(new NodeFileSystem(dir), 'bench');
  const ids = new Set<string>();
  let trapHits = 0;
  for (const component of result.components) {
    const detected = component.ecosystems.filter((m) => m.confidence >= 0.5);
    for (const match of detected) ids.add(match.id);
    if (detected.length > 0 && TRAP.test(component.path)) trapHits++;
  }
  return { ecosystems: [...ids].sort(), trapHits };
}

async function walk(dir: string): Promise<Found> {
  const visit = async (folder: string): Promise<void> => {
    const list = await fsp.readdir(folder, { withFileTypes: true });
    await Promise.all(list.filter((e) => e.isDirectory()).map((e) => visit(path.join(folder, e.name))));
  };
  await visit(dir);
  return { ecosystems: [], trapHits: 0 };
}

async function specfy(dir: string): Promise<Found> {
  // The package is ESM only; a real dynamic import keeps it out of the CommonJS transform.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a fixed string, the only way past the transform
  const load = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>;
  const lib = await load('@specfy/stack-analyser');
  await load('@specfy/stack-analyser/dist/autoload.js');
  const result = await lib.analyser({ provider: new lib.FSProvider({ path: dir }) });
  const ids = new Set<string>();
  let trapHits = 0;
  const visit = (component: any) => {
    for (const tech of component.techs ?? []) {
      const mapped = SPECFY_TO_OURS[String(tech)];
      if (mapped) ids.add(mapped);
    }
    for (const where of component.path ?? []) if (TRAP.test(path.relative(dir, String(where)))) trapHits++;
    for (const child of component.childs ?? []) visit(child);
  };
  visit(result);
  return { ecosystems: [...ids].sort(), trapHits };
}

async function main(): Promise<void> {
  const [tool, dir] = process.argv.slice(2);
  const run = { ours, walk, specfy }[tool as 'ours' | 'walk' | 'specfy'];
  if (!run) throw new Error(`unknown tool ${tool}`);
  const started = process.hrtime.bigint();
  const found = await run(dir);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(`${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, ...found })}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
