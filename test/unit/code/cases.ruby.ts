import type { CodeCase } from './codeCase';

/** ruby: each line ending in a FINDING comment must be found, and no other line. */
export const RUBY_CASES: CodeCase[] = [];
