/**
 * Runs inside the extension host for `npm run bench`: waits for the first detection and
 * writes the extension's own timings next to the workspace copy for the launcher to read.
 */
import * as fs from 'fs';
import * as path from 'path';
import { activateApi, eventually, workspaceRoot } from '../integration/helpers';

export async function run(): Promise<void> {
  const api = await activateApi();
  const timings = await eventually('the first detection', () => (api.timings().firstDetection !== undefined ? api.timings() : undefined), 30_000);
  fs.writeFileSync(path.join(path.dirname(workspaceRoot().fsPath), 'timings.json'), JSON.stringify(timings));
}
