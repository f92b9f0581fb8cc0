/**
 * Read-through cache keyed by text: the same context entries, boards and
 * templates recur call after call as windows slide. Two generations: when the
 * young table fills it becomes the old one and the previous old one is
 * dropped, and a hit in the old table moves back to the young one. So the hot
 * set (the entries of the current windows) survives a rollover while memory
 * stays flat however long a run is — the live set matters, since V8 lets the
 * heap grow to a multiple of it. Results depend only on the key, so caching
 * never changes a reply.
 */
export class Memo<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly limit = 1024) {}

  get(key: string, make: () => V): V {
    let v = this.young.get(key);
    if (v !== undefined || this.young.has(key)) return v as V;
    v = this.old.has(key) ? (this.old.get(key) as V) : make();
    if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, v);
    return v;
  }
}
