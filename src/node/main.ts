import * as fs from 'fs';
import * as path from 'path';
import { runCli } from './cli';

/** The package this bundle ships in: the repository's manifest, or the CLI package's own. */
function packageVersion(): string | undefined {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A reader that goes away (`stack-guide detect . | head -1`) closes the pipe: writes then fail
 * with EPIPE. That is not an error of ours. Stop writing to that stream and let the command finish,
 * so `detect` still ends with 0 and `check` with the gate's own code.
 */
function writer(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      closed = true;
      return;
    }
    throw error;
  });
  return (text) => {
    if (closed || stream.destroyed) return;
    try {
      stream.write(text);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
      closed = true;
    }
  };
}

void runCli(process.argv.slice(2), {
  out: writer(process.stdout),
  err: writer(process.stderr),
  cwd: process.cwd(),
  profilesDir: path.join(__dirname, '..', 'profiles'),
  profilesBundle: path.join(__dirname, 'profiles.json'),
  version: packageVersion(),
}).then((code) => {
  process.exitCode = code;
});
