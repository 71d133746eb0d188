import type { CodeCase } from './codeCase';

/** javascript: each line ending in a FINDING comment must be found, and no other line. */
export const JAVASCRIPT_CASES: CodeCase[] = [];
