import type { CodeCase } from './codeCase';

/** typescript: each line ending in a FINDING comment must be found, and no other line. */
export const TYPESCRIPT_CASES: CodeCase[] = [];
