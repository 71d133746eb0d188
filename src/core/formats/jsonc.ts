import { printParseErrorCode, visit } from 'jsonc-parser';
import { positionAt } from './position';

/**
 * JSON with comments and trailing commas (tsconfig.json, deno.jsonc, .vscode files), read with
 * `jsonc-parser`, the reader VS Code itself uses. It accepts what JSON.parse accepts plus `//` and
 * block comments and a comma before `}` or `]`; anything else throws a JsoncError that says where.
 *
 * The values are built here rather than with the package's `parse`, which assigns keys with `=`:
 * a `"__proto__"` key then replaces the object's prototype. Here, as with JSON.parse, every key is
 * an own property of its object.
 */
export class JsoncError extends Error {
  constructor(
    readonly reason: string,
    /** 1-based, as editors count. */
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} on line ${line}, column ${column}`);
    this.name = 'JsoncError';
  }
}

export function parseJsonc(text: string): unknown {
  const root: unknown[] = [];
  const parents: (unknown[] | Record<string, unknown>)[] = [];
  let parent: unknown[] | Record<string, unknown> = root;
  let property: string | undefined;
  let failure: { code: number; offset: number } | undefined;
  const add = (value: unknown): void => {
    if (Array.isArray(parent)) parent.push(value);
    else if (property !== undefined)
      Object.defineProperty(parent, property, { value, enumerable: true, writable: true, configurable: true });
  };
  const open = (value: unknown[] | Record<string, unknown>): void => {
    add(value);
    parents.push(parent);
    parent = value;
    property = undefined;
  };
  const close = (): void => {
    parent = parents.pop() ?? root;
  };
  visit(
    text,
    {
      onObjectBegin: () => open({}),
      onObjectProperty: (name) => {
        property = name;
      },
      onObjectEnd: close,
      onArrayBegin: () => open([]),
      onArrayEnd: close,
      onLiteralValue: add,
      onError: (code, offset) => {
        // A block comment left open at the end of the file runs to its end, as a comment stripper reads it.
        if (printParseErrorCode(code) !== 'UnexpectedEndOfComment') failure ??= { code, offset };
      },
    },
    { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false },
  );
  if (failure) {
    const { line, column } = positionAt(text, failure.offset);
    throw new JsoncError(REASONS[printParseErrorCode(failure.code)] ?? printParseErrorCode(failure.code), line, column);
  }
  return root[0];
}

const REASONS: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name in double quotes expected',
  ValueExpected: 'a value expected',
  ColonExpected: 'a colon expected',
  CommaExpected: 'a comma expected',
  CloseBraceExpected: 'a closing brace expected',
  CloseBracketExpected: 'a closing bracket expected',
  EndOfFileExpected: 'more after the end of the value',
  UnexpectedEndOfString: 'a string not closed on its line',
  UnexpectedEndOfNumber: 'a number cut short',
  InvalidUnicode: 'a malformed \\u escape',
  InvalidEscapeCharacter: 'an unknown escape',
  InvalidCharacter: 'a control character in a string',
};
