import { describe, expect, it } from 'vitest';
import { camelTasks } from '../../agents/camelTasks.ts';
import { relayRoles } from '../../agents/relayAgents.ts';
import { readSpeechAct } from '../../src/policies/synthetic/speechActs.ts';
import { readTopic } from '../../src/policies/synthetic/topics.ts';
import { jaccard, wordSet } from '../../src/policies/synthetic/words.ts';
import { simulateCamel, simulateRelay, type SimMessage } from './simulate.ts';

const camelRuns = Array.from({ length: 120 }, (_, s) => simulateCamel(camelTasks[s % camelTasks.length]!, { seed: 500 + s }));
const relayRuns = Array.from({ length: 40 }, (_, s) => simulateRelay(3 + (s % 3), 4, { seed: 700 + s }));
const camelMessages = camelRuns.flatMap((r) => r.messages);
const labelled = (kind: string, from: readonly SimMessage[] = camelMessages) => from.filter((m) => m.truth[0]?.kind === kind);

describe('every injected failure is listed in the reply truth', () => {
  it('labels a failed reply once and a clean reply not at all', () => {
    expect(camelMessages.every((m) => m.truth.length <= 1)).toBe(true);
    for (const kind of ['role-flip', 'flake', 'loop', 'drift']) expect(labelled(kind).length).toBeGreaterThan(0);
  });

  it('labels as role flips only out-of-role speech', () => {
    for (const m of labelled('role-flip')) {
      const act = readSpeechAct(m.content);
      if (m.from === 'assistant') expect(act.instruction || act.directive).toBe(true);
      else expect(act.solution || act.selfSolved).toBe(true);
    }
    for (const m of labelled('role-flip', relayRuns.flatMap((r) => r.messages))) {
      const own = relayRoles.find((r) => r.id === m.from)!.act;
      expect(readSpeechAct(m.content).declaredAct).not.toBe(own);
    }
  });

  it('never credits a step to a flake, a drift or a role flip', () => {
    for (const run of camelRuns) {
      run.messages.forEach((m, i) => {
        if (i > 0 && ['flake', 'drift', 'role-flip'].includes(m.truth[0]?.kind ?? '')) expect(m.progress).toBe(run.messages[i - 1]!.progress);
      });
    }
  });

  it('labels as loops pleasantries and near-verbatim repeats', () => {
    for (const run of camelRuns) {
      run.messages.forEach((m, i) => {
        if (m.truth[0]?.kind !== 'loop') return;
        const earlier = run.messages.slice(0, i).filter((p) => p.from === m.from).slice(-12);
        const repeat = earlier.some((p) => jaccard(wordSet(p.content), wordSet(m.content)) >= 0.85);
        expect(repeat || readSpeechAct(m.content).pleasantry !== null).toBe(true);
      });
    }
  });

  it('labels as drift only text that reads off-task', () => {
    for (const m of labelled('drift')) expect(readTopic(wordSet(m.content), new Set()).level).toBeGreaterThan(0);
  });
});
