// Builds the extension, the CLI and the compiled tests.
//   node esbuild.js            development build (source maps)
//   node esbuild.js --release  minified, no source maps (used by `npm run package`)
//   node esbuild.js --watch    rebuilds the extension, the CLI and the page script on change
//   node esbuild.js --pack-cli [--pack-destination DIR]
//                              the installable CLI package: `npm pack` of a staging folder holding
//                              dist/cli.js (with yaml and smol-toml bundled), dist/profiles.json and profiles/*.yaml,
//                              written to DIR (default dist/) as stack-guide-<version>.tgz
const esbuild = require('esbuild');
const fs = require('fs');
const os = require('os');
const { execFileSync } = require('child_process');
const path = require('path');

const release = process.argv.includes('--release');
const SCHEMA = 'src/core/profiles/profile.schema.json';
const watch = process.argv.includes('--watch');
const packCli = process.argv.includes('--pack-cli');

/**
 * The Node entry (dist/extension.js) holds only src/vscode/extension.ts and src/node/: the local disk.
 * Everything they import from the rest of src/ (activation, the core) comes from the browser bundle,
 * which exports it (src/vscode/extension.web.ts): the VSIX carries that code once, desktop and vscode.dev
 * run the same build of it, and there is one copy of each class, so `instanceof` holds across the two.
 */
const sharedWithBrowserBuild = {
  name: 'shared-with-browser-build',
  setup(build) {
    const entry = path.resolve('src/vscode/extension.ts');
    const nodeOnly = path.resolve('src/node') + path.sep;
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const fromNodeSide = args.importer === entry || args.importer.startsWith(nodeOnly);
      const target = path.resolve(args.resolveDir, args.path);
      return fromNodeSide && !target.startsWith(nodeOnly) ? { path: './web/extension.js', external: true } : undefined;
    });
  },
};

/**
 * The tree-sitter runtime and the grammars code probes parse with (src/core/code/syntax.ts), copied
 * from @vscode/tree-sitter-wasm to dist/grammars/ and read at run time by name: a grammar is loaded
 * only when a unit of its language is probed. Bash, CSS and the others of the package are not used.
 * The runtime's JavaScript is built there too (treeSitterRuntimeBundle), not into the extension's bundle.
 */
const GRAMMAR_DIR = 'node_modules/@vscode/tree-sitter-wasm/wasm';
const GRAMMAR_FILES = ['tree-sitter.wasm', ...['go', 'rust', 'python', 'javascript', 'typescript', 'tsx', 'java', 'c-sharp', 'php', 'ruby', 'cpp'].map((name) => `tree-sitter-${name}.wasm`)];

function copyGrammars(destination) {
  fs.mkdirSync(destination, { recursive: true });
  for (const file of GRAMMAR_FILES) fs.copyFileSync(path.join(GRAMMAR_DIR, file), path.join(destination, file));
}

/**
 * The runtime finds its own URL when it is first required, from __filename (Node) or
 * document.currentScript (a page); a web worker extension host has neither. It is given the wasm
 * bytes and never fetches, so wherever it runs (the CLI, the desktop and the web worker extension
 * hosts evaluate the same file) any URL does, and its Node branch, which would require fs and path,
 * is switched off.
 */
const treeSitterInWorker = {
  name: 'tree-sitter-in-worker',
  setup(build) {
    build.onLoad({ filter: /tree-sitter-wasm[\\/]wasm[\\/]tree-sitter\.js$/ }, (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      const NODE_CHECK = 'var ENVIRONMENT_IS_NODE = typeof process == "object" && typeof process.versions == "object" && typeof process.versions.node == "string";';
      if (!source.includes('function getCurrentScriptUrl() {') || !source.includes(NODE_CHECK))
        throw new Error('tree-sitter.js changed: the lines patched for the shared browser bundle are not there');
      // The file also runs in Node (the CLI, the desktop extension host): the runtime takes no Node
      // path there either (it is given every byte, so it never reads a file or asks where it is).
      const patched = source
        .replace('function getCurrentScriptUrl() {', "function getCurrentScriptUrl() {\n        return 'file:///tree-sitter.js';")
        .replace(NODE_CHECK, 'var ENVIRONMENT_IS_NODE = false;');
      // Its Node path makes a `require` of its own (createRequire) for fs and path: named apart, the
      // file says plainly that it needs no module at all (it is evaluated with no require).
      const renamed = patched.replace('var require = createRequire(', 'var nodeRequire = createRequire(').replace(/\brequire\("/g, 'nodeRequire("');
      return { contents: renamed, loader: 'js' };
    });
  },
};

/**
 * The tree-sitter runtime requires fs, path, url and module only on its Node path, which it never
 * takes (see treeSitterInWorker): in its build they are empty modules, so the file needs nothing.
 */
const nodeBuiltinsUnused = {
  name: 'node-builtins-unused',
  setup(build) {
    build.onResolve({ filter: /^(fs|fs\/promises|path|url|module)$/ }, (args) =>
      /tree-sitter-wasm/.test(args.importer) ? { path: args.path, namespace: 'unused-node-builtin' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'unused-node-builtin' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

// jsonc-parser's `main` is a UMD build whose internal requires esbuild cannot follow
// (microsoft/node-jsonc-parser#57); its ES module build bundles for Node and the browser alike.
const alias = { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' };

const bundles = [
  {
    entryPoints: ['src/vscode/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    plugins: [sharedWithBrowserBuild],
  },
  {
    entryPoints: ['src/node/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  // The GitHub Action's sticky pull-request comment (action.yml).
  {
    entryPoints: ['src/node/prComment.ts'],
    outfile: 'dist/pr-comment.js',
  },
].map((options) => ({
  bundle: true,
  alias,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  minify: release,
  sourcemap: !release,
  logLevel: 'warning',
  ...options,
}));

/**
 * Leaves the descriptions out of the profile schema the extension bundles: the loader checks a
 * team profile against types, patterns and bounds, never a description (editors get the whole
 * schema, dist/profile.schema.json). About 13 KB of the bundle.
 */
const schemaWithoutDescriptions = {
  name: 'schema-without-descriptions',
  setup(build) {
    build.onLoad({ filter: /profile\.schema\.json$/ }, (args) => {
      const strip = (node) =>
        Array.isArray(node)
          ? node.map(strip)
          : node && typeof node === 'object'
            ? Object.fromEntries(
                Object.entries(node)
                  // A property named "description" has a schema (an object) as its value: it stays.
                  .filter(([key, value]) => !(['description', 'markdownDescription', '$comment'].includes(key) && typeof value === 'string'))
                  .map(([key, value]) => [key, strip(value)]),
              )
            : node;
      return { contents: JSON.stringify(strip(JSON.parse(fs.readFileSync(args.path, 'utf8')))), loader: 'json' };
    });
  },
};

// The browser entry for the web worker extension host (vscode.dev, github.dev). platform 'browser'
// leaves Node's built-in modules unresolved, so a shared module that imports one fails the build.
const webExtensionBundle = {
  entryPoints: ['src/vscode/extension.web.ts'],
  outfile: 'dist/web/extension.js',
  external: ['vscode'],
  plugins: [schemaWithoutDescriptions],
  bundle: true,
  alias,
  platform: 'browser',
  format: 'cjs',
  target: 'es2022',
  minify: release,
  sourcemap: !release,
  logLevel: 'warning',
};

/**
 * The tree-sitter runtime as a file of its own, dist/grammars/tree-sitter.js, beside its wasm: a
 * CommonJS module that requires nothing, which the CLI and both extension hosts read as bytes and
 * evaluate when a unit is first probed (runtimeFromScript in src/core/code/syntax.ts), so the
 * extension's bundle does not carry it. Minified in every build: it is not our code to debug.
 */
const treeSitterRuntimeBundle = {
  entryPoints: ['node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter.js'],
  outfile: 'dist/grammars/tree-sitter.js',
  plugins: [treeSitterInWorker, nodeBuiltinsUnused],
  bundle: true,
  platform: 'browser',
  format: 'cjs',
  target: 'es2022',
  minify: true,
  logLevel: 'warning',
};

// The reference page's script runs in the webview: a browser bundle. platform 'browser' leaves Node's
// built-in modules unresolved, so importing one fails the build.
const browserBundles = [
  webExtensionBundle,
  treeSitterRuntimeBundle,
  {
    entryPoints: ['src/vscode/webviews/reference/page.ts'],
    outfile: 'dist/webview/page.js',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    minify: release,
    sourcemap: !release,
    logLevel: 'warning',
  },
];

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

/**
 * The CLI as an npm package of its own. The root package.json is the VS Code extension's manifest,
 * so the CLI's package.json is generated in a temporary staging folder: no dependencies (the bundle
 * carries yaml and smol-toml), no scripts, a `stack-guide` bin. Prints the tarball's path.
 */
async function packCliPackage() {
  const at = process.argv.indexOf('--pack-destination');
  const destination = path.resolve(at > 0 && process.argv[at + 1] ? process.argv[at + 1] : 'dist');
  const root = JSON.parse(fs.readFileSync('package.json', 'utf8'));
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-cli-pack-'));
  try {
    const cli = bundles.find((options) => options.outfile === 'dist/cli.js');
    const { metafile } = await esbuild.build({ ...cli, outfile: path.join(staging, 'dist', 'cli.js'), minify: false, sourcemap: false, metafile: true });
    fs.chmodSync(path.join(staging, 'dist', 'cli.js'), 0o755);
    copyGrammars(path.join(staging, 'dist', 'grammars'));
    await esbuild.build({ ...treeSitterRuntimeBundle, outfile: path.join(staging, 'dist', 'grammars', 'tree-sitter.js') });
    fs.mkdirSync(path.join(staging, 'profiles'));
    for (const name of fs.readdirSync('profiles').filter((file) => file.endsWith('.yaml')).sort()) {
      fs.copyFileSync(path.join('profiles', name), path.join(staging, 'profiles', name));
    }
    // The staged CLI must find and accept its own profiles, as it will once installed.
    // It also writes them, parsed and validated, as the JSON the CLI starts from (dist/profiles.json).
    execFileSync(process.execPath, [path.join(staging, 'dist', 'cli.js'), 'validate', path.join(staging, 'profiles'), '--bundle', path.join(staging, 'dist', 'profiles.json')], { stdio: ['ignore', 'ignore', 'inherit'] });

    // Licences: the project's, then those of the packages the bundle carries.
    const bundled = [...new Set(Object.keys(metafile.inputs).map((input) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1]).filter(Boolean))].sort();
    const notices = bundled.map((name) => {
      const dir = path.join('node_modules', name);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const licence = fs.readdirSync(dir).find((file) => /^licen[cs]e/i.test(file));
      return `${name} ${manifest.version} (${manifest.license}), bundled in dist/cli.js:\n\n${licence ? fs.readFileSync(path.join(dir, licence), 'utf8').trim() : manifest.license}\n`;
    });
    fs.writeFileSync(path.join(staging, 'LICENSE'), [fs.readFileSync('LICENSE', 'utf8').trim() + '\n', ...notices].join('\n' + '-'.repeat(72) + '\n\n'));
    fs.writeFileSync(
      path.join(staging, 'README.md'),
      `# ${root.name} (command line)\n\n${root.displayName}'s command line: detects the ecosystems of a repository and gates a CI pipeline on its review checklist, with SARIF, GitHub annotations, JUnit and Markdown output.\n\n\`\`\`sh\nnpx ${root.name} detect .\nnpx ${root.name} check . --format sarif --output ${root.name}.sarif\nnpx ${root.name} --help\n\`\`\`\n\nSee ${root.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')}#command-line.\n`,
    );
    const manifest = {
      name: root.name,
      version: root.version,
      description: `${root.displayName} on the command line: detects the ecosystems of a repository and gates CI on its review checklist (SARIF, GitHub annotations, JUnit, Markdown).`,
      license: root.license,
      repository: root.repository,
      keywords: ['review', 'checklist', 'ci', 'sarif', 'junit', 'github-actions'],
      bin: { [root.name]: 'dist/cli.js' },
      files: ['dist/cli.js', 'dist/profiles.json', 'dist/grammars/*.wasm', 'dist/grammars/tree-sitter.js', 'profiles/*.yaml'],
      engines: { node: '>=18' },
    };
    fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');

    fs.mkdirSync(destination, { recursive: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const output = execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: staging, encoding: 'utf8', shell: process.platform === 'win32' });
    const [packed] = JSON.parse(output);
    const tarball = path.join(destination, packed.filename);
    console.log(`${path.relative(process.cwd(), tarball) || tarball}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(1)} KB (${packed.files.map((file) => file.path).sort().join(', ')})`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function main() {
  if (packCli) {
    await packCliPackage();
    return;
  }
  if (watch) {
    for (const options of [...bundles, ...browserBundles]) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
    }
    console.log('[watch] profiles/ changes need `npm run build` to refresh dist/profiles.json');
    console.log('[watch] building dist/ on change');
    return;
  }
  await Promise.all([...bundles, ...browserBundles].map((options) => esbuild.build(options)));
  copyGrammars('dist/grammars');
  // The schema editors validate profiles with (contributes.yamlValidation); the loader bundles its own copy.
  fs.copyFileSync(SCHEMA, 'dist/profile.schema.json');
  // Validated built-in profiles as one JSON file for the extension and the CLI; a broken profile fails the build.
  fs.chmodSync('dist/cli.js', 0o755);
  execFileSync(process.execPath, ['dist/cli.js', 'validate', 'profiles', '--bundle', 'dist/profiles.json'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!release) {
    await esbuild.build(transpiled);
    // Transpiled sources import the profile schema beside the loader.
    fs.copyFileSync(SCHEMA, 'out/src/core/profiles/profile.schema.json');
    // And the support table with its schema, beside supportTable.ts, and the review periods beside expiry.ts's import.
    for (const name of ['support.json', 'support.schema.json', 'reviewPeriods.json']) fs.copyFileSync(`src/core/profiles/${name}`, `out/src/core/profiles/${name}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
