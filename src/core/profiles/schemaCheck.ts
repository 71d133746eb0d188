import { isAlias, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';

/**
 * Checks a YAML node tree against the subset of JSON Schema that src/core/profiles/profile.schema.json
 * uses, so the schema shipped for editors is also the one the loader enforces, and every
 * problem points at the node that caused it.
 */
export interface SchemaNode {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  additionalProperties?: boolean;
  required?: string[];
  minProperties?: number;
  items?: SchemaNode;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  $ref?: string;
  /** Only `required` is supported in `if`; `then`/`else` may add `required`, also one level down through `properties`. */
  if?: SchemaNode;
  then?: SchemaNode;
  else?: SchemaNode;
  description?: string;
  definitions?: Record<string, SchemaNode>;
}

export interface SchemaIssue {
  node: Node | null | undefined;
  message: string;
}

export function checkAgainstSchema(root: SchemaNode, node: Node | null | undefined): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const resolve = (schema: SchemaNode): SchemaNode => {
    if (!schema.$ref) return schema;
    const name = schema.$ref.replace('#/definitions/', '');
    const target = own(root.definitions, name);
    if (!target) throw new Error(`Schema reference ${schema.$ref} not found`);
    return target;
  };

  const visit = (rawSchema: SchemaNode, value: Node | null | undefined, path: string, parent: Node | null | undefined) => {
    const schema = resolve(rawSchema);
    const where = path || 'the document';
    const at = value ?? parent;
    if (isAlias(value)) {
      // Never expanded: an alias is how a "billion laughs" file grows without bound.
      issues.push({ node: value, message: `${where} is a YAML alias (*${value.source}); write the value out instead` });
      return;
    }
    if (schema.enum) {
      const scalar = isScalar(value) ? value.value : undefined;
      if (!schema.enum.includes(scalar)) {
        issues.push({ node: at, message: `${where} must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}` });
      }
      return;
    }
    switch (schema.type) {
      case 'object': {
        if (!isMap(value)) {
          issues.push({ node: at, message: `${where} must be a mapping` });
          return;
        }
        const seen = new Set<string>();
        for (const pair of value.items as Pair<Node, Node>[]) {
          const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
          if (key === undefined) {
            issues.push({ node: pair.key, message: `${where} has a key that is not a plain name` });
            continue;
          }
          seen.add(key);
          const childPath = path ? `${path}.${key}` : key;
          // Own properties only: "__proto__", "toString" and "constructor" are keys like any other,
          // never the schema object's inherited members.
          const direct = own(schema.properties, key);
          const patterned = direct
            ? undefined
            : Object.entries(schema.patternProperties ?? {}).find(([pattern]) => new RegExp(pattern).test(key))?.[1];
          const childSchema = direct ?? patterned;
          if (childSchema) {
            visit(childSchema, pair.value, childPath, pair.key);
          } else if (schema.additionalProperties === false) {
            const allowed = Object.keys(schema.properties ?? {});
            const hint = schema.patternProperties
              ? ` (expected ${describePatterns(schema.patternProperties)})`
              : allowed.length
                ? `; expected one of: ${allowed.join(', ')}`
                : '';
            issues.push({ node: pair.key, message: `unknown key "${key}" in ${where}${hint}` });
          }
        }
        const requireKeys = (map: typeof value, keys: string[] | undefined, mapPath: string) => {
          for (const key of keys ?? []) {
            if (!map.has(key)) issues.push({ node: map, message: `${mapPath || 'the document'} is missing required key "${key}"` });
          }
        };
        requireKeys(value, schema.required, path);
        if (schema.if) {
          const branch = (schema.if.required ?? []).every((key) => seen.has(key)) ? schema.then : schema.else;
          requireKeys(value, branch?.required, path);
          for (const [key, sub] of Object.entries(branch?.properties ?? {})) {
            const child = value.get(key, true);
            if (isMap(child)) requireKeys(child, sub.required, path ? `${path}.${key}` : key);
          }
        }
        if (schema.minProperties !== undefined && seen.size < schema.minProperties) {
          issues.push({ node: value, message: `${where} needs at least ${schema.minProperties} entries` });
        }
        return;
      }
      case 'array': {
        if (!isSeq(value)) {
          issues.push({ node: at, message: `${where} must be a list` });
          return;
        }
        if (schema.minItems !== undefined && value.items.length < schema.minItems) {
          issues.push({ node: value, message: `${where} needs at least ${schema.minItems} item(s)` });
        }
        if (schema.maxItems !== undefined && value.items.length > schema.maxItems) {
          issues.push({ node: value, message: `${where} allows at most ${schema.maxItems} item(s)` });
        }
        if (schema.items) {
          value.items.forEach((item, index) => visit(schema.items!, item as Node, `${where}[${index}]`, value));
        }
        return;
      }
      case 'string': {
        if (!isScalar(value) || typeof value.value !== 'string') {
          issues.push({ node: at, message: `${where} must be text` });
          return;
        }
        const text = value.value;
        if (schema.minLength !== undefined && text.trim().length < schema.minLength) {
          issues.push({ node: value, message: `${where} must not be empty` });
        }
        if (schema.pattern && !new RegExp(schema.pattern).test(text)) {
          issues.push({ node: value, message: `${where} "${text}" does not match ${schema.pattern}` });
        }
        return;
      }
      case 'integer':
      case 'number': {
        const number = isScalar(value) ? value.value : undefined;
        if (typeof number !== 'number' || (schema.type === 'integer' && !Number.isInteger(number))) {
          issues.push({ node: at, message: `${where} must be ${schema.type === 'integer' ? 'a whole number' : 'a number'}` });
          return;
        }
        if ((schema.minimum !== undefined && number < schema.minimum) || (schema.maximum !== undefined && number > schema.maximum)) {
          issues.push({ node: value, message: `${where} is ${number}, outside ${schema.minimum ?? '-∞'}–${schema.maximum ?? '∞'}` });
        }
        return;
      }
      default:
        return;
    }
  };

  visit(root, node, '', undefined);
  return issues;
}

function own<T>(map: Record<string, T> | undefined, key: string): T | undefined {
  return map !== undefined && Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

function describePatterns(patterns: Record<string, SchemaNode>): string {
  // The only pattern in the profile schema is the adoption year range.
  return Object.keys(patterns)
    .map((pattern) => (pattern === '^20(2[0-6])$' ? 'a year from 2020 to 2026' : `a key matching ${pattern}`))
    .join(' or ');
}
