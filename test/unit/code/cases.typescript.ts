import type { CodeCase } from './codeCase';

/** typescript: each line ending in a FINDING comment must be found, and no other line. */
export const TYPESCRIPT_CASES: CodeCase[] = [
  {
    item: 'typescript.risk.any-leakage',
    file: 'src/parse.ts',
    source: `const data = JSON.parse(text) as any; // FINDING
try { run(); } catch (e: any) { log(e.message); } // FINDING
const typed = JSON.parse(text) as Config;
try { run(); } catch (e: unknown) { log(e); }
try { run(); } catch (e) { log(e); }
const u = input as unknown;
const v = <Config>input;
`,
  },
  {
    item: 'typescript.risk.any-leakage',
    file: 'src/View.tsx',
    source: `export function View({ raw }: { raw: unknown }) {
  const props = raw as any; // FINDING
  const known = raw as Props;
  return <div>{known.title}</div>;
}
`,
  },
  {
    item: 'typescript.risk.unsafe-casts',
    file: 'src/cast.ts',
    source: `const user = input as unknown as User; // FINDING
const loose = input as any as User; // FINDING
const u = input as unknown;
const typed = input as User;
const checked = parseUser(input);
`,
  },
  {
    item: 'typescript.risk.unsafe-casts',
    file: 'src/Row.tsx',
    source: `export const Row = ({ value }: { value: unknown }) => {
  const cell = value as unknown as Cell; // FINDING
  return <td>{(value as Cell).label}</td>;
};
`,
  },
];
