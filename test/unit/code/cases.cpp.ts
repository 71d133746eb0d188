import type { CodeCase } from './codeCase';

/** cpp: each line ending in a FINDING comment must be found, and no other line. */
export const CPP_CASES: CodeCase[] = [];
