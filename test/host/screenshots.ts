/**
 * `npm run screenshots`: opens the example workspace in the real VS Code host and saves
 * screenshots of the side panel and the Go page in the dark, light and high-contrast themes
 * to media/screenshots/ (git-tracked, left out of the VSIX).
 */
import * as path from 'path';
import { copyFixture, launchBrowser, startServer, workbenchUrl } from './codeServer';
import { handleHostRequest } from './hostRequests';
import { ensureHost, REPO_ROOT } from './hostInstall';

/** One pass: a fixture opened in a fresh window, with a driver that asks for screenshots. */
async function pass(host: ReturnType<typeof ensureHost>, fixture: string, driver: string, outDir: string): Promise<number> {
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

async function main(): Promise<number> {
  const host = ensureHost();
  const outDir = process.argv[2] ? path.resolve(process.argv[2]) : path.join(REPO_ROOT, 'media', 'screenshots');
  const page = await pass(host, 'go-service', 'screenshotDriver', outDir);
  const workspace = await pass(host, 'cargo-workspace', 'screenshotWorkspaceDriver', outDir);
  const evidence = await pass(host, 'evidence-service', 'screenshotEvidenceDriver', outDir);
  return page || workspace || evidence;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
