import type { CodeCase } from './codeCase';

/** rust: each line ending in a FINDING comment must be found, and no other line. */
export const RUST_CASES: CodeCase[] = [];
