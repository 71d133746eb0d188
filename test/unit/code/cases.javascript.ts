import type { CodeCase } from './codeCase';

/** javascript: each line ending in a FINDING comment must be found, and no other line. */
export const JAVASCRIPT_CASES: CodeCase[] = [
  {
    item: 'javascript.risk.untrusted-input',
    file: 'src/server.js',
    source: `const { exec, execSync, execFile } = require('node:child_process');
const cp = require('child_process');
exec(\`git log \${branch}\`, cb); // FINDING
execSync('rm -rf ' + dir); // FINDING
cp.exec("ls " + req.query.path); // FINDING
child_process.execSync(\`tar -xf \${file}\`); // FINDING
exec('git status', cb);
execSync(\`git rev-parse HEAD\`);
execFile('git', ['log', branch], cb);
cp.execFileSync('tar', ['-xf', file]);
regex.exec('a' + b);
db.exec('insert into t values (' + v + ')');
eval(code); // FINDING
eval(\`(\${body})\`); // FINDING
globalThis.eval(req.body.expr); // FINDING
eval('1 + 2');
const fn = new Function('a', 'b', body); // FINDING
const g = Function(src); // FINDING
const h = new Function('a', 'return a * 2');
vm.runInNewContext(userCode, sandbox); // FINDING
new vm.Script(source); // FINDING
vm.runInThisContext('globalThis');
// eval(code) in a comment
const s = "exec(\`rm \${x}\`) in a string";
`,
  },
];
