import type { MessageView } from '../Conversation.ts';
import { stem } from './tokenize.ts';

/**
 * Words that fill a reply without adding anything: acknowledgements,
 * promises, pleasantries and talk about the work rather than the work.
 */
const FILLER = new Set(
  (
    'understood got noted sure okay alright right will do sounds good great perfect fine certainly absolutely ' +
    'acknowledged roger agree agreed makes sense problem course clear copy see ' +
    'going get start started starting begin work working look looking into shortly soon moment later bit back ' +
    'follow come handle take care shall plan intend prepare send share provide update keep posted ' +
    'thank thanks welcome glad happy help helping pleasure appreciate bye goodbye day wonderful nice ' +
    'task step part next request progress done ready asap right away list wait again luck exactly hoped just save time speed things'
  )
    .split(' ')
    .map(stem),
);

/** True for words that fill a reply without adding anything (stemmed form). */
export function isFiller(token: string): boolean {
  return FILLER.has(token);
}

/** Number of topic tokens in a message that are not filler: how much it actually says. */
export function substance(m: MessageView): number {
  let n = 0;
  for (const t of m.tokens) if (!FILLER.has(t)) n++;
  return n;
}
