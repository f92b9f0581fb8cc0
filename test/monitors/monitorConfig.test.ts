import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { createMonitorSet, MONITOR_DEFAULTS, MONITOR_NAMES, MONITOR_PARAM_DOCS, MONITORS, monitorEvents, monitorOperator } from '../../src/monitors/index.ts';
import { camel, conversation, exchange } from './conversation.ts';

describe('monitor configuration', () => {
  it('runs every built-in monitor by default, in a fixed order', () => {
    expect(MONITOR_NAMES).toEqual(['role-flip', 'flake-reply', 'infinite-loop', 'drift', 'camel-rules']);
    expect(createMonitorSet({ enabled: null, params: {} }).names).toEqual(MONITOR_NAMES);
    expect(createMonitorSet().names).toEqual(MONITOR_NAMES);
  });

  it('documents a default for every threshold', () => {
    for (const name of MONITOR_NAMES) {
      expect(Object.keys(MONITOR_DEFAULTS[name]!).sort()).toEqual(Object.keys(MONITOR_PARAM_DOCS[name]!).sort());
      for (const doc of Object.values(MONITOR_PARAM_DOCS[name]!)) expect(doc.length).toBeGreaterThan(10);
    }
    expect(MONITOR_DEFAULTS['drift']!['threshold']).toBe(0.2);
  });

  it('names an unknown monitor and lists the known ones', () => {
    expect(() => createMonitorSet({ enabled: ['role-flop'] })).toThrow(UserError);
    expect(() => createMonitorSet({ enabled: ['role-flop'] })).toThrow(/unknown monitor 'role-flop'; known monitors: role-flip, flake-reply/);
    expect(() => monitorOperator({ enabled: ['nope'] })).toThrow(/unknown monitor 'nope'/);
  });

  it('names an unknown parameter and lists the monitor’s parameters', () => {
    expect(() => createMonitorSet({ params: { drift: { treshold: 0.1 } } })).toThrow(/unknown parameter 'treshold' for monitor 'drift'; its parameters: threshold/);
    expect(() => createMonitorSet({ params: { nope: { x: 1 } } })).toThrow(/unknown monitor 'nope'/);
  });

  it('gives every threshold a range that holds its default', () => {
    for (const m of MONITORS) {
      for (const [name, p] of Object.entries(m.params)) {
        expect({ param: `${m.name}.${name}`, ok: createMonitorSet({ params: { [m.name]: { [name]: p.value } } }).names.length > 0 }).toEqual({ param: `${m.name}.${name}`, ok: true });
      }
    }
  });

  it('refuses a threshold outside its range, naming the range, the meaning and the default', () => {
    expect(() => createMonitorSet({ params: { drift: { threshold: -5 } } })).toThrow(UserError);
    expect(() => createMonitorSet({ params: { drift: { threshold: 1e9 } } })).toThrow(
      /parameter 'threshold' of monitor 'drift' must be a number in \[0, 1\], got 1000000000 \(threshold: relevance .*; default 0\.2\)/,
    );
    expect(() => createMonitorSet({ params: { 'infinite-loop': { refresh: 0 } } })).toThrow(/must be a whole number ≥ 1, got 0/);
    // Also for a monitor that is not enabled: the value would otherwise be dropped without a word.
    expect(() => createMonitorSet({ enabled: ['role-flip'], params: { drift: { rearm: 1.5 } } })).toThrow(/'rearm' of monitor 'drift' must be a whole number ≥ 1/);
  });

  it('applies threshold overrides', () => {
    const events = conversation(
      camel(),
      exchange(
        'Instruction: Compute short and long moving averages of the closing price.\nInput: None',
        'Solution: Did you catch the football last night? The striker missed an open net in the last minute.\nNext request.',
      ),
    );
    expect(monitorEvents(events, { enabled: ['drift'] })).toHaveLength(1);
    // A threshold of 0 makes no clause off-task: the override reaches the monitor.
    expect(monitorEvents(events, { enabled: ['drift'], params: { drift: { threshold: 0 } } })).toEqual([]);
  });
});
