/**
 * Read-through cache keyed by text: the same context entries, boards and
 * templates recur call after call as windows slide. Bounded: a full table is
 * cleared, so memory stays flat however long a run is. Results depend only on
 * the key, so caching never changes a reply.
 */
export function memo<V>(table: Map<string, V>, key: string, make: () => V, limit = 8192): V {
  let v = table.get(key);
  if (v === undefined && !table.has(key)) {
    if (table.size >= limit) table.clear();
    v = make();
    table.set(key, v);
  }
  return v as V;
}
