/**
 * Starts code-server on loopback and opens its workbench in headless Chromium. Shared by the
 * integration launcher, `npm start` and the screenshot script.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { CHROMIUM, REPO_ROOT, type Host } from './hostInstall';

export interface Server {
  port: number;
  url: string;
  process: ChildProcess;
  userDataDir: string;
  stop(): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'stackGuide.reviewer': 'Test Reviewer',
};

/**
 * Workspace trust on, and no prompt at startup: a folder nobody has trusted opens in Restricted
 * Mode and stays there (the browser profile and the user data folder are new for each run).
 */
export const UNTRUSTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
};

export async function startServer(
  host: Host,
  options: {
    port?: number;
    settings?: Record<string, unknown>;
    userDataDir?: string;
    quiet?: boolean;
    env?: Record<string, string>;
    untrusted?: boolean;
    locale?: string;
  } = {},
): Promise<Server> {
  const port = options.port ?? (await freePort());
  const userDataDir = options.userDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-user-'));
  const extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-ext-'));
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const settings = { ...DEFAULT_SETTINGS, ...(options.untrusted ? UNTRUSTED_SETTINGS : {}), ...options.settings };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  if (options.locale && !options.locale.startsWith('en')) registerLanguagePack(userDataDir, options.locale);
  const child = spawn(
    process.execPath,
    [
      host.codeServerEntry,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      // code-server turns workspace trust off for good with this flag, whatever the settings say.
      ...(options.untrusted ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      // The display language; VS Code hands it to extensions as vscode.env.language.
      ...(options.locale ? ['--locale', options.locale] : []),
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
    ],
    // Its own process group: extension hosts outlive the server otherwise.
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VSCODE_CLI: undefined, ...options.env } },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    fs.rmSync(extensionsDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
    if (await responds(`${url}/healthz`)) return { port, url, process: child, userDataDir, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  stop();
  throw new Error(`code-server did not answer on ${url} within 60 s:\n${output}`);
}

/**
 * VS Code only takes up a display language it has a language pack for: without one, --locale
 * resolves to English and extensions see vscode.env.language 'en'. The language packs come from
 * the Marketplace, which the test host cannot reach; this registers an empty one for `locale` the
 * way VS Code records an installed pack (languagepacks.json in the user data folder). The
 * workbench's own strings stay English (the pack translates none); the language VS Code resolves,
 * hands to extensions and uses for their package.nls.<locale>.json and l10n bundles is `locale`.
 */
function registerLanguagePack(userDataDir: string, locale: string): void {
  const translations = path.join(userDataDir, 'test-language-pack', locale, 'main.i18n.json');
  fs.mkdirSync(path.dirname(translations), { recursive: true });
  fs.writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const pack = {
    hash: `test-${locale}`,
    extensions: [{ extensionIdentifier: { id: `stackguide-test.language-pack-${locale}` }, version: '0.0.0' }],
    translations: { vscode: translations },
    label: locale,
  };
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify({ [locale]: pack }));
}

function responds(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve((response.statusCode ?? 500) < 500);
    });
    request.on('error', () => resolve(false));
    request.setTimeout(2000, () => {
      request.destroy();
      resolve(false);
    });
  });
}

/** Copies a fixture (a folder, or a .code-workspace inside one) to a fresh temporary folder. */
export function copyFixture(fixture: string): string {
  const source = path.join(REPO_ROOT, 'test', 'fixtures', fixture.split('/')[0]);
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-ws-'));
  fs.cpSync(source, path.join(target, path.basename(source)), { recursive: true });
  return path.join(target, fixture);
}

/**
 * The extension as VS Code for the Web installs it, built (dist/) beforehand: the files the VSIX
 * ships and a manifest without `main`. code-server runs a package that has only a `browser` entry in
 * its web worker extension host, where there is no Node; with `main` it would pick the Node host.
 */
export function stageBrowserBuild(): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-web-'));
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  if (typeof manifest.browser !== 'string') throw new Error('package.json has no browser entry');
  delete manifest.main;
  fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify(manifest, null, 2));
  const shipped = fs
    .readdirSync(REPO_ROOT)
    .filter(
      (name) => ['dist', 'media', 'l10n'].includes(name) || /^package\.nls(\.[\w-]+)?\.json$|^(README|CHANGELOG)\.md$|^LICENSE$/.test(name),
    );
  for (const name of shipped) fs.cpSync(path.join(REPO_ROOT, name), path.join(target, name), { recursive: true });
  return target;
}

/**
 * A copy of the Node build whose entry point delays the first detection by `delayMs` (through
 * ActivationOptions.beforeFirstDetection): the suite for commands run before the first answer
 * needs that answer to be late, and the shipped entry point reads no test setting.
 */
export function stageSlowFirstDetectionBuild(delayMs: number): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-slow-'));
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  manifest.main = './dist/slowFirstDetection.js';
  fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify(manifest, null, 2));
  const shipped = fs
    .readdirSync(REPO_ROOT)
    .filter(
      (name) => ['dist', 'media', 'l10n'].includes(name) || /^package\.nls(\.[\w-]+)?\.json$|^(README|CHANGELOG)\.md$|^LICENSE$/.test(name),
    );
  for (const name of shipped) fs.cpSync(path.join(REPO_ROOT, name), path.join(target, name), { recursive: true });
  fs.writeFileSync(
    path.join(target, 'dist', 'slowFirstDetection.js'),
    [
      "const entry = require('./extension.js');",
      `const beforeFirstDetection = () => new Promise((resolve) => setTimeout(resolve, ${Number(delayMs)}));`,
      'exports.activate = (extension) => entry.activateWith(extension, { beforeFirstDetection });',
      'exports.deactivate = entry.deactivate;',
      '',
    ].join('\n'),
  );
  return target;
}

/**
 * The workbench URL that opens `workspace` (a folder or a .code-workspace file) with the extension
 * in development mode: the repository's (Node build), or another folder's (see stageBrowserBuild).
 */
export function workbenchUrl(server: Server, workspace: string, extra: [string, string][] = [], extension = REPO_ROOT): string {
  const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload: [string, string][] = [
    ['extensionDevelopmentPath', remote(extension)],
    ['skipWelcome', 'true'],
    ...extra.map(([key, value]): [string, string] => [key, key.endsWith('Path') ? remote(value) : value]),
  ];
  const target = workspace.endsWith('.code-workspace')
    ? `workspace=${encodeURIComponent(workspace)}`
    : `folder=${encodeURIComponent(workspace)}`;
  return `${server.url}/?${target}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

// Types kept loose: playwright-core is loaded from the host cache, not from the project's dependencies.

export type Browser = any;
export type Page = any;

export async function launchBrowser(
  host: Host,
  viewport = { width: 1400, height: 900 },
  locale?: string,
): Promise<{ browser: Browser; page: Page }> {
  // The Playwright copy the host installed, found at run time: not a dependency of this package.
  const { chromium } = require(host.playwrightModule);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const page = await browser.newPage({ viewport, permissions: ['clipboard-read', 'clipboard-write'], ...(locale ? { locale } : {}) });
  return { browser, page };
}

export { REPO_ROOT };
