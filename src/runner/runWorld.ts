import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createActor, type Actor } from 'xstate';
import { Bus } from '../bus/Bus.ts';
import { agentMachine, agentPrompt } from '../agent/agentMachine.ts';
import type { AgentEvent } from '../agent/agentMachine.ts';
import { canonicalOfImmutable, hashOf } from '../core/canonical.ts';
import type { RunConfig } from '../core/config.ts';
import type { ChatMessage } from '../core/chat.ts';
import type { EventInput, FailureKind, RunEvent } from '../core/events.ts';
import type { AgentSpec, PolicySpec } from '../core/specs.ts';
import { LogicalClock, yieldToEventLoop } from '../determinism/clock.ts';
import { RngStreams } from '../determinism/rng.ts';
import { isBuiltInMitigation } from '../mitigations/registry.ts';
import { loadMonitors } from '../monitors/registry.ts';
import { loadMitigationModules } from '../mitigations/mitigationModules.ts';
import { createPolicy, loadPolicyKinds } from '../policies/index.ts';
import { invalidOutputReason, type Policy, type PolicyContext, type PolicyOutcome } from '../policies/Policy.ts';
import { keepLiveRecording } from '../record/keepLiveRecording.ts';
import { RunLock } from '../record/RunLock.ts';
import { RunRecorder } from '../record/RunRecorder.ts';
import type { Parent, Seal } from '../record/runFile.ts';
import { resolveWorld, type ResolvedWorld } from '../world/resolveWorld.ts';
import { firstOf } from '../world/termination.ts';
import type { Termination, TerminationCondition, WorldMessage, WorldView } from '../world/types.ts';
import { checkedDigest, checkedNote, checkedOutcome, checkedProgress, checkedSpeakers, errorDetail } from '../world/WorldCodeError.ts';
import { defaultPlugins } from './defaultPlugins.ts';
import { runHeader } from './runHeader.ts';
import { resolveRunConfig, type RunRequest } from './resolveRunConfig.ts';
import { RequestEncoder } from './RequestEncoder.ts';
import type { ActGuard, Refusal, RunPlugin } from './RunPlugin.ts';

/** How often a guard may send an agent back to decide within one turn before its act is simply blocked. */
const MAX_REJECTIONS = 2;

export interface RunOptions {
  /** What to run; world defaults fill the rest. A complete `RunConfig` passes through unchanged. */
  readonly config: RunRequest;
  /** Directory for the run file, or null to record nothing. */
  readonly out?: string | null;
  /**
   * Hash and write the run file on the process's recorder thread (default),
   * or on this thread ('inline': for callers that already keep every core
   * busy, such as sweep workers).
   */
  readonly recorder?: 'thread' | 'inline';
  /** fsync the run file's folder with its header (default true); a sweep of synthetic runs passes false and syncs its folder once. */
  readonly syncFolder?: boolean;
  /**
   * A spent model-call budget leaves the run file unsealed, ending before the call the budget refused — resumable
   * with a new budget, its recorded replies kept — instead of ending the run with reason `budget` (a sweep's runs:
   * run again, the sweep finishes them). The result then has `unsealed` true.
   */
  readonly budgetLeavesUnsealed?: boolean;
  /** An already-resolved world (else `config.world` is resolved by id or path). */
  readonly world?: ResolvedWorld;
  /** Observe every event (e.g. to collect them in memory). */
  readonly onEvent?: (event: RunEvent) => void;
  /** Replace policy construction (replay serves recorded replies this way). */
  readonly policyFor?: (spec: PolicySpec, ctx: PolicyContext) => Policy;
  /** Plugins instead of the config's monitors and mitigations. */
  readonly plugins?: readonly RunPlugin[];
  /** Fork provenance, recorded in the header. */
  readonly parent?: Parent | null;
  /** The run-file format whose rules the run follows (default: the current one; re-running an older recording passes its version). */
  readonly format?: number;
  /** Fork and resume: RNG streams that may move to another seed after the fork point (default: the config's seed). */
  readonly streams?: RngStreams;
  /** Fork and resume: the turn and message caps in force, read at every check (default: the config's). */
  readonly limits?: () => { readonly maxTurns: number; readonly maxMessages: number | null };
}

export interface RunResult {
  readonly runId: string;
  readonly file: string | null;
  readonly world: string;
  readonly seed: number;
  readonly turns: number;
  readonly events: number;
  readonly termination: Termination;
  readonly finalHash: string | null;
  /** The run stopped at a call its budget refused and its file was left unsealed (see `budgetLeavesUnsealed`). */
  readonly unsealed?: boolean;
  readonly progress: number;
  /** Injected failures by kind (from `truth` events). */
  readonly truths: Record<FailureKind, number>;
  /** Flags by monitor: warnings and critical findings (what `eval` scores). */
  readonly flags: Record<string, number>;
  /** Info flags by monitor: notes (a stall, a message cap), not claims of failure. */
  readonly notes: Record<string, number>;
  /** Interventions by mitigation. */
  readonly interventions: Record<string, number>;
  readonly config: RunConfig;
}

/** Turns between the run loop's pauses for the event loop (a few milliseconds of synthetic turns). */
const YIELD_EVERY_TURNS = 16;

/** Run id: hash of the resolved config (and fork provenance), so equal configs are the same run. */
export function runIdOf(config: RunConfig, parent: Parent | null = null): string {
  return hashOf({ config, parent }).slice(0, 16);
}

/**
 * Run a world to its end. One logical thread: speakers decide on the same
 * observation, their policy calls may run concurrently, and results are
 * applied in the scheduler's order (agent-id order for simultaneous moves),
 * never in arrival order.
 *
 * @example
 * const result = await runWorld({ config: { world: 'camel-roleplay', seed: 7 }, out: 'runs' });
 * console.log(result.termination.reason, result.file);
 */
export async function runWorld(options: RunOptions): Promise<RunResult> {
  const resolved = options.world ?? (await resolveWorld(options.config.world));
  const world = resolved.world;
  const config = resolveRunConfig(options.config, world);
  await loadPolicyKinds(config.agents.map((a) => a.policy.kind));
  await loadMitigationModules(config.mitigations, isBuiltInMitigation);
  await loadMonitors(config.monitors.enabled);
  const params = world.params.parse(config.worldParams);
  const parent = options.parent ?? null;
  const runId = runIdOf(config, parent);
  const streams = options.streams ?? new RngStreams(config.seed);
  const limits = options.limits ?? (() => config);
  const clock = new LogicalClock();
  const bus = new Bus(clock);
  const file = options.out ? join(options.out, `${runId}.jsonl`) : null;
  // Plugins are built (and their configs validated) before the run file exists: a bad mitigation or monitor
  // setting is a UserError, never a header-only file.
  const plugins = options.plugins ?? defaultPlugins(config);
  // Policies too: a missing model or API key is the user's to fix, not a recorded `error` run.
  const makePolicy = options.policyFor ?? createPolicy;
  const policies = new Map<string, Policy>(
    config.agents.map((spec) => [spec.id, makePolicy(spec.policy, { agent: spec, seed: streams.seedOf(`agent:${spec.id}`) })]),
  );
  let recorder: RunRecorder | null = null;
  if (file) {
    let lock: RunLock | null = null;
    try {
      // Checked holding the lock: a writer that seals the file meanwhile cannot leave a recording this one truncates.
      lock = RunLock.acquire(file);
      keepLiveRecording(file, config);
      recorder = RunRecorder.create(file, runHeader(runId, config, resolved, parent, options.format), { thread: options.recorder !== 'inline', lock, syncFolder: options.syncFolder });
    } catch (error) {
      lock?.release();
      await closePolicies(policies);
      throw error;
    }
  }

  let eventCount = 0;
  const truths: Record<FailureKind, number> = { 'role-flip': 0, flake: 0, loop: 0, drift: 0 };
  const flags: Record<string, number> = {};
  const notes: Record<string, number> = {};
  const interventions: Record<string, number> = {};
  let stop: Termination | null = null;
  // An event the recorder could not write leaves a hole in the file: it is never sealed (see below).
  let unrecorded: { seq: number; error: unknown } | null = null;
  bus.subscribe((e) => {
    eventCount++;
    try {
      recorder?.append(e);
    } catch (error) {
      unrecorded ??= { seq: e.seq, error };
      throw error;
    }
    if (e.type === 'truth') truths[e.kind]++;
    else if (e.type === 'flag') {
      const tally = e.severity === 'info' ? notes : flags;
      tally[e.monitor] = (tally[e.monitor] ?? 0) + 1;
    }
    else if (e.type === 'intervention') {
      interventions[e.mitigation] = (interventions[e.mitigation] ?? 0) + 1;
      if (e.kind === 'note') deliver(e.agent, { role: 'system', name: e.mitigation, content: e.content });
      else if (e.kind === 'stop') stop ??= { reason: 'stopped-by-mitigation', detail: `${e.mitigation}: ${e.content}` };
    }
  });
  if (options.onEvent) bus.subscribe(options.onEvent);
  const guards: ActGuard[] = [];
  try {
    for (const plugin of plugins) plugin({ bus, config, streams, guard: (g) => guards.push(g) });
  } catch (error) {
    // A plugin that cannot set up (a mitigation module's create() threw) fails the run before it starts: the file,
    // which holds only its header, goes with it, and the recorder lets go of it and its lock.
    await recorder?.abandonAsync().catch(() => {});
    if (file) rmSync(file, { force: true });
    throw error;
  }

  const specs = new Map(config.agents.map((a) => [a.id, a]));
  const ids = config.agents.map((a) => a.id);
  const team = config.agents.map((a) => ({ id: a.id, role: a.role }));
  const actors = new Map<string, Actor<typeof agentMachine>>();
  const requests = new RequestEncoder(options.format);

  /** Send an event to an agent and publish its transition, if any. */
  function send(agent: string, event: AgentEvent): void {
    const actor = actors.get(agent)!;
    const from = actor.getSnapshot().value;
    actor.send(event);
    const snapshot = actor.getSnapshot();
    if (snapshot.status === 'error') throw snapshot.error;
    const to = snapshot.value;
    if (to !== from) bus.publish({ type: 'agent.state', agent, from, to, cause: event.type });
  }
  /**
   * Queue an entry for the working memory of `to` (null = everyone), skipping
   * `except`. Agents take in their inbox when their next turn starts (one
   * machine step instead of one per message).
   */
  const inbox = new Map<string, ChatMessage[]>(ids.map((id) => [id, []]));
  function deliver(to: string | null, entry: ChatMessage, except: string | null = null): void {
    for (const id of ids) if ((to === null || to === id) && id !== except) inbox.get(id)!.push(entry);
  }
  function takeInbox(agent: string): ChatMessage[] {
    const entries = inbox.get(agent)!;
    inbox.set(agent, []);
    return entries;
  }

  // Set inside the try below, so world code that throws still ends in a sealed `error` run.
  let state: unknown = null;
  let turn = 0;
  let messages = 0;
  let last: WorldMessage | null = null;
  let progress = 0;
  let worldTermination: TerminationCondition<unknown> | null = null;
  const view = (): WorldView<unknown> => ({ state, turn, messages, last, progress, agents: ids });
  let termination: Termination | null = null;
  /** Set when a spent budget stops the run and its file is to be left unsealed (`budgetLeavesUnsealed`). */
  let cutByBudget = false;

  try {
    // First, so a run whose world fails to set up still has a `run.start` before its `run.end`
    // (world setup cannot publish: it has no bus).
    bus.publish({ type: 'run.start', runId, world: world.id, seed: config.seed, agents: ids });
    worldTermination = firstOf(world.termination(params));
    const scheduler = world.scheduler(params);
    state = world.init(params, streams.stream('world'));
    checkedDigest(world.id, state);
    progress = checkedProgress(world.id, world.progress(state));
    for (const spec of config.agents) {
      const actor = createActor(agentMachine, {
        input: { id: spec.id, role: spec.role, goal: spec.goal, team, instructions: world.instructions(params, spec.id), window: config.context.window },
      });
      // Unobserved actor errors are rethrown out-of-band; observe them here and surface them in `send`.
      actor.subscribe({ error: () => {} });
      actor.start();
      actors.set(spec.id, actor);
      bus.publish({ type: 'agent.spawn', agent: spec.id, role: spec.role, goal: spec.goal, policy: spec.policy.kind });
    }
    const opening = checkedNote(world.id, 'opening(state)', world.opening?.(state) ?? null);
    if (opening !== null) publishWorldNote(opening);

    while (!termination) {
      // A run of synthetic agents never waits on anything outside this thread: without this pause now and then,
      // SIGINT or SIGTERM (and anything else queued) would be handled only once the run is over. The pause comes
      // at a fixed turn count and nothing else publishes on the bus, so it changes nothing in the run.
      if (turn > 0 && turn % YIELD_EVERY_TURNS === 0) await yieldToEventLoop();
      const { maxTurns } = limits();
      if (turn >= maxTurns) {
        termination = { reason: 'max-turns', detail: `${turn} turns (cap ${maxTurns})` };
        break;
      }
      turn++;
      clock.advanceTo(turn);
      const speakers = checkedSpeakers(world.id, scheduler.next(view(), streams.stream('scheduler')), ids);
      bus.publish({ type: 'turn.start', turn, speakers: [...speakers] });
      // Everyone who moves this turn decides on the same observation.
      const calls = speakers.map((agent) => {
        send(agent, { type: 'TURN', turn, observed: takeInbox(agent) });
        send(agent, { type: 'DECIDE' });
        return request(agent);
      });
      for (const call of calls) {
        termination = await settle(call);
        if (termination) break;
      }
    }
  } catch (error) {
    // A world module's own mistake says so; anything else is troupe's.
    termination = { reason: 'error', detail: errorDetail(error, world.id, resolved.file) };
  }

  let end: Termination = termination!;
  let seal: Seal | null = null;
  try {
    try {
      // (A run cut by its budget is not over: its agents are left as they are, as a killed run's.)
      if (!cutByBudget) for (const id of ids) if (actors.get(id)?.getSnapshot().status === 'active') send(id, end.reason === 'error' ? { type: 'FAIL', reason: end.detail } : { type: 'FINISH' });
    } catch (error) {
      // An agent that cannot finish makes the run end in error, recorded as such.
      if (end.reason !== 'error') end = { reason: 'error', detail: `internal error: ${(error as Error).message}` };
    }
    // A run cut by its budget ends at the last event before the refused call: no run.end, no seal (resumable).
    if (!cutByBudget) {
      bus.publish({ type: 'run.end', reason: end.reason, detail: end.detail, turns: turn, messages, progress });
      // A file missing an event must stay recognisably incomplete, not be sealed as if whole (it would not replay).
      if (unrecorded) throw new Error(`event #${unrecorded.seq} could not be recorded (${(unrecorded.error as Error).message}); ${file} is left unsealed`);
      seal = (await recorder?.sealAsync(end.reason)) ?? null;
    }
  } finally {
    // Whatever failed above (a plugin throwing on run.end, a failed seal), the file is closed unsealed, i.e.
    // recognisably incomplete, and its lock let go; the original error is the one that propagates.
    if (!seal) await recorder?.abandonAsync().catch(() => {});
    bus.complete();
    for (const actor of actors.values()) actor.stop();
    await closePolicies(policies);
  }
  return {
    runId,
    file,
    world: world.id,
    seed: config.seed,
    turns: turn,
    events: eventCount,
    termination: end,
    finalHash: seal?.finalHash ?? null,
    ...(cutByBudget ? { unsealed: true } : {}),
    progress,
    truths,
    flags,
    notes,
    interventions,
    config,
  };

  /** Publish the request and start the call; the result is awaited later, in order. */
  function request(agent: string): { agent: string; call: number; outcome: PolicyOutcome | Promise<PolicyOutcome> } {
    const context = actors.get(agent)!.getSnapshot().context;
    const messagesIn = agentPrompt(context);
    const call = context.calls - 1;
    const policy = policies.get(agent)!;
    const settings = policy.settings;
    // Settings are fixed per policy: registering them as immutable (the result is not needed here) lets the
    // recorder's canonicalJson of every model.request reuse their cached text instead of re-serialising them.
    canonicalOfImmutable(settings);
    bus.publish({ type: 'model.request', agent, call, ...requests.encode(agent, messagesIn), settings });
    const outcome = policy.decide({ agent, call, messages: messagesIn });
    // A run that ends mid-turn never awaits the calls after the one that ended it: keep their failures handled.
    if (outcome instanceof Promise) outcome.catch(() => {});
    return { agent, call, outcome };
  }

  /** Apply one call's result: record attempts, the message, its effects on the world; then check termination. */
  async function settle(
    pending: { agent: string; call: number; outcome: PolicyOutcome | Promise<PolicyOutcome> },
    rejections = 0,
  ): Promise<Termination | null> {
    const { agent, call } = pending;
    let outcome: PolicyOutcome;
    try {
      // A live call may take seconds: what the run recorded so far goes to disk before it waits.
      if (pending.outcome instanceof Promise) recorder?.writePending();
      outcome = await pending.outcome;
    } catch (error) {
      return { reason: 'error', detail: `${agent} call ${call}: policy failed: ${(error as Error).message}` };
    }
    const final = outcome.attempts.at(-1);
    if (options.budgetLeavesUnsealed && !final?.reply && final?.error?.kind === 'budget') {
      // Nothing of this call is recorded: a resume makes it afresh.
      cutByBudget = true;
      return { reason: 'budget', detail: `${agent} call ${call}: ${final.error.message}` };
    }
    outcome.attempts.forEach((a, attempt) => {
      bus.publish({ type: 'model.response', agent, call, attempt, reply: a.reply, error: a.error, backoffMs: a.backoffMs });
      const invalid = invalidOutputReason(a.error);
      if (invalid !== null) bus.publish({ type: 'model.invalid_output', agent, call, reason: invalid });
    });
    if (!final?.reply) {
      const error = final?.error;
      return { reason: error?.kind === 'budget' ? 'budget' : 'error', detail: `${agent} call ${call}: ${error?.message ?? 'no reply'}` };
    }
    for (const t of final.reply.truth) bus.publish({ type: 'truth', agent, kind: t.kind, call, detail: t.detail });
    const content = final.reply.content;
    send(agent, { type: 'DECIDED', content });
    const refusal = refuse(agent, content);
    if (refusal && rejections < MAX_REJECTIONS) {
      // The guard's reason enters the agent's context and it decides again, within the same turn.
      bus.publish({ type: 'intervention', mitigation: refusal.by, agent, kind: 'block', content: refusal.reason, trigger: `act:${refusal.act}` });
      send(agent, { type: 'REJECTED', reason: refusal.reason });
      return settle(request(agent), rejections + 1);
    }
    const to = world.addressee?.(params, agent) ?? null;
    const msg = bus.publish({ type: 'message', from: agent, to, content });
    // Moves of the same turn stay unseen until the next turn: simultaneous speakers decided on the same observation.
    messages++;
    last = { seq: msg.seq, turn, from: agent, to, content };
    deliver(null, { role: 'user', name: agent, content }, agent); // the speaker's own copy came with DECIDED
    applyEffects(agent, last, refusal);
    send(agent, { type: 'ACTED' });
    return stop ?? checkTermination();
  }

  /** The first guard that refuses the act of `content`, if any. */
  function refuse(agent: string, content: string): (Refusal & { act: string }) | null {
    if (guards.length === 0) return null;
    const act = actOf(content);
    if (act === null) return null;
    for (const guard of guards) {
      const refusal = guard(specs.get(agent)!, act);
      if (refusal) return { ...refusal, act };
    }
    return null;
  }

  /** The act a reply performs: the world's reading of it, else the type of its action. */
  function actOf(content: string): string | null {
    if (world.actOf) return world.actOf(content);
    const raw = world.parseAction?.(content) ?? null;
    const parsed = raw === null ? null : world.actionSchema?.safeParse(raw);
    const type = parsed?.success ? (parsed.data as { type?: unknown }).type : null;
    return typeof type === 'string' ? type : null;
  }

  function applyEffects(agent: string, message: WorldMessage, blocked: Refusal | null): void {
    const rng = streams.stream('world');
    if (world.onMessage) {
      const out = checkedOutcome(world.id, 'onMessage', world.onMessage(state, message, rng));
      if (out.changed) commit(out.state, out.note);
    }
    const raw = world.parseAction?.(message.content) ?? null;
    if (raw === null || !world.actionSchema || !world.apply) return;
    const parsed = world.actionSchema.safeParse(raw);
    if (!parsed.success) {
      bus.publish({ type: 'action.result', agent, ok: false, reason: `invalid action ${JSON.stringify(raw)}: ${parsed.error.issues[0]?.message ?? 'rejected'}` });
      return;
    }
    if (blocked) {
      bus.publish({ type: 'action.result', agent, ok: false, reason: `blocked by ${blocked.by}: ${blocked.reason}` });
      return;
    }
    bus.publish({ type: 'action', agent, action: parsed.data });
    const out = checkedOutcome(world.id, 'apply', world.apply(state, parsed.data, specs.get(agent) as AgentSpec, rng));
    bus.publish({ type: 'action.result', agent, ok: out.ok, reason: out.reason });
    commit(out.state, out.note);
  }

  function commit(next: unknown, note: string | null): void {
    state = next;
    progress = checkedProgress(world.id, world.progress(state));
    bus.publish({ type: 'env.update', digest: checkedDigest(world.id, state), progress, note: null });
    const text = checkedNote(world.id, 'an outcome', note ?? null);
    if (text !== null) publishWorldNote(text);
  }

  function publishWorldNote(content: string): void {
    bus.publish({ type: 'message', from: 'world', to: null, content } satisfies EventInput);
    deliver(null, { role: 'user', name: 'world', content });
  }

  function checkTermination(): Termination | null {
    const hit = worldTermination!(view());
    if (hit) return hit;
    const { maxMessages } = limits();
    if (maxMessages !== null && messages >= maxMessages) return { reason: 'max-messages', detail: `${messages} messages (cap ${maxMessages})` };
    return null;
  }
}

/** Close every policy (those holding connections let them go). */
async function closePolicies(policies: ReadonlyMap<string, Policy>): Promise<void> {
  await Promise.all([...policies.values()].map((p) => p.close?.()));
}
