import * as fs from 'fs';
import * as path from 'path';

/**
 * A synthetic monorepo of about 50,000 files: real components at several depths, and trap
 * folders (node_modules, vendor, target, .venv) full of manifests that must never count.
 */
export function buildMonorepo(root: string, targetFiles = 50_000): { files: number; expected: Record<string, string[]> } {
  let files = 0;
  const write = (relative: string, content = '') => {
    const full = path.join(root, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    files++;
  };
  const expected: Record<string, string[]> = {
    'services/orders': ['go'],
    'services/billing': ['go'],
    'web/app': ['typescript'],
    'web/admin': ['javascript'],
    'crates/engine': ['rust'],
    'tools/ml': ['python'],
    'platform/api': ['java'],
  };
  write('services/orders/go.mod', 'module orders');
  write('services/billing/go.mod', 'module billing');
  write('web/app/package.json', JSON.stringify({ dependencies: { react: '18' }, devDependencies: { typescript: '5' } }));
  write('web/app/tsconfig.json', '{}');
  write('web/admin/package.json', JSON.stringify({ dependencies: { express: '4' } }));
  write('crates/engine/Cargo.toml', '[package]\nname = "engine"');
  write('tools/ml/pyproject.toml', '[project]\nname = "ml"');
  write('platform/api/pom.xml', '<project/>');

  // Sources inside the components.
  for (const [component] of Object.entries(expected)) {
    for (let i = 0; i < 400; i++) write(`${component}/src/pkg${i % 20}/file${i}.txt`, 'x');
  }
  // Trap folders, deep and wide, until the tree holds about targetFiles files.
  const traps = ['web/app/node_modules', 'web/admin/node_modules', 'services/orders/vendor', 'crates/engine/target', 'tools/ml/.venv'];
  const manifests: [string, string][] = [
    ['package.json', '{"name":"dep","dependencies":{"left-pad":"1"}}'],
    ['go.mod', 'module example.com/dep'],
    ['Cargo.toml', '[package]\nname = "dep"'],
    ['pyproject.toml', '[project]\nname = "dep"'],
    ['pom.xml', '<project/>'],
    ['composer.json', '{"name":"v/dep"}'],
  ];
  let n = 0;
  while (files < targetFiles) {
    const trap = traps[n % traps.length];
    const pkg = `${trap}/pkg${Math.floor(n / traps.length)}`;
    const [manifest, content] = manifests[n % manifests.length];
    write(`${pkg}/${manifest}`, content);
    for (let i = 0; i < 8; i++) write(`${pkg}/lib/sub${i % 3}/f${i}.js`, 'x');
    write(`${pkg}/node_modules/inner/package.json`, '{"dependencies":{"a":"1"}}');
    n++;
  }
  return { files, expected };
}
