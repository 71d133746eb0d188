// Builds the extension, the CLI and the compiled tests.
//   node esbuild.js            development build (source maps)
//   node esbuild.js --release  minified, no source maps (used by `npm run package`)
//   node esbuild.js --watch    rebuilds the extension and the CLI on change
const esbuild = require('esbuild');
const fs = require('fs');
const { execFileSync } = require('child_process');
const path = require('path');

const release = process.argv.includes('--release');
const watch = process.argv.includes('--watch');

const bundles = [
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
  },
  {
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
].map((options) => ({
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  minify: release,
  sourcemap: !release,
  logLevel: 'warning',
  ...options,
}));

function listTs(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : listTs(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

// Tests and benchmarks are transpiled file by file (not bundled) so mocha and the
// VS Code test host load them as ordinary CommonJS modules that require ../src.
const transpiled = {
  entryPoints: [...listTs('src'), ...listTs('test'), ...listTs('bench')],
  outdir: 'out',
  outbase: '.',
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: true,
  logLevel: 'warning',
};

async function main() {
  if (watch) {
    for (const options of bundles) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
    }
    console.log('[watch] profiles/ changes need `npm run build` to refresh dist/profiles.json');
    console.log('[watch] building dist/ on change');
    return;
  }
  await Promise.all(bundles.map((options) => esbuild.build(options)));
  // Validated built-in profiles as one JSON file for the extension; a broken profile fails the build.
  fs.chmodSync('dist/cli.js', 0o755);
  execFileSync(process.execPath, ['dist/cli.js', 'validate', 'profiles', '--bundle', 'dist/profiles.json'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!release) {
    await esbuild.build(transpiled);
    // Transpiled sources import the profile schema by its path relative to src/.
    fs.mkdirSync('out/media', { recursive: true });
    fs.copyFileSync('media/profile.schema.json', 'out/media/profile.schema.json');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
