/**
 * The anchor's message provider syntax (airlock-mbanq-standards §1.8):
 *   ${name}                  the value in full, never shortened
 *   ${name,left,n}           keeps at least the first n characters, may cut on the right: `123..`
 *   ${name,right,n}          keeps at least the last n characters, may cut on the left:  `..890`
 *   ${name,mid,a,b}          keeps at least a characters in front and b at the end:     `CH1..678 9`
 *   ${TOKEN}                 the code (never shortened)
 * Shortening happens only when the text would exceed the channel's length limit, and only as far
 * as needed, variable by variable from the first; a cut value shows `..` where characters went.
 */

export const TOKEN_VARIABLE = 'TOKEN';
const ELLIPSIS = '..';
const VARIABLE = /\$\{([^}]*)\}/g;
const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

export type Shortening =
  | { mode: 'full' }
  | { mode: 'left'; keep: number }
  | { mode: 'right'; keep: number }
  | { mode: 'mid'; keepLeft: number; keepRight: number };

export type TemplatePart = { literal: string } | { variable: string; shortening: Shortening };

/** A template that does not follow the syntax; `detail` says where. */
export class TemplateSyntaxError extends Error {}

/** The template's parts, or TemplateSyntaxError (used when an admin saves a flow). */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(VARIABLE)) {
    if (match.index > last) parts.push({ literal: template.slice(last, match.index) });
    parts.push(parseVariable(match[1]));
    last = match.index + match[0].length;
  }
  const rest = template.slice(last);
  if (rest.includes('${')) throw new TemplateSyntaxError('a "${" is not closed by "}"');
  if (rest) parts.push({ literal: rest });
  return parts;
}

function parseVariable(body: string): TemplatePart {
  const [name, mode, ...args] = body.split(',').map((s) => s.trim());
  if (!NAME.test(name)) throw new TemplateSyntaxError(`"\${${body}}" has no valid variable name`);
  const counts = args.map((a) => (/^\d{1,3}$/.test(a) ? Number(a) : NaN));
  const wrong = () => new TemplateSyntaxError(`"\${${body}}": expected ${name},left|right,n or ${name},mid,a,b`);
  if (counts.some(Number.isNaN)) throw wrong();
  if (mode === undefined) return { variable: name, shortening: { mode: 'full' } };
  if (name === TOKEN_VARIABLE) throw new TemplateSyntaxError('${TOKEN} is never shortened');
  if ((mode === 'left' || mode === 'right') && counts.length === 1) {
    return { variable: name, shortening: { mode, keep: counts[0] } };
  }
  if (mode === 'mid' && counts.length === 2) {
    return { variable: name, shortening: { mode, keepLeft: counts[0], keepRight: counts[1] } };
  }
  throw wrong();
}

/** Names of the variables a template uses, in order of appearance (TOKEN included). */
export function templateVariables(parts: TemplatePart[]): Array<{ name: string; shortened: boolean }> {
  return parts.flatMap((p) => ('variable' in p ? [{ name: p.variable, shortened: p.shortening.mode !== 'full' }] : []));
}

/** The shortest a value can be shown with this shortening (the ellipsis included). */
function shortestLength(value: string, s: Shortening): number {
  const keep = s.mode === 'full' ? value.length : s.mode === 'mid' ? s.keepLeft + s.keepRight : s.keep;
  return keep + ELLIPSIS.length < value.length ? keep + ELLIPSIS.length : value.length;
}

/** The value cut to `length` characters (ellipsis included), as its shortening allows. */
function cut(value: string, s: Shortening, length: number): string {
  if (length >= value.length || s.mode === 'full') return value;
  const kept = length - ELLIPSIS.length;
  if (s.mode === 'left') return value.slice(0, kept) + ELLIPSIS;
  if (s.mode === 'right') return ELLIPSIS + value.slice(value.length - kept);
  // mid: the minimum at both ends, what else may stay is shared, the front first.
  const spare = kept - s.keepLeft - s.keepRight;
  const front = s.keepLeft + Math.ceil(spare / 2);
  const back = kept - front;
  return value.slice(0, front) + ELLIPSIS + value.slice(value.length - back);
}

export interface RenderResult {
  text: string;
  /** The text still exceeds maxLength after every allowed shortening. */
  tooLong: boolean;
}

/**
 * Renders parsed parts with `values` (a missing optional value renders empty). With `maxLength`
 * the shortenable variables are cut, first one first, until the text fits or none can give more.
 */
export function renderTemplate(
  parts: TemplatePart[],
  values: Readonly<Record<string, string | undefined>>,
  maxLength?: number,
): RenderResult {
  const shown = parts.map((p) => ('literal' in p ? p.literal : (values[p.variable] ?? '')));
  let length = shown.reduce((n, s) => n + s.length, 0);
  if (maxLength !== undefined) {
    parts.forEach((part, i) => {
      if (length <= maxLength || 'literal' in part || part.shortening.mode === 'full') return;
      const full = shown[i];
      const target = Math.max(shortestLength(full, part.shortening), full.length - (length - maxLength));
      if (target >= full.length) return;
      shown[i] = cut(full, part.shortening, target);
      length -= full.length - shown[i].length;
    });
  }
  return { text: shown.join(''), tooLong: maxLength !== undefined && length > maxLength };
}
