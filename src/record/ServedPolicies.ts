import { hashOf } from '../core/canonical.ts';
import type { ChatMessage } from '../core/chat.ts';
import type { EventOf } from '../core/events.ts';
import type { PolicySpec } from '../core/specs.ts';
import { deriveSeed } from '../determinism/rng.ts';
import { createPolicy } from '../policies/index.ts';
import type { Policy, PolicyAttempt, PolicyContext, PolicyOutcome, PolicyRequest, PolicySettings } from '../policies/Policy.ts';
import type { Phases } from './phases.ts';
import type { RecordedRun } from './RecordedRun.ts';

/** How far past a request its responses may lie (plugin events can sit in between). */
const LOOKAHEAD = 10_000;

export interface ServeOptions {
  readonly recording: RecordedRun;
  readonly phases: Phases;
  /** Requests with a seq below this are answered from the recording when it has their reply. */
  readonly recordedBelow: number;
  /** May calls the recording does not answer go to a live policy (fork, resume)? Replay: never. */
  readonly live: boolean;
  /** True once the re-run diverged: every later call is refused, so the run ends at once. */
  readonly stopped: () => boolean;
}

/**
 * The policies of a re-run. A call whose request the recording holds is
 * answered with the recorded attempts, keyed by (agent, per-agent call index)
 * and checked against the recorded request hash; any other call goes to the
 * live policy of the phase in force (fork, resume), or — in a replay — fails
 * with a `miss` error. A miss never reaches a live model.
 */
export class ServedPolicies {
  /** Regenerated `model.request` events not yet answered, by `agent:call`. */
  private readonly pending = new Map<string, EventOf<'model.request'>>();
  private readonly liveByKey = new Map<string, Policy>();
  private readonly livePerPhase = new Map<string, Policy | null>();
  private readonly livePerAgent = new Map<string, Set<Policy>>();
  private readonly lastSettings = new Map<string, PolicySettings>();
  /** The full messages of each agent's latest request (for divergence reports). */
  readonly lastMessages = new Map<string, readonly ChatMessage[]>();
  readonly misses: string[] = [];

  constructor(private readonly o: ServeOptions) {}

  /** Build the live policies of every phase from `phase` on now, so a bad spec fails before the run starts. */
  prepareLive(fromPhase: number): void {
    if (!this.o.live) return;
    for (let phase = fromPhase; phase < this.o.phases.configs.length; phase++) {
      for (const agent of this.o.phases.configs[phase]!.agents) this.liveFor(agent.id, phase);
    }
  }

  /** Feed every regenerated event (the re-run's subscriber calls this). */
  observe(event: EventOf<'model.request'>): void {
    this.pending.set(`${event.agent}:${event.call}`, event);
  }

  /** The runner's `policyFor`. */
  readonly policyFor = (_spec: PolicySpec, ctx: PolicyContext): Policy => {
    const agent = ctx.agent.id;
    const self = this;
    return {
      kind: 'served',
      get settings(): PolicySettings {
        return self.settingsFor(agent);
      },
      decide: (request) => this.decide(request),
      close: async () => {
        await Promise.all([...(this.livePerAgent.get(agent) ?? [])].map((p) => p.close?.()));
      },
    };
  };

  private decide(request: PolicyRequest): PolicyOutcome | Promise<PolicyOutcome> {
    const { agent, call } = request;
    const key = `${agent}:${call}`;
    const regenerated = this.pending.get(key) ?? null;
    this.pending.delete(key);
    this.lastMessages.set(agent, request.messages);
    if (this.o.stopped()) return miss(`${agent} call ${call}: the re-run stopped at its first divergence`);
    const seq = regenerated?.seq ?? this.o.phases.last;
    if (seq < this.o.recordedBelow) {
      const served = this.served(seq, agent, call, regenerated);
      if (served) return served;
    }
    const live = this.liveFor(agent, this.o.phases.ofRequest(seq));
    if (live) return live.decide(request);
    this.misses.push(`${agent} call ${call}`);
    return miss(`no recorded reply for ${agent} call ${call} (request seq ${seq}); a replay never calls a live model`);
  }

  /** The recorded attempts of the call whose request is line `seq`, or null when the recording does not answer it. */
  private served(seq: number, agent: string, call: number, regenerated: EventOf<'model.request'> | null): PolicyOutcome | null {
    const { recording } = this.o;
    const request = recording.event(seq);
    if (request?.type !== 'model.request' || request.agent !== agent || request.call !== call) return null;
    if (regenerated && regenerated.requestHash !== request.requestHash) {
      return miss(`${agent} call ${call}: the request differs from the recorded one (hash ${request.requestHash.slice(0, 12)}… recorded, ${regenerated.requestHash.slice(0, 12)}… now)`);
    }
    const attempts: PolicyAttempt[] = [];
    for (let s = seq + 1; s - seq <= LOOKAHEAD; s++) {
      const type = recording.typeAt(s);
      if (type === null || type === 'turn.start' || type === 'run.end') break;
      if (type === 'model.request') {
        const next = recording.event(s);
        if (next?.type === 'model.request' && next.agent === agent) break;
        continue;
      }
      if (type !== 'model.response') continue;
      const response = recording.event(s);
      if (response?.type !== 'model.response' || response.agent !== agent || response.call !== call) continue;
      attempts.push({ reply: response.reply, error: response.error, backoffMs: response.backoffMs });
      if (response.reply) break;
    }
    return attempts.length ? { attempts } : null;
  }

  /** The settings for the request about to be published: the recorded ones inside the recorded part, else the live policy's. */
  private settingsFor(agent: string): PolicySettings {
    const next = this.o.phases.last + 1;
    if (next < this.o.recordedBelow && !this.o.stopped()) {
      const recorded = this.o.recording.typeAt(next) === 'model.request' ? this.o.recording.event(next) : null;
      if (recorded?.type === 'model.request' && recorded.agent === agent) {
        this.lastSettings.set(agent, recorded.settings);
        return recorded.settings;
      }
    }
    const live = this.liveFor(agent, this.o.phases.now);
    return live?.settings ?? this.lastSettings.get(agent) ?? {};
  }

  /** The live policy of `agent` in `phase`, shared across phases that leave its spec and seed unchanged. */
  private liveFor(agent: string, phase: number): Policy | null {
    if (!this.o.live) return null;
    const cacheKey = `${phase}:${agent}`;
    const cached = this.livePerPhase.get(cacheKey);
    if (cached !== undefined) return cached;
    const policy = this.makeLive(agent, phase);
    this.livePerPhase.set(cacheKey, policy);
    return policy;
  }

  private makeLive(agent: string, phase: number): Policy | null {
    const config = this.o.phases.configs[phase]!;
    const spec = config.agents.find((a) => a.id === agent);
    if (!spec) return null;
    const seed = deriveSeed(config.seed, `agent:${agent}`);
    const key = hashOf({ spec, seed });
    let policy = this.liveByKey.get(key);
    if (!policy) {
      policy = createPolicy(spec.policy, { agent: spec, seed });
      this.liveByKey.set(key, policy);
      const set = this.livePerAgent.get(agent) ?? new Set();
      set.add(policy);
      this.livePerAgent.set(agent, set);
    }
    return policy;
  }
}

function miss(message: string): PolicyOutcome {
  return { attempts: [{ reply: null, error: { kind: 'miss', status: null, message, retryAfterMs: null }, backoffMs: null }] };
}
