/**
 * Surface cues of speech acts, read once per message and shared by all
 * monitors. Each cue is a cheap regular expression over the raw text; the
 * monitors weigh them against the role card and the conversation.
 */
export interface Cues {
  /** Nothing but whitespace. */
  readonly empty: boolean;
  /** A line opening with `Instruction:` (CAMEL's instructor format). */
  readonly instructionMarker: boolean;
  /** A line opening with `Solution:` (CAMEL's assistant format). */
  readonly solutionMarker: boolean;
  /** CAMEL's assistant sign-off `Next request.` */
  readonly nextRequest: boolean;
  /** Claims of having done the work oneself instead of asking for it ("I went ahead and…", "I did it myself"). */
  readonly selfSolved: number;
  /** The act named on an `ACTION: <act>` line, lower-cased, or null. */
  readonly declaredAct: string | null;
  /** CAMEL's `<CAMEL_TASK_DONE>` token. */
  readonly doneToken: boolean;
  /** A fenced code block or several indented code-like lines. */
  readonly code: boolean;
  /** Directive language aimed at another agent ("you should…", "please provide…", "your next step is…"). */
  readonly directive: number;
  /** Future-tense commitments ("I will…", "let me…", "I'll get back to you"). */
  readonly promise: number;
  /** Evidence of delivered work (past-tense results, "here is", "as follows", numbers, code). */
  readonly delivery: number;
  /** Acknowledgement phrases ("understood", "got it", "sure"). */
  readonly ack: number;
  /** Pleasantries ("thank you", "you're welcome", "goodbye"). */
  readonly pleasantry: number;
  /** Mentions of being a language model. */
  readonly languageModel: boolean;
  /** A stated reason for not acting ("nothing awaits", "holding", "standing by", "needs … first"). */
  readonly waitReason: boolean;
  /** Declines a request as outside the task ("that is outside our task", "off our task", "let us stay with …"). */
  readonly decline: boolean;
}

const INSTRUCTION_LINE = /(?:^|\n)[ \t>*_#-]*instruction\s*[:：]/i;
const SOLUTION_LINE = /(?:^|\n)[ \t>*_#-]*solution\s*[:：]/i;
const ACTION_LINE = /(?:^|\n)[ \t*_]*action\s*:\s*\**\s*([a-z][a-z-]*)/i;
const DONE = /<camel_task_done>/i;
const CODE = /```|(?:^|\n)(?: {4}|\t)\S.*\n(?: {4}|\t)\S/;

const NEXT_REQUEST = /next request\.?/i;
/**
 * Counted phrase cues in one regular expression, one capture group per cue
 * (self-solved, directive, promise, delivery, acknowledgement, pleasantry):
 * one pass over the text instead of six.
 */
const PHRASES =
  /\b(?:((?:did|do|solved|built|wrote|computed|finished) (?:it|this|that|the \w+) myself|myself[:,]|i went ahead|my own (?:answer|solution|version)|no need to wait)|(you (?:should|need to|must|have to|will need to|can now|ought to)|send me|tell me|(?:it is|it's|now) your turn|yourself|i (?:need|want) you to|(?:please|kindly) (?:provide|write|implement|create|give|send|explain|tell|list|share|prepare|draft|describe|compute|build|design|check|make|add|run|do|complete|start|proceed|continue|go ahead)|your (?:next )?(?:task|step|job|assignment) is|(?:now|next|first|then),? (?:you|go ahead|proceed)|go ahead and|make sure (?:you|to)|don't forget to)|(i will|i'll|i am going to|i'm going to|i shall|let me|i plan to|i intend to|i'm about to|i am about to|(?:starting|about) to|i'm starting|i am starting|(?:results?|answer|details) (?:are|is) coming|will (?:get back|follow up|come back|send it|share it|have it)|(?:shortly|in a moment|soon|later today|in a bit)\b)|(here is|here's|here are|as follows|below is|i (?:have )?(?:implemented|wrote|written|built|created|computed|calculated|prepared|drafted|designed|set up|completed|finished|added|fixed|defined|tested|verified|listed|found|made|chose|used|checked)|the (?:result|results|output|answer|code|plan|design|list|draft) (?:is|are|shows?)|returns?)|(understood|got it|noted|acknowledged|sure|okay|ok|alright|all right|will do|sounds good|roger|i see|of course|certainly|no problem|absolutely|great|perfect|makes sense|i agree|agreed)|(thank(?:s| you)|you(?:'re| are) (?:very )?welcome|welcome|good ?bye|bye|take care(?! of)|have a (?:great|nice|good|wonderful) (?:day|one|evening)|my pleasure|glad (?:i could|to) help|pleasure (?:working|to work|talking)|appreciate (?:it|your|that)))\b/gi;
const LANGUAGE_MODEL = /language model/i;
const WAIT_REASON =
  /\b(?:nothing (?:awaits|to do|is waiting|for me)|no (?:job|task|work|\w+ work) (?:is )?(?:waiting|awaits|yet|for)|hold(?:ing)?\b|standing by|stand by|waiting (?:for|on)|awaiting|needs? \w+ first|blocked|not my (?:turn|stage))/i;

const DECLINE =
  /\b(?:(?:outside|beyond|off|not part of|not within) (?:of )?(?:our|the|this) (?:task|scope|brief|assignment)|out of scope|(?:let us|let's|i would rather|i'd rather|we should) (?:stay|keep|stick) (?:with|to|on)|(?:stay|keep) (?:focused )?on (?:our|the) task)\b/i;

/** Counts per capture group of PHRASES: [self-solved, directive, promise, delivery, ack, pleasantry]. */
function countPhrases(text: string): number[] {
  const n = [0, 0, 0, 0, 0, 0];
  PHRASES.lastIndex = 0;
  for (let m = PHRASES.exec(text); m; m = PHRASES.exec(text)) {
    for (let g = 1; g <= 6; g++) {
      if (m[g] !== undefined) {
        n[g - 1]!++;
        break;
      }
    }
  }
  return n;
}

/** Read the cues of one message. */
export function readCues(content: string): Cues {
  const empty = content.trim().length === 0;
  if (empty) {
    return {
      empty,
      instructionMarker: false,
      solutionMarker: false,
      nextRequest: false,
      selfSolved: 0,
      declaredAct: null,
      doneToken: false,
      code: false,
      directive: 0,
      promise: 0,
      delivery: 0,
      ack: 0,
      pleasantry: 0,
      languageModel: false,
      waitReason: false,
      decline: false,
    };
  }
  const code = CODE.test(content);
  const [selfSolved, directive, promise, delivery, ack, pleasantry] = countPhrases(content) as [number, number, number, number, number, number];
  return {
    empty,
    instructionMarker: INSTRUCTION_LINE.test(content),
    solutionMarker: SOLUTION_LINE.test(content),
    nextRequest: NEXT_REQUEST.test(content),
    selfSolved,
    declaredAct: ACTION_LINE.exec(content)?.[1]?.toLowerCase() ?? null,
    doneToken: DONE.test(content),
    code,
    directive,
    promise,
    delivery: delivery + (code ? 3 : 0),
    ack,
    pleasantry,
    languageModel: LANGUAGE_MODEL.test(content),
    waitReason: WAIT_REASON.test(content),
    decline: DECLINE.test(content),
  };
}
