// The syntax regex-lite accepts (the engine compiles merchant patterns with
// it), checked without compiling: the first error in a left-to-right pass,
// as a code whose English text (locales: `problem.regex.<code>`) is
// regex-lite's own wording (what `checkout-guard lint` shows after "pattern
// does not compile: "). Unicode classes, look-around,
// backreferences, nested classes and class set operations are regex-lite's
// own refusals; counted repetitions, inline flags, named groups, POSIX
// classes and the special word boundaries are accepted as it accepts them.

const NEST_LIMIT = 25;
const FLAGS = 'imsUuxR';
const POSIX = ['alnum', 'alpha', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'word', 'xdigit'];
const HEX = /^[0-9a-fA-F]$/;

class Fail extends Error {}

/** The first syntax error's code (`problem.regex.<code>`), or null. */
export function regexLiteError(pattern: string): string | null {
  const chars = [...pattern];
  let i = 0;
  const names = new Set<string>();
  const fail = (m: string): never => {
    throw new Fail(m);
  };
  const peek = (k = 0) => chars[i + k];

  const skipVerbose = (x: boolean) => {
    if (!x) return;
    for (;;) {
      const c = peek();
      if (c !== undefined && /\s/.test(c)) i++;
      else if (c === '#') {
        while (peek() !== undefined && peek() !== '\n') i++;
      } else return;
    }
  };

  const hexDigits = (n: number) => {
    let v = '';
    for (let k = 0; k < n; k++) {
      const c = peek();
      if (c === undefined) fail('hex_fixed_end');
      if (!HEX.test(c!)) fail('hex_fixed_digit');
      v += c;
      i++;
    }
    return parseInt(v, 16);
  };

  /** After a backslash: an escape; returns whether it is one character (usable in a class range). */
  const escape = (inClass: boolean): 'char' | 'class' | 'assertion' => {
    const c = peek();
    if (c === undefined) return fail('escape_unfinished');
    i++;
    if (/[0-9]/.test(c)) fail('backreference');
    if (c === 'p' || c === 'P') fail('unicode_class');
    if ('dDsSwW'.includes(c)) return 'class';
    if ('nrtfva'.includes(c)) return 'char';
    if ('xuU'.includes(c)) {
      if (peek() === '{') {
        i++;
        let v = '';
        while (peek() !== undefined && peek() !== '}') v += chars[i++];
        if (peek() !== '}') fail('hex_braces_unclosed');
        i++;
        const n = /^[0-9a-fA-F]{1,8}$/.test(v) ? parseInt(v, 16) : -1;
        if (n < 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) fail('hex_braces_invalid');
        return 'char';
      }
      const n = hexDigits(c === 'x' ? 2 : c === 'u' ? 4 : 8);
      if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) fail('hex_invalid');
      return 'char';
    }
    if ('bBAz<>'.includes(c)) {
      if (inClass) fail('class_escape_invalid');
      if (c === 'b' && peek() === '{') {
        let name = '';
        let k = i + 1;
        while (chars[k] !== undefined && chars[k] !== '}') name += chars[k++];
        if (['start', 'end', 'start-half', 'end-half'].includes(name) && chars[k] === '}') {
          i = k + 1;
          return 'assertion';
        }
        if (/^[A-Za-z-]+$/.test(name)) fail('word_boundary_unknown');
      }
      return 'assertion';
    }
    const code = c.codePointAt(0)!;
    if (code < 0x80 && !/[0-9A-Za-z<>]/.test(c)) return 'char';
    return fail('escape_unknown');
  };

  const charClass = () => {
    // after '['
    if (peek() === '^') i++;
    let startsWithBracket = false;
    if (peek() === ']') {
      i++;
      startsWithBracket = true;
    }
    const firstItem = i;
    for (;;) {
      const c = peek();
      if (c === undefined) return fail(startsWithBracket && i === firstItem ? 'class_bracket_unclosed' : 'class_unclosed');
      if (c === ']') {
        i++;
        return;
      }
      if (c === '[') {
        if (peek(1) === ':') {
          let k = i + 2;
          let name = '';
          while (chars[k] !== undefined && /[a-z^]/.test(chars[k]!)) name += chars[k++];
          if (chars[k] === ':' && chars[k + 1] === ']' && POSIX.includes(name.replace(/^\^/, ''))) {
            i = k + 2;
            continue;
          }
        }
        fail('nested_class');
      }
      if (c === '&' && peek(1) === '&') fail('class_intersection');
      if (c === '-' && peek(1) === '-') fail('class_difference');
      if (c === '~' && peek(1) === '~') fail('class_symmetric_difference');
      let kind: 'char' | 'class';
      let start: string = c;
      if (c === '\\') {
        i++;
        const e = escape(true);
        kind = e === 'class' ? 'class' : 'char';
        start = '';
      } else {
        i++;
        kind = 'char';
      }
      if (peek() === '-' && peek(1) === '-') fail('class_difference');
      if (peek() === '-' && peek(1) !== ']' && peek(1) !== undefined) {
        i++;
        const d = peek()!;
        let endKind: 'char' | 'class' = 'char';
        if (d === '\\') {
          i++;
          endKind = escape(true) === 'class' ? 'class' : 'char';
        } else {
          i++;
          if (d === '[') fail('nested_class');
        }
        if (kind !== 'char' || endKind !== 'char') fail('class_range_single');
        if (start !== '' && d !== '\\' && d.codePointAt(0)! < start.codePointAt(0)!) fail('class_range_invalid');
        continue;
      }
    }
  };

  const counted = () => {
    // after '{'
    if (peek() === undefined) fail('counted_unclosed');
    const number = (): number | null => {
      let d = '';
      while (peek() !== undefined && /[0-9]/.test(peek()!)) d += chars[i++];
      if (d === '') return null;
      const n = Number(d);
      if (n > 4294967295) fail('decimal_invalid');
      return n;
    };
    const min = number();
    if (min === null) fail('decimal_no_digits');
    if (peek() === undefined) fail('counted_incomplete');
    let max: number | null = min;
    if (peek() === ',') {
      i++;
      max = number();
      if (peek() === undefined) fail('counted_range_unclosed');
    }
    if (peek() !== '}') fail('counted_unclosed');
    i++;
    if (max !== null && min! > max) fail('counted_min_above_max');
  };

  const group = (depth: number, x: boolean): void => {
    // alternation of sequences until ')' or end
    let verbose = x;
    let hasAtom = false;
    for (;;) {
      skipVerbose(verbose);
      const c = peek();
      if (c === undefined || c === ')') return;
      i++;
      if (c === '|') {
        hasAtom = false;
        continue;
      }
      if (c === '*' || c === '+' || c === '?') {
        if (!hasAtom) fail('repetition_without_operand');
        if (peek() === '?') i++;
        continue;
      }
      if (c === '{') {
        if (!hasAtom) fail('counted_without_operand');
        skipVerbose(verbose);
        counted();
        if (peek() === '?') i++;
        continue;
      }
      if (c === '(') {
        if (depth + 1 > NEST_LIMIT) fail('too_much_nesting');
        let inner = verbose;
        if (peek() === '?') {
          i++;
          const n = peek();
          if (n === undefined) fail('group_unclosed_at_end');
          if (n === '=' || n === '!' || (n === '<' && (peek(1) === '=' || peek(1) === '!'))) fail('look_around');
          if (n === '<' || (n === 'P' && peek(1) === '<')) {
            i += n === 'P' ? 2 : 1;
            let name = '';
            while (peek() !== undefined && peek() !== '>') name += chars[i++];
            if (peek() === undefined) fail('group_name_invalid');
            i++;
            if (name === '') fail('empty_group_name');
            if (!/^[A-Za-z_][A-Za-z0-9_.[\]]*$/.test(name)) fail('group_name_invalid');
            if (names.has(name)) fail('duplicate_group_name');
            names.add(name);
          } else {
            const seen = new Set<string>();
            let negated = false;
            let last = '';
            for (;;) {
              const f = peek();
              if (f === undefined) fail('inline_flags_unclosed');
              i++;
              if (f === ':' || f === ')') {
                if (last === '-') fail('flags_end_negation');
                if (f === ')') {
                  if (seen.has('x')) verbose = !negated;
                  hasAtom = false;
                  break;
                }
                if (seen.has('x')) inner = !negated;
                group(depth + 1, inner);
                if (peek() !== ')') fail('group_unclosed');
                i++;
                hasAtom = true;
                break;
              }
              if (f === '-') {
                if (negated) fail('duplicate_negation');
                negated = true;
                last = '-';
                continue;
              }
              if (!FLAGS.includes(f!)) fail('flag_unknown');
              if (seen.has(f!)) fail('duplicate_flag');
              seen.add(f!);
              last = f!;
            }
            continue;
          }
        }
        group(depth + 1, inner);
        if (peek() !== ')') fail('group_unclosed');
        i++;
        hasAtom = true;
        continue;
      }
      if (c === '[') {
        charClass();
        hasAtom = true;
        continue;
      }
      if (c === '\\') {
        escape(false);
        hasAtom = true;
        continue;
      }
      hasAtom = true;
    }
  };

  try {
    group(0, false);
    if (peek() === ')') fail('close_without_open');
    return null;
  } catch (e) {
    if (e instanceof Fail) return e.message;
    throw e;
  }
}

/**
 * The memory regex-lite's compiler counts against its size limit, in bytes,
 * for a valid pattern, as a 64-bit build measures it (the CLI's): 32 per
 * state, 8 more per range of a class state (a case-insensitive ASCII letter
 * is a class of two ranges), 64 per capture group, 40 per repetition's
 * split, 64 + 4 per alternative for an alternation, 64 once per bounded
 * optional repetition, and 112 for the program's own states. Fitted on
 * regex-lite's thresholds for counted repetitions of literals, classes,
 * groups and alternations (the pattern parity test holds it to them).
 */
export function regexLiteSize(pattern: string, caseSensitive: boolean): number {
  const chars = [...pattern];
  let i = 0;
  const letterRanges = (lo: number, hi: number, ci: boolean): [number, number][] => {
    const out: [number, number][] = [[lo, hi]];
    if (!ci) return out;
    const add = (a: number, b: number, shift: number) => {
      const l = Math.max(lo, a);
      const h = Math.min(hi, b);
      if (l <= h) out.push([l + shift, h + shift]);
    };
    add(97, 122, -32);
    add(65, 90, 32);
    return out;
  };
  const count = (ranges: [number, number][]): number => {
    const sorted = ranges.map((r) => [...r] as [number, number]).sort((a, b) => a[0] - b[0]);
    let n = 0;
    let end = -2;
    for (const [lo, hi] of sorted) {
      if (lo > end + 1) n++;
      end = Math.max(end, hi);
    }
    return n;
  };
  const complement = (ranges: [number, number][]): number => {
    const sorted = ranges.map((r) => [...r] as [number, number]).sort((a, b) => a[0] - b[0]);
    let n = 0;
    let next = 0;
    for (const [lo, hi] of sorted) {
      if (lo > next) n++;
      next = Math.max(next, hi + 1);
    }
    if (next <= 0x10ffff) n++;
    return n;
  };
  const SHORT: Record<string, [number, number][]> = {
    d: [[48, 57]],
    w: [[48, 57], [65, 90], [95, 95], [97, 122]],
    s: [[9, 13], [32, 32]],
  };
  const classState = (n: number) => 32 + 8 * n;

  const escapeRanges = (): [number, number][] | 'look' => {
    const c = chars[i++] ?? '';
    const lower = c.toLowerCase();
    if ('dws'.includes(lower) && c !== '') return c === lower ? SHORT[c]! : [[-1, -1], ...SHORT[lower]!];
    if ('bBAz<>'.includes(c)) {
      if (c === 'b' && chars[i] === '{') while (chars[i] !== undefined && chars[i++] !== '}');
      return 'look';
    }
    if ('xuU'.includes(c)) {
      let v = '';
      if (chars[i] === '{') {
        i++;
        while (chars[i] !== undefined && chars[i] !== '}') v += chars[i++];
        i++;
      } else for (let k = 0; k < (c === 'x' ? 2 : c === 'u' ? 4 : 8); k++) v += chars[i++] ?? '';
      const n = parseInt(v, 16);
      return [[n, n]];
    }
    const map: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, a: 7 };
    const n = map[c] ?? c.codePointAt(0) ?? 0;
    return [[n, n]];
  };

  const rangesSize = (ranges: [number, number][], ci: boolean): number => {
    const negated = ranges.length > 0 && ranges[0]![0] === -1;
    const rs = negated ? ranges.slice(1) : ranges;
    const folded = rs.flatMap(([lo, hi]) => letterRanges(lo, hi, ci));
    const n = negated ? complement(folded) : count(folded);
    return n === 1 && folded.length === 1 && folded[0]![0] === folded[0]![1] && !negated ? 32 : classState(n);
  };

  const seq = (ci: boolean, dotAll: boolean, verbose: boolean): number => {
    const alternatives: number[] = [];
    let total = 0;
    let last = 0;
    for (;;) {
      const c = chars[i];
      if (c === undefined || c === ')') break;
      if (verbose && (/\s/.test(c) || c === '#')) {
        if (c === '#') while (chars[i] !== undefined && chars[i] !== '\n') i++;
        else i++;
        continue;
      }
      i++;
      let atom = 0;
      if (c === '|') {
        alternatives.push(total);
        total = 0;
        last = 0;
        continue;
      } else if (c === '*' || c === '+' || c === '?') {
        if (chars[i] === '?') i++;
        total += 40;
        continue;
      } else if (c === '{') {
        let body = '';
        while (chars[i] !== undefined && chars[i] !== '}') body += chars[i++];
        i++;
        if (chars[i] === '?') i++;
        const [a, b] = body.split(',');
        const n = Number(a);
        const m = b === undefined ? n : b.trim() === '' ? null : Number(b);
        total -= last;
        const repeated = n * last + (m === null ? 40 + last : (m - n) * (40 + last) + (m > n ? 64 : 0));
        total += repeated;
        last = repeated;
        continue;
      } else if (c === '(') {
        let capture = true;
        let innerCi = ci;
        let innerDot = dotAll;
        let innerVerbose = verbose;
        if (chars[i] === '?') {
          i++;
          if (chars[i] === 'P' || chars[i] === '<') {
            while (chars[i] !== undefined && chars[i] !== '>') i++;
            i++;
          } else {
            let negate = false;
            let flags = '';
            while (chars[i] !== undefined && chars[i] !== ':' && chars[i] !== ')') {
              const f = chars[i++]!;
              if (f === '-') negate = true;
              else flags += negate ? f.toUpperCase() + '-' : f;
            }
            const set = (f: string) => (flags.includes(`${f.toUpperCase()}-`) ? false : flags.includes(f) ? true : null);
            const apply = () => {
              innerCi = set('i') ?? innerCi;
              innerDot = set('s') ?? innerDot;
              innerVerbose = set('x') ?? innerVerbose;
            };
            if (chars[i] === ')') {
              i++;
              apply();
              ci = innerCi;
              dotAll = innerDot;
              verbose = innerVerbose;
              continue;
            }
            i++;
            apply();
            capture = false;
          }
        }
        atom = seq(innerCi, innerDot, innerVerbose) + (capture ? 64 : 0);
        i++;
      } else if (c === '[') {
        const ranges: [number, number][] = [];
        if (chars[i] === '^') {
          i++;
          ranges.push([-1, -1]);
        }
        let first = true;
        while (chars[i] !== undefined && (chars[i] !== ']' || first)) {
          first = false;
          let item: [number, number][];
          if (chars[i] === '[' && chars[i + 1] === ':') {
            const close = chars.indexOf(']', i);
            i = close + 1;
            item = [[0, 0x7f]];
          } else if (chars[i] === '\\') {
            i++;
            const e = escapeRanges();
            item = e === 'look' ? [] : e.filter((r) => r[0] !== -1);
          } else {
            const n = chars[i++]!.codePointAt(0)!;
            item = [[n, n]];
          }
          if (chars[i] === '-' && chars[i + 1] !== ']' && chars[i + 1] !== undefined && item.length === 1) {
            i++;
            const end = chars[i] === '\\' ? (i++, escapeRanges()) : [[chars[i]!.codePointAt(0)!, chars[i++]!.codePointAt(0)!] as [number, number]];
            if (end !== 'look' && end.length > 0) item = [[item[0]![0], end[end.length - 1]![1]]];
          }
          ranges.push(...item);
        }
        i++;
        atom = rangesSize(ranges, ci);
      } else if (c === '\\') {
        const e = escapeRanges();
        atom = e === 'look' ? 32 : rangesSize(e, ci);
      } else if (c === '.') {
        atom = dotAll ? classState(1) : classState(2);
      } else if (c === '^' || c === '$') {
        atom = 32;
      } else {
        atom = rangesSize([[c.codePointAt(0)!, c.codePointAt(0)!]], ci);
      }
      total += atom;
      last = atom;
    }
    if (alternatives.length === 0) return total;
    alternatives.push(total);
    return alternatives.reduce((a, b) => a + b, 0) + 64 + 4 * alternatives.length;
  };
  return 112 + seq(!caseSensitive, false, false);
}
