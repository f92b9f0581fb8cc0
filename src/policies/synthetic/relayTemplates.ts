/**
 * Text of the relay world, per act. Slots: `{job}` (job-2), `{jobTitle}`
 * (search index), `{j1}`/`{j2}` words of the job title, `{p1}` a project
 * word, `{act}` the agent's own act, `{other}` the act a job awaits,
 * `{Role}` the agent's role name. The `ACTION:` line is added by the protocol.
 */

export const ACT_TEXTS: Readonly<Record<string, readonly string[]>> = {
  plan: [
    'Plan for {job} ("{jobTitle}"): 1) define the {j1} inputs and outputs, 2) split the work into small {j2} tasks, 3) agree on what done means for the {p1}.',
    'Planned {job} "{jobTitle}": scope the {j1} part first, then the {j2} details; risks noted for the {p1} project.',
    'Here is the plan for {job}: break "{jobTitle}" into a {j1} step and a {j2} step, with a check after each.',
    'Plan ready for {job} ("{jobTitle}"): acceptance criteria written, {j1} interface sketched, {j2} edge cases listed.',
  ],
  build: [
    'Built {job} ("{jobTitle}") following the plan: implemented the {j1} part and wired it into the {p1} code.',
    'Implementation of {job} is in: the {j1} and {j2} pieces of "{jobTitle}" are done and compile cleanly.',
    'I wrote the code for {job} "{jobTitle}": {j1} logic first, then the {j2} handling, all behind one small interface.',
    'Finished building {job} ("{jobTitle}"); the {j1} module is in place and the {p1} build passes.',
  ],
  test: [
    'Tested {job} ("{jobTitle}"): ran the {j1} cases and the {j2} edge cases; results recorded.',
    'Test run for {job}: checked "{jobTitle}" end to end, including the {j1} path and an empty {j2}.',
    'I tested {job} "{jobTitle}" against its plan: 12 cases, the {j1} ones included.',
    'Testing of {job} ("{jobTitle}") done: unit tests for the {j1} part and one integration test with the {p1}.',
  ],
  review: [
    'Reviewed {job} ("{jobTitle}"): the {j1} code is readable and the tests cover the {j2} path.',
    'Review of {job} done: "{jobTitle}" matches its plan; two small naming fixes in the {j1} part.',
    'I reviewed the {j1} and {j2} changes of {job} "{jobTitle}"; nothing blocks a release.',
  ],
  release: [
    'Released {job} ("{jobTitle}"); the {j1} change is live for the {p1}.',
    'Shipped {job} "{jobTitle}" with release notes on the {j1} part.',
    'Release of {job} ("{jobTitle}") done; monitoring the {j1} behaviour after deploy.',
  ],
};

/** Texts for an act no card in the team knows (e.g. a custom world): generic work. */
export const GENERIC_ACT = ['Did the {act} work on {job} ("{jobTitle}"), covering the {j1} part.', 'Completed {act} for {job}: "{jobTitle}" handled, {j1} included.'];

export const WAITS = [
  'Nothing awaits {act} right now; {job} is awaiting {other}.',
  'No job is waiting for {act} at the moment, so I hold.',
  'Holding: the board shows no {act} work yet.',
  '{Role} standing by: {job} ("{jobTitle}") still needs {other} first.',
];

/** Promise or claim without the action (MAST's reasoning–action mismatch). */
export const RELAY_FLAKES = [
  'I will {act} {job} ("{jobTitle}") next.',
  'Looking at {job} now; the {act} results are coming shortly.',
  'Noted the board.',
  'Sure, {job} is on my list for {act}.',
  'Starting to {act} {job} "{jobTitle}" now.',
  'Had a look at {job} ("{jobTitle}"); the {j1} part seems fine from here.',
];

/** Lead-ins of an out-of-role act (empty ones make the flip hard to spot by wording). */
export const FLIP_LEADS = ['', '', 'I will just do this myself to save time. ', 'To speed things up: '];
