import type { CodeCase } from './codeCase';

/** java: each line ending in a FINDING comment must be found, and no other line. */
export const JAVA_CASES: CodeCase[] = [];
