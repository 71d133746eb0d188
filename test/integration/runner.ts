import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { format } from 'util';
import { TEST_OUTPUT_MARK } from './runs';

/** Host-agnostic entry: runs every *.test.js of a suite folder with mocha inside the extension host. */
export function runSuite(suiteDir: string): Promise<void> {
  // The host forwards console output as plain strings: format reporter lines here and mark
  // them so a launcher can tell them from the workbench's own messages.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    for (const line of format(...args).split('\n')) console.log(`${TEST_OUTPUT_MARK}${line}`);
  };
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const file of fs
    .readdirSync(suiteDir)
    .filter((name) => name.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(suiteDir, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
