/**
 * `npm start`: serves the extension in a real VS Code (code-server) on loopback, on a copy of
 * the example workspace, and prints the URL to open. Ctrl+C stops it.
 */
import { copyFixture, startServer, workbenchUrl } from './codeServer';
import { ensureHost } from './hostInstall';

async function main(): Promise<void> {
  const host = ensureHost();
  const port = process.env.PORT ? Number(process.env.PORT) : 8080;
  const workspace = process.argv[2] ?? copyFixture('go-service');
  const server = await startServer(host, { port });
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`\nStack Guide is running in VS Code (code-server ${server.url}) on ${workspace}.`);
  console.log(`Open this URL in a browser on this machine:\n\n  ${workbenchUrl(server, workspace)}\n`);
  console.log(
    'The extension is loaded from this checkout in development mode; run `npm run watch` in another terminal and reload the page to pick up changes.',
  );
  console.log('Press Ctrl+C to stop.');
  server.process.on('exit', (code) => {
    console.error(`code-server exited (${code})`);
    process.exit(1);
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
