import type { Rng } from '../determinism/rng.ts';

type Schema = Record<string, unknown>;

/**
 * A value that satisfies a (strict, OpenAI-subset) JSON schema, so the
 * loopback server can answer `response_format: json_schema` requests the way
 * a structured-output server would. Strings get `text`, enums a seeded pick,
 * nullable fields their non-null branch.
 *
 * @example sampleFromJsonSchema({ type: 'object', properties: { a: { type: 'string' } } }, 'hi', rng) // { a: 'hi' }
 */
export function sampleFromJsonSchema(schema: unknown, text: string, rng: Rng, root: unknown = schema, depth = 0): unknown {
  if (!isSchema(schema) || depth > 8) return null;
  if ('$ref' in schema && typeof schema['$ref'] === 'string') return sampleFromJsonSchema(resolveRef(root, schema['$ref']), text, rng, root, depth + 1);
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return rng.pick(schema['enum'] as unknown[]);
  const branches = (schema['anyOf'] ?? schema['oneOf']) as unknown;
  if (Array.isArray(branches) && branches.length > 0) {
    const nonNull = branches.filter((b) => !(isSchema(b) && b['type'] === 'null'));
    return sampleFromJsonSchema(rng.pick(nonNull.length > 0 ? nonNull : branches), text, rng, root, depth + 1);
  }
  const types = Array.isArray(schema['type']) ? (schema['type'] as string[]) : [schema['type'] as string | undefined];
  const type = types.find((t) => t !== 'null') ?? types[0];
  switch (type) {
    case 'object': {
      const properties = isSchema(schema['properties']) ? schema['properties'] : {};
      return Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, sampleFromJsonSchema(sub, text, rng, root, depth + 1)]));
    }
    case 'array':
      return [sampleFromJsonSchema(schema['items'], text, rng, root, depth + 1)];
    case 'string':
      return text;
    case 'integer':
      return rng.int(bound(schema['minimum'], 0), Math.max(bound(schema['minimum'], 0), bound(schema['maximum'], 9)));
    case 'number':
      return bound(schema['minimum'], 0);
    case 'boolean':
      return rng.chance(0.5);
    default:
      return null;
  }
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bound(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1e9 ? value : fallback;
}

/** Follow a local `#/…` pointer. */
function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return null;
  let node: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isSchema(node) ? node[key] : null;
  }
  return node;
}
