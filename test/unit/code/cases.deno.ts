import type { CodeCase } from './codeCase';

/** deno: each line ending in a FINDING comment must be found, and no other line. */
export const DENO_CASES: CodeCase[] = [
  {
    item: 'deno.risk.untrusted-input',
    file: 'main.ts',
    source: `const out = await new Deno.Command("sh", { args: ["-c", \`grep \${term} log.txt\`] }).output(); // FINDING
const cmd = new Deno.Command('/bin/bash', { args: ['-c', script], stdout: "piped" }); // FINDING
const p = Deno.run({ cmd: ["sh", "-c", line] }); // FINDING
const safe = new Deno.Command("git", { args: ["log", branch] });
const script = new Deno.Command("sh", { args: ["build.sh"] });
const value = eval(expr); // FINDING
const f = new Function("x", body); // FINDING
const mod = await import(\`./plugins/\${name}.ts\`); // FINDING
const other = await import(specifier); // FINDING
const fixed = await import("./plugins/known.ts");
const n = eval("1 + 1");
const g = new Function("x", "return x + 1");
`,
  },
  {
    item: 'deno.risk.untrusted-input',
    file: 'routes/page.tsx',
    source: `export function Page({ code }: { code: string }) {
  const run = new Function("props", code); // FINDING
  const view = import(\`./views/\${code}.tsx\`); // FINDING
  return <div title="eval(code)">{String(run)}</div>;
}
`,
  },
  {
    item: 'deno.delivery.fetch-deadlines',
    file: 'lib/upstream.ts',
    source: `export async function rates(base: string, signal: AbortSignal) {
  const a = await fetch(\`\${base}/rates\`); // FINDING
  const b = await fetch(base, { method: "POST", body: "{}" }); // FINDING
  const c = await fetch(base, { signal: AbortSignal.timeout(2_000) });
  const d = await fetch(base, { signal });
  const e = await fetch(base, { headers: { accept: "application/json" }, signal: AbortSignal.any([signal, AbortSignal.timeout(5_000)]) });
  const f = await client.fetch(base);
  // fetch(base) in a comment is no call
  const g = "fetch(base) in a string";
  return [a, b, c, d, e, f, g];
}
`,
  },
];
