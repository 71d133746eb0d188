/**
 * `npm run test:electron`: the same integration runs in desktop VS Code through
 * @vscode/test-electron, for machines that have it or can download it. Set
 * VSCODE_EXECUTABLE_PATH to use an installed VS Code instead of downloading one. Tests that
 * need to look into a webview's DOM are reported as pending here: only the offline launcher
 * drives a browser.
 */
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { RUNS } from '../integration/runs';
import { copyFixture, stageBrowserBuild, stageSlowFirstDetectionBuild } from './codeServer';
import { REPO_ROOT } from './hostInstall';

async function main(): Promise<number> {
  const workspaces = new Map<string, string>();
  let browserBuild: string | undefined;
  let failed = 0;
  for (const run of RUNS) {
    const workspace = workspaces.get(run.workspace) ?? copyFixture(run.fixture);
    workspaces.set(run.workspace, workspace);
    console.log(`\n=== ${run.suite} on ${run.fixture} (desktop VS Code) ===`);
    // Desktop VS Code runs a browser build in its own web worker extension host when told to.
    const browser = run.build === 'browser' ? ['--extensionDevelopmentKind=web'] : [];
    try {
      await runTests({
        vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
        extensionDevelopmentPath:
          run.build === 'browser'
            ? (browserBuild ??= stageBrowserBuild())
            : run.firstDetectionDelayMs
              ? stageSlowFirstDetectionBuild(run.firstDetectionDelayMs)
              : REPO_ROOT,
        extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'integration', run.suite, 'index'),
        extensionTestsEnv: { STACK_GUIDE_NO_BROWSER: '1', ...run.env },
        // Without the flag desktop VS Code applies its default (trust enabled): the folder, a new copy, is untrusted.
        launchArgs: [
          workspace,
          '--disable-extensions',
          ...(run.untrusted ? [] : ['--disable-workspace-trust']),
          ...(run.locale ? ['--locale', run.locale] : []),
          '--skip-welcome',
          ...browser,
        ],
      });
    } catch (error) {
      console.error(`✖ ${run.suite}: ${error instanceof Error ? error.message : String(error)}`);
      failed++;
    }
  }
  return failed === 0 ? 0 : 1;
}

void main().then((code) => process.exit(code));
