/**
 * Rising-edge latch per key (an agent, or the whole conversation): a state
 * monitor flags when a condition starts, stays quiet while it persists —
 * except once every `refresh` observations of the persisting condition, so a
 * long failure stays visible — and re-arms after the condition has been off
 * for `rearm` consecutive observations.
 *
 * @example
 * const latch = new Latch(2, 4);
 * latch.observe('user', true);  // true: fire
 * latch.observe('user', true);  // false: still the same episode
 */
export class Latch {
  private readonly state = new Map<string, { on: boolean; off: number; since: number }>();
  constructor(
    private readonly rearm: number,
    private readonly refresh = Number.POSITIVE_INFINITY,
  ) {}

  /** End `key`'s episode now (another kind of failure interrupted it): the next occurrence fires. */
  reset(key: string): void {
    this.state.delete(key);
  }

  /** Record the condition for `key`; true when a flag should be raised now. */
  observe(key: string, condition: boolean): boolean {
    let s = this.state.get(key);
    if (!s) this.state.set(key, (s = { on: false, off: 0, since: 0 }));
    if (condition) {
      s.off = 0;
      if (s.on && ++s.since < this.refresh) return false;
      s.on = true;
      s.since = 0;
      return true;
    }
    if (s.on && ++s.off >= this.rearm) s.on = false;
    return false;
  }
}
