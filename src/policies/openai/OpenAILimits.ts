/** Process-wide caps on live model traffic. `null` means unlimited. */
export interface OpenAILimitsConfig {
  /** Requests in flight at once, across every agent and world of the process. */
  readonly concurrency: number | null;
  /** HTTP requests (every attempt counts) the process may send in total. */
  readonly maxRequests: number | null;
  /** Prompt + completion tokens (as reported by the server) the process may spend in total. */
  readonly maxTokens: number | null;
}

/** Counters of an `OpenAILimits`, for progress output and tests. */
export interface OpenAILimitsUsage {
  readonly requests: number;
  readonly tokens: number;
  readonly inFlight: number;
  readonly waiting: number;
}

/** Why a request may not be sent; the policy turns it into a `budget` error. */
export type BudgetRefusal = { readonly exhausted: 'requests' | 'tokens' | 'halted'; readonly message: string };

export const DEFAULT_OPENAI_LIMITS: OpenAILimitsConfig = { concurrency: 32, maxRequests: null, maxTokens: null };

/**
 * A counting semaphore plus request and token budgets, shared by every OpenAI
 * policy of the process (see `sharedOpenAILimits`). Waiters are served FIFO;
 * nothing here uses timers, so the limiter adds no latency of its own.
 *
 * @example
 * const limits = new OpenAILimits({ concurrency: 2, maxRequests: 100, maxTokens: null });
 * const slot = await limits.acquire();
 * if ('exhausted' in slot) return slot.message;
 * try { … } finally { slot.release(); }
 */
export class OpenAILimits {
  private config: OpenAILimitsConfig;
  private requests = 0;
  private tokens = 0;
  /** Why no request may be sent at all for now (a sweep that failed stops its live runs this way), or null. */
  private halted: string | null = null;
  private inFlight = 0;
  private readonly queue: (() => void)[] = [];

  constructor(config: Partial<OpenAILimitsConfig> = {}) {
    this.config = { ...DEFAULT_OPENAI_LIMITS, ...config };
  }

  /** Change the caps; in-flight requests are not interrupted, waiters are admitted if room opened. */
  configure(config: Partial<OpenAILimitsConfig>): void {
    this.config = { ...this.config, ...config };
    this.admit();
  }

  get limits(): OpenAILimitsConfig {
    return this.config;
  }

  get usage(): OpenAILimitsUsage {
    return { requests: this.requests, tokens: this.tokens, inFlight: this.inFlight, waiting: this.queue.length };
  }

  /**
   * Wait for a concurrency slot, then charge one request to the budget. The
   * budget is checked after the wait, so requests queued behind a full limiter
   * cannot overshoot it.
   */
  async acquire(): Promise<{ release: () => void } | BudgetRefusal> {
    const refused = this.spent();
    if (refused) return refused;
    if (this.config.concurrency !== null && this.inFlight >= this.config.concurrency) {
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.inFlight++;
    }
    const late = this.spent();
    if (late) {
      this.releaseSlot();
      return late;
    }
    this.requests++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.releaseSlot();
      },
    };
  }

  /** Charge the tokens a reply reported. */
  spendTokens(count: number): void {
    this.tokens += count;
  }

  /** Forget all counters (tests and benches start from zero). */
  reset(): void {
    this.requests = 0;
    this.tokens = 0;
  }

  /** Refuse every request from now on, as a spent budget does, until `unhalt`: `reason` says why. */
  halt(reason: string): void {
    this.halted = reason;
  }

  unhalt(): void {
    this.halted = null;
  }

  /** Whether a budget is spent: the refusal the next request would get (a sweep starts no more runs then). */
  spent(): BudgetRefusal | null {
    if (this.halted !== null) return { exhausted: 'halted', message: this.halted };
    const { maxRequests, maxTokens } = this.config;
    if (maxRequests !== null && this.requests >= maxRequests) {
      return { exhausted: 'requests', message: `request budget exhausted: ${this.requests} of ${maxRequests} requests used` };
    }
    if (maxTokens !== null && this.tokens >= maxTokens) {
      return { exhausted: 'tokens', message: `token budget exhausted: ${this.tokens} of ${maxTokens} tokens used` };
    }
    return null;
  }

  private releaseSlot(): void {
    // Hand the slot straight to the next waiter, so `inFlight` never dips and lets a newcomer jump the queue.
    const next = this.queue.shift();
    if (next) next();
    else this.inFlight--;
    this.admit();
  }

  private admit(): void {
    while (this.queue.length > 0 && (this.config.concurrency === null || this.inFlight < this.config.concurrency)) {
      this.inFlight++;
      this.queue.shift()!();
    }
  }
}

const shared = new OpenAILimits();

/**
 * The limiter every OpenAI policy uses unless given its own: one per process,
 * across all agents and worlds. `troupe run --concurrency C` configures it.
 */
export function sharedOpenAILimits(): OpenAILimits {
  return shared;
}
