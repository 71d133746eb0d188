/**
 * Runs one CLI command in its own process, so peak memory (maxRSS) is that command's alone, and
 * prints a JSON line: { ms, maxRssMb, code, bytes }. Used by the history and aggregate rows.
 */
import * as path from 'path';
import { runCli } from '../src/node/cli';

async function main(): Promise<void> {
  const [cwd, ...args] = process.argv.slice(2);
  let bytes = 0;
  let stderr = '';
  const started = process.hrtime.bigint();
  const code = await runCli(args, {
    out: (text) => void (bytes += Buffer.byteLength(text)),
    err: (text) => void (stderr += text),
    cwd,
    profilesDir: path.resolve(__dirname, '..', '..', 'profiles'),
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (code !== 0) throw new Error(`exit ${code}: ${stderr.slice(-2000)}`);
  process.stdout.write(`${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, code, bytes, stderr: stderr.length })}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
