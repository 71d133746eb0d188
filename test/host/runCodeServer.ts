/**
 * `npm run test:integration`: runs every integration suite inside a real VS Code (code-server)
 * driven by headless Chromium, offline. Exits non-zero when any test fails or a run cannot start.
 */
import * as os from 'os';
import * as path from 'path';
import { RUNS, TEST_OUTPUT_MARK } from '../integration/runs';
import { handleHostRequest } from './hostRequests';
import { copyFixture, launchBrowser, stageBrowserBuild, stageSlowFirstDetectionBuild, startServer, workbenchUrl } from './codeServer';
import { ensureHost, REPO_ROOT } from './hostInstall';

const RUN_TIMEOUT_MS = 240_000;

/** Prints the test reporter's lines and errors raised in this repository's code; the workbench's own chatter is left out. */
const counts = { passed: 0, failed: 0, pending: 0 };

function printHostLine(text: string, extension: string): void {
  const mark = text.indexOf(TEST_OUTPUT_MARK);
  if (mark >= 0) {
    const line = text.slice(mark + TEST_OUTPUT_MARK.length).replace(/\s+\(at console\.<anonymous>[\s\S]*$/, '');
    const summary = /^\s*(\d+) (passing|failing|pending)\b/.exec(line);
    if (summary) counts[summary[2] === 'passing' ? 'passed' : summary[2] === 'failing' ? 'failed' : 'pending'] += Number(summary[1]);
    console.log(line);
  } else if (/ERR/.test(text.slice(0, 12)) && (text.includes(REPO_ROOT) || text.includes(extension)))
    console.log(text.replace(/^%c\s*ERR\s*color: #[0-9a-f]+\s*/i, ''));
}

async function main(): Promise<number> {
  const host = ensureHost();
  const only = process.argv[2];
  const workspaces = new Map<string, string>();
  let browserBuild: string | undefined;
  let failed = 0;
  for (const run of RUNS.filter((candidate) => !only || candidate.suite === only)) {
    const workspace = workspaces.get(run.workspace) ?? copyFixture(run.fixture);
    workspaces.set(run.workspace, workspace);
    const started = Date.now();
    console.log(
      `\n=== ${run.suite} on ${run.fixture}${run.untrusted ? ' (untrusted, Restricted Mode)' : ''}${run.build ? ` (${run.build} build)` : ''}${run.locale ? ` (display language ${run.locale})` : ''} ===`,
    );
    const extension =
      run.build === 'browser'
        ? (browserBuild ??= stageBrowserBuild())
        : run.firstDetectionDelayMs
          ? stageSlowFirstDetectionBuild(run.firstDetectionDelayMs)
          : undefined;
    const server = await startServer(host, { env: run.env, untrusted: run.untrusted, locale: run.locale });
    const { browser, page } = await launchBrowser(host, undefined, run.locale);
    const hostRequests: Promise<void>[] = [];
    try {
      const exitCode = new Promise<number>((resolve) => {
        void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
      });
      page.on('console', (message: { text(): string }) => {
        const text = message.text();
        const handled = handleHostRequest(page, text, workspace);
        if (handled) {
          hostRequests.push(handled);
          return;
        }
        if (process.env.STACK_GUIDE_HOST_LOG === 'all') console.log(`[console] ${text}`);
        else printHostLine(text, extension ?? REPO_ROOT);
      });
      const testsPath = path.join(REPO_ROOT, 'out', 'test', 'integration', run.suite, 'index');
      await page.goto(workbenchUrl(server, workspace, [['extensionTestsPath', testsPath]], extension));
      const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(-1), RUN_TIMEOUT_MS));
      const code = await Promise.race([exitCode, timeout]);
      await Promise.all(hostRequests);
      if (code === -1) {
        console.log(`✖ ${run.suite}: no result within ${RUN_TIMEOUT_MS / 1000} s`);
        await page.screenshot({ path: path.join(os.tmpdir(), `stack-guide-${run.suite}-timeout.png`) }).catch(() => undefined);
        failed++;
      } else if (code !== 0) {
        console.log(`✖ ${run.suite}: tests exited with ${code}`);
        failed++;
      }
      console.log(`--- ${run.suite} finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      await browser.close().catch(() => undefined);
      server.stop();
    }
  }
  console.log(failed === 0 ? '\nAll integration runs passed.' : `\n${failed} integration run(s) failed.`);
  console.log(
    `integration: ${counts.passed} passed, ${Math.max(counts.failed, failed)} failed${counts.pending ? `, ${counts.pending} skipped` : ''}`,
  );
  return failed === 0 ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
