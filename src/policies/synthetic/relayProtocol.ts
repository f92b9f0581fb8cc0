import { Memo } from './memo.ts';
import { decide } from './decide.ts';
import { clean, distinct, failed, labelOf, lastSpeaker, ownLast, type Draft, type Turn } from './protocol.ts';
import { terms, type ContextView, type PromptInfo } from './readContext.ts';
import { ACT_TEXTS, FLIP_LEADS, GENERIC_ACT, RELAY_FLAKES, WAITS } from './relayTemplates.ts';
import { answerTo, offTaskText, pickWords, PLEASANTRIES, say, type Slots } from './templates.ts';
import { bodyOf, upperFirst } from './words.ts';

/**
 * The relay world as the synthetic model plays it: read the latest board the
 * world posted, do its own act on the first job awaiting it (or wait), and end
 * with one `ACTION: <act>` line.
 */

export interface BoardJob {
  readonly id: string;
  readonly title: string;
  readonly awaiting: string;
}

const JOB = /(\S+) "([^"]*)" awaiting ([a-z]+)/g;
const boardMemo = new Memo<readonly BoardJob[]>(256);

/** The jobs of the latest `Board:` line in the context, in board order (empty when there is none). */
export function readBoard(view: ContextView): readonly BoardJob[] {
  for (let i = view.messages.length - 1; i > 0; i--) {
    if (view.kinds[i] !== 'world') continue;
    const content = view.messages[i]!.content;
    const at = content.lastIndexOf('Board:');
    if (at < 0) continue;
    // The same board note is read by every agent until the next action.
    return boardMemo.get(content, () => [...content.slice(at).matchAll(JOB)].map((m) => ({ id: m[1]!, title: m[2]!, awaiting: m[3]! })));
  }
  return [];
}

const withAction = (text: string, act: string): string => `${text}\nACTION: ${act}`;

function actText(turn: Turn, act: string, slots: Slots): string {
  return say(turn.rng, ACT_TEXTS[act] ?? GENERIC_ACT, { ...slots, act });
}

function slotsFor(turn: Turn, info: PromptInfo, own: string, job: BoardJob | null, board: readonly BoardJob[]): Slots {
  const [j1, j2] = pickWords(turn.rng, terms(job?.title ?? ''), 2, ['main', 'core']);
  const project = terms(info.title);
  const p1 = project.at(-1) ?? 'project';
  const waitingOn = board.find((j) => j.awaiting !== own);
  return {
    job: job?.id ?? waitingOn?.id ?? 'the next job',
    jobTitle: job?.title ?? waitingOn?.title ?? info.title,
    j1: j1!,
    j2: j2!,
    a: j1!,
    b: p1,
    p1,
    act: own,
    other: waitingOn?.awaiting ?? 'nothing',
    Role: upperFirst(info.parsed.roleName),
  };
}

/** A relay agent's reply. */
export function relayReply(turn: Turn, info: PromptInfo): Draft {
  const { view, rng } = turn;
  const own = info.parsed.acts[0] ?? 'work';
  const board = readBoard(view);
  const mine = board.find((j) => j.awaiting === own) ?? null;
  const previous = ownLast(view);
  const b = decide(turn.features, turn.hazards, turn.params, { flip: true, flake: mine !== null, loop: true, repeat: previous !== null, drift: true }, rng);
  const slots = b.kind === 'clean' ? {} : slotsFor(turn, info, own, mine, board);
  switch (b.kind) {
    case 'clean':
      return clean(
        distinct(view, () => {
          const s = slotsFor(turn, info, own, mine, board);
          return mine ? withAction(actText(turn, own, s), own) : withAction(say(rng, WAITS, s), 'wait');
        }),
      );
    case 'flip': {
      const acts = [...new Set(info.parsed.team.flatMap((t) => t.acts))].filter((a) => a !== own && a !== 'wait');
      const target = board.find((j) => j.awaiting !== own && acts.includes(j.awaiting)) ?? null;
      const act = target?.awaiting ?? (acts.length > 0 ? rng.pick(acts) : 'review');
      const text = rng.pick(FLIP_LEADS) + actText(turn, act, slotsFor(turn, info, own, target ?? board[0] ?? null, board));
      return failed(withAction(text, act), { kind: 'role-flip', detail: `${info.parsed.self} did ${act} work` });
    }
    case 'flake': {
      const text = say(rng, RELAY_FLAKES, slots);
      const detail = text === 'Noted the board.' ? 'acknowledgement only' : text.startsWith('Had a look') ? 'claimed work without the action' : 'promise without the action';
      return failed(withAction(text, 'wait'), { kind: 'flake', detail });
    }
    case 'loop': {
      const repeat = b.style === 'repeat' && previous !== null ? bodyOf(previous) : null;
      const text = repeat ?? say(rng, PLEASANTRIES[answerTo(b.answering, rng)], { ...slots, other: lastSpeaker(view) || 'team' });
      return failed(withAction(text, 'wait'), labelOf(repeat ? b : { ...b, style: 'pleasantry' }, '')!);
    }
    case 'drift': {
      const off = offTaskText(rng, b.topic, b.level, slots);
      const text = b.level === 1 && mine ? withAction(`${actText(turn, own, slots)} ${off}`, own) : withAction(off, 'wait');
      return failed(text, labelOf(b, lastSpeaker(view))!);
    }
  }
}
