import { hashOf } from '../core/canonical.ts';
import type { ChatMessage } from '../core/chat.ts';
import type { RunConfig } from '../core/config.ts';
import type { EventOf, RunEvent } from '../core/events.ts';
import { DEFAULT_MONITORS } from '../monitors/registry.ts';
import { loadedMitigation } from '../mitigations/mitigationModules.ts';
import { loadedMonitor } from '../monitors/monitorModules.ts';
import { runHeader } from '../runner/runHeader.ts';
import type { ResolvedWorld } from '../world/resolveWorld.ts';
import { chainHash } from './chain.ts';
import { describeEvent, diffEvents, stringDiff } from './describeEvent.ts';
import { LineReader } from './LineReader.ts';
import type { Mismatch } from './reenact.ts';
import { applyDelta } from './requestMessages.ts';
import { canonicalOfLine, hashOfLine, typeOfLine, type RunHeader } from './runFile.ts';
import { verifyRun } from './verifyRun.ts';

/** The first divergent event of a re-run, explained for a person. */
export interface Divergence {
  readonly seq: number;
  /** 1-based line of the run file. */
  readonly line: number;
  readonly recorded: RunEvent | null;
  readonly regenerated: RunEvent | null;
  /** The recorded line's text when it is not a JSON event. */
  readonly recordedText: string | null;
  /** The recorded events just before it (they matched). */
  readonly before: readonly RunEvent[];
  /** Field by field: recorded → regenerated. */
  readonly diff: readonly string[];
  /** Likely causes, most specific first. */
  readonly causes: readonly string[];
}

export interface ExplainInput {
  readonly mismatch: Mismatch;
  readonly path: string;
  readonly header: RunHeader;
  readonly world: ResolvedWorld;
  /** The config the re-run started with. */
  readonly config: RunConfig;
  /** The full messages of an agent's latest regenerated request. */
  readonly regeneratedMessages: (agent: string) => readonly ChatMessage[] | undefined;
}

/**
 * Turn a mismatch into a report: both events, a field diff, the events
 * before, and the likely causes — an edited file, changed world code, a
 * changed agent spec or parameters, a changed request (which message, where),
 * the component that produced the event, a different code version.
 */
export function explainDivergence(input: ExplainInput): Divergence {
  const { mismatch } = input;
  const recorded = mismatch.recordedLine === null ? null : parseEvent(mismatch.recordedLine);
  const regenerated = mismatch.regenerated;
  const before = mismatch.before.map(parseEvent).filter((e): e is RunEvent => e !== null);
  const diff = recorded && regenerated ? diffEvents(recorded, regenerated) : [];
  return {
    seq: mismatch.seq,
    line: mismatch.seq + 2,
    recorded,
    regenerated,
    recordedText: mismatch.recordedLine !== null && recorded === null ? mismatch.recordedLine : null,
    before,
    diff,
    causes: likelyCauses(input, recorded, regenerated),
  };
}

/** The report as text: what diverged, the events before, the diff and the likely causes. */
export function formatDivergence(d: Divergence): string {
  const out = [`First divergent event: seq ${d.seq} (line ${d.line} of the run file).`];
  if (d.before.length) {
    out.push('  Events before it (identical):');
    for (const e of d.before) out.push(`      ${describeEvent(e)}`);
  }
  out.push(`  - recorded:    ${d.recorded ? describeEvent(d.recorded) : d.recordedText !== null ? `(not an event) ${d.recordedText.slice(0, 100)}` : '(none: the recording ends before it)'}`);
  out.push(`  + regenerated: ${d.regenerated ? describeEvent(d.regenerated) : '(none: the re-run ended before it)'}`);
  if (d.diff.length) {
    out.push('  Differences (recorded → regenerated):');
    for (const line of d.diff) out.push(`      ${line}`);
  }
  out.push('  Likely cause:');
  for (const cause of d.causes) out.push(`    • ${cause}`);
  return out.join('\n');
}

function likelyCauses(input: ExplainInput, recorded: RunEvent | null, regenerated: RunEvent | null): string[] {
  const { mismatch, header, world, config } = input;
  const causes: string[] = [];
  const line = mismatch.seq + 2;

  const damaged = mismatch.recordedLine !== null && chainHash(mismatch.prevHash, canonicalOfLine(mismatch.recordedLine)) !== hashOfLine(mismatch.recordedLine);
  if (damaged) causes.push(fileDamage(input.path, line));
  if (header.specHashes.worldSource !== world.sourceHash) {
    causes.push(`the world's code changed since the recording: ${world.file} (source hash ${short(header.specHashes.worldSource)} recorded, ${short(world.sourceHash)} now).`);
  }
  for (const [file, recordedHash] of Object.entries(header.specHashes.mitigationSources ?? {})) {
    const now = loadedMitigation(file)?.sourceHash;
    if (now !== undefined && now !== recordedHash) causes.push(`a mitigation module's code changed since the recording: ${file} (source hash ${short(recordedHash)} recorded, ${short(now)} now).`);
  }
  for (const [file, recordedHash] of Object.entries(header.specHashes.monitorSources ?? {})) {
    const now = loadedMonitor(file)?.sourceHash;
    if (now !== undefined && now !== recordedHash) causes.push(`a monitor module's code changed since the recording: ${file} (source hash ${short(recordedHash)} recorded, ${short(now)} now).`);
  }
  const recordedAgents = new Map(header.config.agents.map((a) => [a.id, a]));
  for (const agent of config.agents) {
    const recordedHash = header.specHashes.agents[agent.id];
    if (recordedHash === undefined) causes.push(`agent "${agent.id}" is not in the recording.`);
    else if (recordedHash !== hashOf(agent)) {
      const was = recordedAgents.get(agent.id);
      const fields = was ? diffEvents(was, agent, 4).map((d) => d.split(':')[0]) : [];
      causes.push(`the spec of agent "${agent.id}" changed since the recording${fields.length ? ` (${fields.join(', ')})` : ''}.`);
    }
  }
  for (const id of recordedAgents.keys()) if (!config.agents.some((a) => a.id === id)) causes.push(`agent "${id}" of the recording is gone.`);
  if (header.specHashes.worldParams !== hashOf(config.worldParams)) causes.push('the world parameters differ from the recorded ones.');

  // A damaged file explains the divergence: reading the diff as a change of code or prompt would mislead.
  if (damaged) return causes;
  const unconfigured = unconfiguredPlugin(recorded, config);
  if (unconfigured) causes.push(unconfigured);
  const unsteady = unsteadyModule(header, recorded, regenerated);
  if (unsteady) causes.push(unsteady);
  const request = requestCause(input, recorded, regenerated);
  if (request) causes.push(request);
  const component = componentOf(recorded, regenerated);
  if (component) causes.push(component);

  const now = runHeader('', config, world, null).meta;
  if (header.meta.git && now.git && header.meta.git !== now.git) causes.push(`recorded at commit ${header.meta.git.slice(0, 10)}, this checkout is at ${now.git.slice(0, 10)}: engine code may have changed in between.`);
  if (header.meta.lockfileHash && now.lockfileHash && header.meta.lockfileHash !== now.lockfileHash) causes.push('the dependencies changed since the recording (package-lock.json differs).');
  if (causes.length === 0) causes.push('code outside the world module changed (engine, agent machine, monitors or mitigations): world source, specs and recorded replies are unchanged.');
  return causes;
}

/**
 * The file is damaged at `line` (its hash chain breaks there): say how, as
 * `troupe verify` does — a deleted line reads as "1 line missing", not as an
 * edit of the line that moved up into its place.
 */
function fileDamage(path: string, line: number): string {
  const chain = new Set(['edited', 'missing', 'reordered', 'malformed']);
  const problems = verifyRun(path).problems.filter((p) => chain.has(p.kind) && p.line <= line);
  const problem = problems.at(-1);
  const verify = `see \`troupe verify ${path}\``;
  if (!problem || (problem.kind === 'edited' && problem.line === line)) return `the run file itself was edited at line ${line}: its content does not match its hash (${verify}).`;
  return `the run file itself is damaged at line ${problem.line}: ${problem.message.replace(/\.$/, '')} (${verify}).`;
}

/** For a divergent model request: which message of the prompt changed. */
function requestCause(input: ExplainInput, recorded: RunEvent | null, regenerated: RunEvent | null): string | null {
  const req = (e: RunEvent | null) => (e?.type === 'model.request' ? e : null);
  const a = req(recorded);
  const b = req(regenerated);
  if (!a && !b) return null;
  const agent = (b ?? a)!.agent;
  const call = (b ?? a)!.call;
  if (a && b && (a.agent !== b.agent || a.call !== b.call)) return `the run asks ${b.agent} (call ${b.call}) where the recording asked ${a.agent} (call ${a.call}): the order of turns changed.`;
  if (a && b && a.requestHash === b.requestHash) return `the request of ${agent}'s call ${call} is the same, but its recorded settings differ (the policy's settings changed).`;
  const now = b ? input.regeneratedMessages(agent) : undefined;
  const then = a ? recordedMessages(input.path, a) : null;
  const head = `the request of ${agent}'s call ${call} changed${a && b ? ` (hash ${short(a.requestHash)} recorded, ${short(b.requestHash)} now)` : ''}`;
  if (!now || !then) return `${head}: the context shown to the model differs.`;
  const where = messagesDiff(then, now);
  return `${head}: ${where ?? 'the context shown to the model differs'}.`;
}

function messagesDiff(a: readonly ChatMessage[], b: readonly ChatMessage[]): string | null {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    const who = (m: ChatMessage) => `${m.role}${m.name ? ` from ${m.name}` : ''}`;
    if (!x) return `message ${i} (${who(y!)}) is new`;
    if (!y) return `message ${i} (${who(x)}) is gone`;
    if (x.role !== y.role || x.name !== y.name) return `message ${i} was ${who(x)}, is now ${who(y)}`;
    if (x.content !== y.content) return `message ${i} (${who(x)}) differs: ${stringDiff(x.content, y.content)}`;
  }
  return null;
}

/** Rebuild the full messages of a recorded request from the delta-encoded requests before it. */
function recordedMessages(path: string, target: EventOf<'model.request'>): readonly ChatMessage[] | null {
  const reader = new LineReader(path);
  let previous: ChatMessage[] | null = null;
  try {
    reader.next();
    while (reader.next()) {
      const text = reader.text();
      if (typeOfLine(text) !== 'model.request') continue;
      const e = parseEvent(text);
      if (e?.type !== 'model.request' || e.agent !== target.agent) continue;
      previous = applyDelta(previous, e);
      if (e.call === target.call) return previous;
    }
  } catch {
    return null;
  } finally {
    reader.close();
  }
  return null;
}

/**
 * A recorded flag or intervention from a monitor or mitigation the config does not name: the run was made by a
 * script with plugins of its own, which troupe's commands cannot know.
 */
function unconfiguredPlugin(recorded: RunEvent | null, config: RunConfig): string | null {
  const how = 'replay it from that script, with its plugins (replayRun(file, { plugins: (config) => [...] }); fork and resume take them too)';
  const monitors = (config.monitors.enabled ?? DEFAULT_MONITORS).map((name) => loadedMonitor(name)?.spec.name ?? name);
  if (recorded?.type === 'flag' && !monitors.includes(recorded.monitor)) {
    return `the recording has a flag from monitor "${recorded.monitor}", which the run's config does not run: a monitor of the script that made the run? troupe's commands know the built-in monitors only: ${how}.`;
  }
  const kinds = config.mitigations.map((m) => loadedMitigation(m.kind)?.def.kind ?? m.kind);
  if (recorded?.type === 'intervention' && recorded.mitigation !== 'placebo' && !kinds.includes(recorded.mitigation)) {
    return `the recording has an intervention of mitigation "${recorded.mitigation}", which the run's config does not name: a plugin of the script that made the run? A mitigation module named in the config (by path) replays from the command line; otherwise ${how}.`;
  }
  return null;
}

/**
 * The divergent event is (or replaces) an intervention of a mitigation module whose code is the recorded code: it
 * decided differently on the same events, so it draws on something else — randomness, the clock, state kept in
 * the module from an earlier run.
 */
function unsteadyModule(header: RunHeader, recorded: RunEvent | null, regenerated: RunEvent | null): string | null {
  const kinds = new Set([recorded, regenerated].flatMap((e) => (e?.type === 'intervention' ? [e.mitigation] : [])));
  for (const [file, hash] of Object.entries(header.specHashes.mitigationSources ?? {})) {
    const module = loadedMitigation(file);
    if (module && module.sourceHash === hash && kinds.has(module.def.kind)) {
      return `mitigation "${module.def.kind}" decided differently with its code unchanged (${file}): does it use Math.random, Date.now or state kept from an earlier run? A mitigation must decide from the events it sees (and api.config) alone.`;
    }
  }
  return null;
}

/** Which part of the system made the divergent event. */
function componentOf(recorded: RunEvent | null, regenerated: RunEvent | null): string | null {
  const e = regenerated ?? recorded;
  if (!e) return null;
  if (recorded && regenerated && recorded.type !== regenerated.type) {
    return `the run took another path: ${article(regenerated.type)} ${regenerated.type} event where the recording has ${article(recorded.type)} ${recorded.type}.`;
  }
  switch (e.type) {
    case 'env.update':
    case 'action':
    case 'action.result':
      return "the world's environment logic (actions, effects or progress) behaves differently.";
    case 'message':
      return e.from === 'world' ? "the world's feedback notes changed." : null;
    case 'turn.start':
      return "the world's scheduler picks different speakers.";
    case 'agent.state':
      return 'the agent state machine (src/agent) behaves differently.';
    case 'agent.spawn':
      return "the agents' role cards or goals differ.";
    case 'flag':
      return `monitor "${e.monitor}" behaves differently (its code or settings changed).`;
    case 'intervention':
      return `mitigation "${e.mitigation}" behaves differently (its code or settings changed).`;
    case 'run.end':
      return 'termination conditions behave differently.';
    case 'model.response':
      return e.error?.kind === 'miss' ? `the re-run asked for a reply the recording does not have: ${e.error.message}.` : null;
    default:
      return null;
  }
}

function parseEvent(line: string): RunEvent | null {
  try {
    const value = JSON.parse(line) as Record<string, unknown>;
    delete value.h;
    return value as RunEvent;
  } catch {
    return null;
  }
}

function short(hash: string): string {
  return `${hash.slice(0, 12)}…`;
}

/** "a" or "an" before an event type (an action, an intervention, a flag). */
function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
