/**
 * Installs the offline VS Code test host: code-server (a real VS Code: web workbench and
 * Node extension host) driven by Debian's Chromium through playwright-core. Everything goes
 * into the git-ignored `.vscode-test/` folder; a finished install leaves a stamp file so the
 * next run starts at once. Any step that fails stops the run with the step named.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const CODE_SERVER_VERSION = '4.100.3'; // VS Code 1.100.3: the newest release that runs on Node 20
const PLAYWRIGHT_VERSION = '1.65.1';
export const CHROMIUM = process.env.STACK_GUIDE_CHROMIUM ?? '/usr/bin/chromium';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CACHE_ROOT = path.join(REPO_ROOT, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
const STAMP = path.join(CACHE_ROOT, '.installed');

export interface Host {
  codeServerEntry: string;
  playwrightModule: string;
}

function step(title: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): void {
  const started = Date.now();
  process.stdout.write(`[host] ${title}… `);
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    process.stdout.write('failed\n');
    throw new Error(
      `Installing the VS Code test host failed at "${title}" (${command} ${args.join(' ')} in ${cwd}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  process.stdout.write(`${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

function which(command: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Debian's chromium and ripgrep: installed with apt-get when running as root, else a clear error. */
function ensureSystemPackages(): string {
  const missing: string[] = [];
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (!which('rg')) missing.push('ripgrep');
  if (missing.length > 0) {
    if (process.getuid?.() !== 0) {
      throw new Error(
        `The VS Code test host needs the Debian packages ${missing.join(' and ')}. Install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
      );
    }
    step('apt-get update', 'apt-get', ['update', '-qq'], REPO_ROOT);
    step(`apt-get install ${missing.join(' ')}`, 'apt-get', ['install', '-y', '-qq', ...missing], REPO_ROOT, {
      DEBIAN_FRONTEND: 'noninteractive',
    });
  }
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep (rg) is still missing after the install step');
  return rg;
}

export function ensureHost(): Host {
  const rg = ensureSystemPackages();
  const host: Host = {
    codeServerEntry: path.join(CACHE_ROOT, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    playwrightModule: path.join(CACHE_ROOT, 'node_modules', 'playwright-core'),
  };
  if (fs.existsSync(STAMP)) return host;

  console.log(`[host] installing code-server ${CODE_SERVER_VERSION} into ${path.relative(REPO_ROOT, CACHE_ROOT)} (about a minute, once)`);
  fs.rmSync(CACHE_ROOT, { recursive: true, force: true });
  fs.mkdirSync(CACHE_ROOT, { recursive: true });
  fs.writeFileSync(path.join(CACHE_ROOT, 'package.json'), JSON.stringify({ name: 'stack-guide-test-host', private: true }));
  const npm = 'npm';
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  // Install scripts are skipped: code-server's ripgrep dependency downloads a binary, which fails offline.
  step(
    'npm install code-server and playwright-core',
    npm,
    ['install', '--ignore-scripts', ...quiet, `code-server@${CODE_SERVER_VERSION}`, `playwright-core@${PLAYWRIGHT_VERSION}`],
    CACHE_ROOT,
  );
  step('npm rebuild argon2', npm, ['rebuild', 'argon2'], CACHE_ROOT);
  const vscodeDir = path.join(CACHE_ROOT, 'node_modules', 'code-server', 'lib', 'vscode');
  step('npm install VS Code server modules', npm, ['install', '--omit=dev', '--ignore-scripts', ...quiet], vscodeDir);
  step(
    'rebuild native modules',
    npm,
    ['rebuild', '@vscode/spdlog', 'native-watchdog', 'node-pty', '@parcel/watcher', '@vscode/deviceid'],
    vscodeDir,
    { npm_config_yes: 'true' },
  );
  const rgTarget = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  fs.mkdirSync(path.dirname(rgTarget), { recursive: true });
  fs.copyFileSync(rg, rgTarget);
  fs.chmodSync(rgTarget, 0o755);
  const asar = path.join(vscodeDir, 'node_modules.asar');
  fs.rmSync(asar, { force: true });
  fs.symlinkSync('node_modules', asar);
  step(
    'npm install built-in extensions modules',
    npm,
    ['install', '--omit=dev', '--ignore-scripts', ...quiet],
    path.join(vscodeDir, 'extensions'),
  );
  execFileSync(process.execPath, [host.codeServerEntry, '--version'], { stdio: 'pipe' });
  fs.writeFileSync(STAMP, new Date().toISOString());
  console.log('[host] installed');
  return host;
}

if (require.main === module) {
  try {
    ensureHost();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
