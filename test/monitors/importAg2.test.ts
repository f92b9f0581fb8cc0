import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { evalLabelled } from '../../src/monitors/eval/evalLabelled.ts';
import { importAg2, mastLabels, type Labels, type Transcript } from '../../src/transcript/index.ts';

const dir = join(import.meta.dirname, '..', 'fixtures', 'mast-lint-dogfood');
const json = (name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const batches = ['', '_batch2', '_batch3', '_batch4', '_batch5'];

describe('the AG2 importer', () => {
  it('turns each AG2 GroupChat record into a transcript with its agents and messages', () => {
    const transcripts = importAg2(json('raw_ag2_records.json'));
    expect(transcripts).toHaveLength(8);
    const first = transcripts[0]!;
    expect(first).toMatchObject({ format: 'troupe.transcript/1', id: 'linked-list-merge' });
    expect(first.task).toContain('merge_sorted(a, b)');
    expect(first.agents.map((a) => a.id)).toEqual(['Planner', 'Coder', 'Tester']);
    expect(first.messages.map((m) => m.from)).toEqual(['Planner', 'Planner', 'Coder', 'Tester']);
  });

  it('maps MAST codes to monitor labels, keeping clean traces as negatives', () => {
    const labels = mastLabels(json('gold_labels.json'));
    expect(labels['rate-limiter']).toEqual(['role-flip']);
    expect(labels['linked-list-merge']).toEqual([]);
    expect(mastLabels({ labels: { t: { present: ['FM-1.3', 'FM-1.5', 'FM-2.3', 'FM-2.6', 'FM-3.2'] } } })).toEqual({ t: ['drift', 'flake-reply', 'infinite-loop'] });
  });

  it('reports a malformed record by its number and field', () => {
    expect(() => importAg2([{ trace_id: 'x', trace: '{"trajectory": [{"content": "hi"}]}' }], 'AG2 file f.json')).toThrow(UserError);
    expect(() => importAg2([{ trace_id: 'x', trace: '{"trajectory": [{"content": "hi"}]}' }], 'AG2 file f.json')).toThrow(/record #1 \(x\)[\s\S]*trajectory\[0\]\.name/);
    expect(() => importAg2([{ trace_id: 'x', trace: '{oops' }])).toThrow(/record #1 \(x\): "trace" is not valid JSON/);
  });

  it('role-flip reaches F1 ≥ 0.8 against FM-1.2 on the 40 human-labelled mast-lint traces', () => {
    const transcripts: Transcript[] = [];
    const labels: Labels = {};
    for (const b of batches) {
      transcripts.push(...importAg2(json(`raw_ag2_records${b}.json`)));
      Object.assign(labels, mastLabels(json(`gold_labels${b}.json`)));
    }
    expect(transcripts).toHaveLength(40);
    const report = evalLabelled(transcripts, labels, { enabled: ['role-flip'] });
    expect(report.traces.scored).toBe(40);
    expect(report.monitors['role-flip']!.f1).toBeGreaterThanOrEqual(0.8);
    expect(report.monitors['role-flip']!.precision).toBeGreaterThanOrEqual(0.8);
  });
});
