import type { CodeCase } from './codeCase';

/** python: each line ending in a FINDING comment must be found, and no other line. */
export const PYTHON_CASES: CodeCase[] = [];
