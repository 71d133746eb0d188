import * as path from 'path';
import { runCli } from './core/cli';

runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  profilesDir: path.join(__dirname, '..', 'profiles'),
}).then((code) => {
  process.exitCode = code;
});
