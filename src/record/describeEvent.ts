import type { RunEvent } from '../core/events.ts';

/** A string shortened to `max` characters, quoted, newlines shown as ⏎. */
export function excerpt(text: string, max = 60): string {
  const flat = text.replace(/\n/g, '⏎');
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max - 1)}…` : flat);
}

/**
 * One line per event, for divergence reports and listings.
 *
 * @example describeEvent(e) // '#57 t6 message assistant→user: "Solution: …"'
 */
export function describeEvent(e: RunEvent): string {
  return `#${e.seq} t${e.tick} ${e.type} ${detail(e)}`.trimEnd();
}

function detail(e: RunEvent): string {
  switch (e.type) {
    case 'run.start':
      return `${e.world} seed ${e.seed} run ${e.runId}`;
    case 'agent.spawn':
      return `${e.agent} (${e.role.name}, ${e.policy})`;
    case 'turn.start':
      return `${e.turn}: ${e.speakers.join(', ')}`;
    case 'agent.state':
      return `${e.agent} ${e.from}→${e.to} (${e.cause})`;
    case 'model.request':
      return `${e.agent} call ${e.call} (+${e.add.length} −${e.drop} entries, hash ${e.requestHash.slice(0, 12)}…)`;
    case 'model.response':
      return `${e.agent} call ${e.call} attempt ${e.attempt}: ${e.reply ? excerpt(e.reply.content) : `${e.error?.kind ?? 'error'}: ${excerpt(e.error?.message ?? '', 80)}`}`;
    case 'model.invalid_output':
      return `${e.agent} call ${e.call}: ${excerpt(e.reason)}`;
    case 'message':
      return `${e.from}${e.to ? `→${e.to}` : ''}: ${excerpt(e.content)}`;
    case 'action':
      return `${e.agent} ${JSON.stringify(e.action)}`;
    case 'action.result':
      return `${e.agent} ${e.ok ? 'ok' : 'failed'}${e.reason ? `: ${excerpt(e.reason)}` : ''}`;
    case 'env.update':
      return `progress ${e.progress} digest ${e.digest}`;
    case 'flag':
      return `${e.monitor} ${e.agent ?? '-'} ${e.severity} score ${e.score}`;
    case 'intervention':
      return `${e.mitigation} ${e.kind}${e.agent ? ` → ${e.agent}` : ''}: ${excerpt(e.content)}`;
    case 'truth':
      return `${e.agent} ${e.kind} call ${e.call}`;
    case 'run.end':
      return `${e.reason} after ${e.turns} turns: ${excerpt(e.detail)}`;
  }
}

/**
 * The fields where two events differ, one readable line each: the path, and
 * both values (long strings cut around the first differing character).
 *
 * @example diffEvents(recorded, regenerated) // ['content: "…the login form" → "…the search index"']
 */
export function diffEvents(a: unknown, b: unknown, max = 8): string[] {
  const left = new Map<string, unknown>();
  const right = new Map<string, unknown>();
  flatten(a, '', left);
  flatten(b, '', right);
  const out: string[] = [];
  const paths = [...new Set([...left.keys(), ...right.keys()])];
  let more = 0;
  for (const path of paths) {
    const x = left.get(path);
    const y = right.get(path);
    if (left.has(path) && right.has(path) && x === y) continue;
    if (out.length >= max) {
      more++;
      continue;
    }
    const name = path || '(value)';
    if (!left.has(path)) out.push(`${name}: (absent) → ${show(y)}`);
    else if (!right.has(path)) out.push(`${name}: ${show(x)} → (absent)`);
    else if (typeof x === 'string' && typeof y === 'string') out.push(`${name}: ${stringDiff(x, y)}`);
    else out.push(`${name}: ${show(x)} → ${show(y)}`);
  }
  if (more) out.push(`… and ${more} more field${more === 1 ? '' : 's'}`);
  return out;
}

function flatten(value: unknown, path: string, out: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, '[]');
    value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out.set(path, '{}');
    for (const [k, v] of entries) flatten(v, path ? `${path}.${k}` : k, out);
  } else {
    out.set(path, value);
  }
}

function show(v: unknown): string {
  return typeof v === 'string' ? excerpt(v, 70) : String(v);
}

/** Two strings around their first difference: `"…common⟨a-part⟩…" → "…common⟨b-part⟩…"`. */
export function stringDiff(a: string, b: string, context = 30, width = 50): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - context);
  const cut = (s: string) => {
    const part = s.slice(from, i + width).replace(/\n/g, '⏎');
    return JSON.stringify(`${from > 0 ? '…' : ''}${part}${i + width < s.length ? '…' : ''}`);
  };
  return `${cut(a)} → ${cut(b)} (first difference at character ${i})`;
}
