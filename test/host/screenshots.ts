/**
 * `npm run screenshots`: opens the example workspaces in the real VS Code host and saves
 * screenshots of the side panel and the Go page in the dark, light and high-contrast themes
 * to media/screenshots/ (git-tracked, left out of the VSIX).
 *
 * `npm run screenshots -- [OUT_DIR] [--only NAME,NAME]` runs only the named passes (see PASSES),
 * so one new screenshot does not cost the whole set.
 */
import * as path from 'path';
import { copyFixture, launchBrowser, startServer, workbenchUrl } from './codeServer';
import { handleHostRequest } from './hostRequests';
import { ensureHost, REPO_ROOT } from './hostInstall';

/** One pass: a fixture opened in a fresh window, with a driver that asks for screenshots. */
interface Pass {
  /** What `--only` names it by. */
  name: string;
  fixture: string;
  /** The file in test/host/ that runs inside the extension host and asks for the screenshots. */
  driver: string;
}

const PASSES: Pass[] = [
  { name: 'page', fixture: 'go-service', driver: 'screenshotDriver' },
  { name: 'workspace', fixture: 'cargo-workspace', driver: 'screenshotWorkspaceDriver' },
  { name: 'evidence', fixture: 'evidence-service', driver: 'screenshotEvidenceDriver' },
  { name: 'findings', fixture: 'findings-service', driver: 'screenshotFindingsDriver' },
  { name: 'trend', fixture: 'go-service', driver: 'screenshotTrendDriver' },
];

async function pass(host: ReturnType<typeof ensureHost>, { fixture, driver }: Pass, outDir: string): Promise<number> {
  const workspace = copyFixture(fixture);
  const server = await startServer(host);
  const { browser, page } = await launchBrowser(host, { width: 1600, height: 1000 });
  try {
    const requests: Promise<void>[] = [];
    const exit = new Promise<number>((resolve) => void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)));
    page.on('console', (message: { text(): string }) => {
      const text = message.text();
      const handled = handleHostRequest(page, text, workspace, outDir);
      if (handled) requests.push(handled);
      else if (text.includes('Error') && text.includes(REPO_ROOT)) console.error(text);
    });
    await page.goto(workbenchUrl(server, workspace, [['extensionTestsPath', path.join(REPO_ROOT, 'out', 'test', 'host', driver)]]));
    const code = await Promise.race([exit, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 180_000))]);
    await Promise.all(requests);
    if (code !== 0)
      console.error(code === -1 ? `screenshots (${fixture}): timed out` : `screenshots (${fixture}): the driver failed (${code})`);
    return code === 0 ? 0 : 1;
  } finally {
    await browser.close().catch(() => undefined);
    server.stop();
  }
}

/** The passes `--only a,b` (or `--only=a,b`) names, all of them without it; an unknown name is an error. */
function selectedPasses(args: string[]): Pass[] {
  const at = args.findIndex((arg) => arg === '--only' || arg.startsWith('--only='));
  if (at < 0) return PASSES;
  const names = (args[at].startsWith('--only=') ? args[at].slice('--only='.length) : (args[at + 1] ?? '')).split(',').filter(Boolean);
  const unknown = names.filter((name) => !PASSES.some((candidate) => candidate.name === name));
  if (names.length === 0 || unknown.length > 0)
    throw new Error(`--only takes pass names from ${PASSES.map((candidate) => candidate.name).join(', ')}; got "${unknown.join(',')}"`);
  return PASSES.filter((candidate) => names.includes(candidate.name));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const passes = selectedPasses(args);
  // The output folder is the one argument that is neither an option nor the value after `--only`.
  const positional = args.filter((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--only');
  const host = ensureHost();
  const outDir = positional[0] ? path.resolve(positional[0]) : path.join(REPO_ROOT, 'media', 'screenshots');
  let failed = 0;
  for (const selected of passes) failed += await pass(host, selected, outDir);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
