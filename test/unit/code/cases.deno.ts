import type { CodeCase } from './codeCase';

/** deno: each line ending in a FINDING comment must be found, and no other line. */
export const DENO_CASES: CodeCase[] = [];
