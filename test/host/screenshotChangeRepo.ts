/**
 * `node out/test/host/screenshotChangeRepo.js DIR EDIT [OUT]`: opens DIR (a copy of a public
 * monorepo, see README "Reviewing a change") in the real VS Code host after making it a git
 * repository committed on main, with a branch `change` that follows main and appends a line to
 * EDIT; screenshotChangeDriver turns on Review This Change and saves change-review-dark.png.
 * A one-off for the README, not part of `npm run screenshots` (the repository is not a fixture).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { launchBrowser, startServer, workbenchUrl } from './codeServer';
import { handleHostRequest } from './hostRequests';
import { ensureHost, REPO_ROOT } from './hostInstall';

async function main(): Promise<number> {
  const [dir, edit, out] = process.argv.slice(2);
  if (!dir || !edit) throw new Error('usage: screenshotChangeRepo.js DIR EDIT [OUT]');
  const workspace = path.resolve(dir);
  const outDir = out ? path.resolve(out) : path.join(REPO_ROOT, 'media', 'screenshots');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Screenshot', '-c', 'user.email=s@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: workspace,
      stdio: 'pipe',
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'snapshot');
  git('checkout', '-q', '-b', 'change');
  git('branch', '-q', '--set-upstream-to=main');
  fs.appendFileSync(path.join(workspace, edit), '\n// a change\n');
  const host = ensureHost();
  const server = await startServer(host, { env: { STACK_GUIDE_CHANGED_FILE: edit } });
  const { browser, page } = await launchBrowser(host, { width: 1600, height: 1000 });
  try {
    const requests: Promise<void>[] = [];
    const exit = new Promise<number>((resolve) => void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)));
    page.on('console', (message: { text(): string }) => {
      const text = message.text();
      const handled = handleHostRequest(page, text, workspace, outDir);
      if (handled) requests.push(handled);
      else if (text.startsWith('[change]') || (text.includes('Error') && text.includes(REPO_ROOT))) console.log(text);
    });
    await page.goto(
      workbenchUrl(server, workspace, [['extensionTestsPath', path.join(REPO_ROOT, 'out', 'test', 'host', 'screenshotChangeDriver')]]),
    );
    const code = await Promise.race([exit, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 240_000))]);
    await Promise.all(requests);
    if (code !== 0) console.error(code === -1 ? 'timed out' : `the driver failed (${code})`);
    return code === 0 ? 0 : 1;
  } finally {
    await browser.close().catch(() => undefined);
    server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
