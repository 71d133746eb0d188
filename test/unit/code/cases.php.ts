import type { CodeCase } from './codeCase';

/** php: each line ending in a FINDING comment must be found, and no other line. */
export const PHP_CASES: CodeCase[] = [];
