import type { MitigationSpec } from '../core/config.ts';
import { UserError } from '../core/errors.ts';
import { checkMitigations } from './loadMitigations.ts';
import type { ParamValue } from './types.ts';

/**
 * The text syntax of mitigation arms, for `--mitigation` and `--arms`:
 *
 * ```
 * arm        = "none" | mitigation *( "+" mitigation )
 * mitigation = kind [ ":" param *( ( "," | "+" ) param ) ]      ; kind: a built-in kind, or a module path (./shout.ts)
 * param      = key "=" value        ; value: a number, true, false, or text
 * ```
 *
 * A `key=value` token always continues the mitigation before it, so commas
 * may separate parameters even inside a comma-separated list of arms:
 * `none,goal-reinject:k=4,onFlag=true,placebo` is three arms.
 */

/** An arm: a name and the mitigations every run of the arm gets. */
export interface Arm {
  readonly name: string;
  readonly mitigations: MitigationSpec[];
}

const PARAM = /^([A-Za-z][\w-]*)=(.*)$/s;
// A built-in kind, or the path of a mitigation module (a .ts/.js/.mts/.mjs file; no ':' in it, since ':' starts the
// parameters — nor ',' or '+', which separate mitigations and arms).
const KIND = /^([a-z][a-z0-9-]*|[^:]+\.m?[jt]s)(?::(.*))?$/s;
const PATH_RULES =
  'A mitigation module path in an arm ends in .ts, .js, .mts or .mjs and holds no ",", "+" or ":" (they separate mitigations and parameters); an experiment file\'s arm object ({ "name": …, "mitigations": [{ "kind": "<path>", "params": {…} }] }) takes any path.';

/**
 * Parse one arm (one `--mitigation` value, or one arm of `--arms`), validating
 * kinds and parameters. `none` is no mitigation.
 *
 * @example parseArm('goal-reinject:k=4') // [{ kind: 'goal-reinject', params: { k: 4 } }]
 * @example parseArm('role-reminder:every=3+onFlag=true') // [{ kind: 'role-reminder', params: { every: 3, onFlag: true } }]
 * @example parseArm('goal-reinject:k=4+role-guard') // two mitigations
 */
export function parseArm(text: string): MitigationSpec[] {
  const arms = parseArmList(text, false);
  return arms[0]?.mitigations ?? [];
}

/**
 * Parse a comma-separated list of arms (`--arms`); each arm is named by its text.
 *
 * @example parseArms('none,goal-reinject:k=4,placebo').map((a) => a.name) // ['none', 'goal-reinject:k=4', 'placebo']
 */
export function parseArms(text: string): Arm[] {
  const arms = parseArmList(text, true);
  const seen = new Set<string>();
  for (const arm of arms) {
    if (seen.has(arm.name)) throw new UserError(`--arms: arm "${arm.name}" is listed twice.`);
    seen.add(arm.name);
  }
  return arms;
}

function parseArmList(text: string, commasSplitArms: boolean): Arm[] {
  const where = commasSplitArms ? '--arms' : 'mitigation';
  const parts = text.split(/([,+])/);
  const arms: { text: string; mitigations: MitigationSpec[]; none: boolean }[] = [];
  let current: MitigationSpec | null = null;
  for (let i = 0; i < parts.length; i += 2) {
    const token = parts[i]!.trim();
    const sep = i === 0 ? null : parts[i - 1]!;
    if (token === '') throw new UserError(`${where} "${text}": empty entry${sep ? ` after "${sep}"` : ''}. ${SYNTAX}`);
    const param = PARAM.exec(token);
    if (param) {
      if (!current) throw new UserError(`${where} "${text}": parameter "${token}" comes before any mitigation. ${SYNTAX}`);
      setParam(current, param, where, text);
      arms.at(-1)!.text += `${sep}${token}`;
      continue;
    }
    const startsArm = sep === null || (sep === ',' && commasSplitArms);
    if (!startsArm && arms.at(-1)?.none) throw new UserError(`${where} "${text}": "none" cannot be combined with mitigations.`);
    if (token === 'none') {
      if (!startsArm) throw new UserError(`${where} "${text}": "none" cannot be combined with mitigations.`);
      arms.push({ text: token, mitigations: [], none: true });
      current = null;
      continue;
    }
    const kind = KIND.exec(token);
    if (!kind) throw new UserError(`${where} "${text}": "${token}" is not a mitigation. ${/[\\/.]/.test(token) ? PATH_RULES : SYNTAX}`);
    current = { kind: kind[1]!, params: {} };
    if (kind[2] !== undefined) {
      const first = PARAM.exec(kind[2]);
      if (!first) throw new UserError(`${where} "${text}": expected key=value after "${kind[1]}:", got "${kind[2]}". ${SYNTAX}`);
      setParam(current, first, where, text);
    }
    if (startsArm) arms.push({ text: token, mitigations: [current], none: false });
    else {
      arms.at(-1)!.mitigations.push(current);
      arms.at(-1)!.text += `${sep}${token}`;
    }
  }
  if (!commasSplitArms && arms.length > 1) throw new UserError(`mitigation "${text}": one arm expected. ${SYNTAX}`);
  // Validate kinds and parameters now, so a typo fails before any run starts.
  for (const arm of arms) checkMitigations(arm.mitigations);
  return arms.map((a) => ({ name: a.text, mitigations: a.mitigations }));
}

/** Set one `key=value` on `mitigation`; a key given twice is refused (which of the two was meant?) rather than the last one silently winning. */
function setParam(mitigation: MitigationSpec, [, key, value]: RegExpExecArray, where: string, text: string): void {
  if (Object.hasOwn(mitigation.params, key!)) throw new UserError(`${where} "${text}": parameter "${key}" of "${mitigation.kind}" is given twice; give each parameter once.`);
  mitigation.params[key!] = valueOf(value!);
}

function valueOf(text: string): ParamValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return Number(text);
  return text;
}

const SYNTAX =
  'Syntax: none | kind[:key=value[,key=value…]][+kind…], e.g. goal-reinject:k=4, role-reminder:every=3+onFlag=true, placebo:like=goal-reinject,k=4, ./myMitigation.ts:k=2.';
