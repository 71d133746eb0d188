import type { CodeCase } from './codeCase';

/** csharp: each line ending in a FINDING comment must be found, and no other line. */
export const CSHARP_CASES: CodeCase[] = [];
