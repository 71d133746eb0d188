/**
 * Runs inside the extension host for `npm run bench`: waits for the first detection and
 * writes the extension's own timings next to the workspace copy for the launcher to read.
 *
 * When the launcher left a bench-request.json beside the workspace copy (the product monorepo),
 * it also times full api.detect() calls, and re-detection after one package.json changes on disk:
 * the file is written here, and the run is over when the checklist shows the package in its new
 * ecosystem; the extension's own `lastDetection` of that run is what the row reports.
 */
import * as fs from 'fs';
import * as path from 'path';
import { monitorEventLoopDelay, performance } from 'perf_hooks';
import type { StackGuideApi } from '../../src/vscode/api';
import { detectFolder } from '../../src/core/detect/detector';
import { NodeFileSystem } from '../../src/node/nodeFileSystem';
import { activateApi, eventually, workspaceRoot } from '../integration/helpers';

interface BenchRequest {
  /** A package.json of a JavaScript package, relative to the workspace folder. */
  toggle: string;
  detectRuns: number;
  toggles: number;
}

/** The extension's timings; `lastDetection` is read even where the API's type does not name it. */
function timings(api: StackGuideApi): ReturnType<StackGuideApi['timings']> {
  return api.timings();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every few milliseconds: the 100 ms step of `eventually` would blur the wall time. */
async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

/**
 * Waits until the extension host's event loop has been idle for a while: the window's own start-up
 * (every built-in extension activating) would otherwise be timed along with detection.
 */
async function quietHost(): Promise<void> {
  let quietSince = performance.now();
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline && performance.now() - quietSince < 1000) {
    const asked = performance.now();
    await sleep(10);
    if (performance.now() - asked > 15) quietSince = performance.now();
  }
}

async function monorepo(api: StackGuideApi, request: BenchRequest): Promise<Record<string, unknown>> {
  await api.ready();
  // The checklist's evidence is evaluated after the first detection; a full detect() would cancel it.
  await api.evidenceReady();
  await quietHost();
  const detect = { wallMs: [] as number[], lastDetection: [] as number[], longestBlockMs: 0, bareMs: [] as number[] };
  let components = 0;
  // How long the extension host's thread was held at a stretch while detection ran.
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  for (let i = 0; i < request.detectRuns; i++) {
    const started = performance.now();
    const detection = await api.detect();
    detect.wallMs.push(performance.now() - started);
    detect.lastDetection.push(timings(api).lastDetection ?? NaN);
    components = detection.folders[0]?.components.length ?? 0;
    // The bare detector, as the CLI runs it, in this process and right after: the same machine
    // load for both, so the ratio is the extension's own overhead.
    const bare = performance.now();
    await detectFolder(new NodeFileSystem(workspaceRoot().fsPath), 'monorepo');
    detect.bareMs.push(performance.now() - bare);
  }
  delay.disable();
  detect.longestBlockMs = delay.max / 1e6;

  const file = path.join(workspaceRoot().fsPath, ...request.toggle.split('/'));
  const member = path.posix.dirname(request.toggle);
  const original = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const asTypeScript = { ...original, devDependencies: { ...(original.devDependencies as object), typescript: '^5.6.0' } };
  const inUnit = (ecosystem: string) => api.units().some((unit) => unit.ecosystem === ecosystem && unit.members.includes(member));
  await until(`${member} in the JavaScript unit`, () => inUnit('javascript'));
  const redetect = { wallMs: [] as number[], lastDetection: [] as number[] };
  for (let i = 0; i < request.toggles; i++) {
    const toTypeScript = i % 2 === 0;
    const ecosystem = toTypeScript ? 'typescript' : 'javascript';
    const started = performance.now();
    fs.writeFileSync(file, `${JSON.stringify(toTypeScript ? asTypeScript : original, null, 2)}\n`);
    await until(`${member} in the ${ecosystem} unit`, () => inUnit(ecosystem));
    redetect.wallMs.push(performance.now() - started);
    redetect.lastDetection.push(timings(api).lastDetection ?? NaN);
    // Let late file events (a second change notification) settle before the next write.
    await sleep(800);
  }
  return { components, detect, redetect };
}

export async function run(): Promise<void> {
  const api = await activateApi();
  const first = await eventually(
    'the first detection',
    () => (timings(api).firstDetection !== undefined ? timings(api) : undefined),
    60_000,
  );
  const beside = path.dirname(workspaceRoot().fsPath);
  const requestFile = path.join(beside, 'bench-request.json');
  const result: Record<string, unknown> = { ...first };
  if (fs.existsSync(requestFile))
    Object.assign(result, await monorepo(api, JSON.parse(fs.readFileSync(requestFile, 'utf8')) as BenchRequest));
  fs.writeFileSync(path.join(beside, 'timings.json'), JSON.stringify(result));
}
