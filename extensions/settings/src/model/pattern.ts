// The syntax regex-lite accepts (the engine compiles merchant patterns with
// it), checked without compiling: the first error in a left-to-right pass,
// worded as regex-lite words it (those are the texts `checkout-guard lint`
// shows after "pattern does not compile: "). Unicode classes, look-around,
// backreferences, nested classes and class set operations are regex-lite's
// own refusals; counted repetitions, inline flags, named groups, POSIX
// classes and the special word boundaries are accepted as it accepts them.

const NEST_LIMIT = 25;
const FLAGS = 'imsUuxR';
const POSIX = ['alnum', 'alpha', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'word', 'xdigit'];
const HEX = /^[0-9a-fA-F]$/;

class Fail extends Error {}

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
      if (c === undefined) fail('expected fixed length hexadecimal number, but saw end of pattern first');
      if (!HEX.test(c!)) fail('expected fixed length hexadecimal number, but saw invalid digit');
      v += c;
      i++;
    }
    return parseInt(v, 16);
  };

  /** After a backslash: an escape; returns whether it is one character (usable in a class range). */
  const escape = (inClass: boolean): 'char' | 'class' | 'assertion' => {
    const c = peek();
    if (c === undefined) return fail('saw start of escape sequence, but saw end of pattern before it finished');
    i++;
    if (/[0-9]/.test(c)) fail('backreferences are not supported');
    if (c === 'p' || c === 'P') fail('Unicode character classes are not supported');
    if ('dDsSwW'.includes(c)) return 'class';
    if ('nrtfva'.includes(c)) return 'char';
    if ('xuU'.includes(c)) {
      if (peek() === '{') {
        i++;
        let v = '';
        while (peek() !== undefined && peek() !== '}') v += chars[i++];
        if (peek() !== '}') fail('found unclosed hexadecimal number in braces');
        i++;
        const n = /^[0-9a-fA-F]{1,8}$/.test(v) ? parseInt(v, 16) : -1;
        if (n < 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) fail('got invalid hexadecimal number in braces');
        return 'char';
      }
      const n = hexDigits(c === 'x' ? 2 : c === 'u' ? 4 : 8);
      if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) fail('got invalid hexadecimal number');
      return 'char';
    }
    if ('bBAz<>'.includes(c)) {
      if (inClass) fail('invalid escape sequence in character class');
      if (c === 'b' && peek() === '{') {
        let name = '';
        let k = i + 1;
        while (chars[k] !== undefined && chars[k] !== '}') name += chars[k++];
        if (['start', 'end', 'start-half', 'end-half'].includes(name) && chars[k] === '}') {
          i = k + 1;
          return 'assertion';
        }
        if (/^[A-Za-z-]+$/.test(name)) fail('special word boundary assertion is unrecognized');
      }
      return 'assertion';
    }
    const code = c.codePointAt(0)!;
    if (code < 0x80 && !/[0-9A-Za-z<>]/.test(c)) return 'char';
    return fail('unrecognized escape sequence');
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
      if (c === undefined) return fail(startsWithBracket && i === firstItem ? "character class begins with literal ']' but has no closing bracket" : 'non-empty character class has no closing bracket');
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
        fail('nested character classes are not supported');
      }
      if (c === '&' && peek(1) === '&') fail('character class intersection is not supported');
      if (c === '-' && peek(1) === '-') fail('character class difference is not supported');
      if (c === '~' && peek(1) === '~') fail('character class symmetric difference is not supported');
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
      if (peek() === '-' && peek(1) === '-') fail('character class difference is not supported');
      if (peek() === '-' && peek(1) !== ']' && peek(1) !== undefined) {
        i++;
        const d = peek()!;
        let endKind: 'char' | 'class' = 'char';
        if (d === '\\') {
          i++;
          endKind = escape(true) === 'class' ? 'class' : 'char';
        } else {
          i++;
          if (d === '[') fail('nested character classes are not supported');
        }
        if (kind !== 'char' || endKind !== 'char') fail('character class ranges must start and end with a single character');
        if (start !== '' && d !== '\\' && d.codePointAt(0)! < start.codePointAt(0)!) fail('invalid range in character class');
        continue;
      }
    }
  };

  const counted = () => {
    // after '{'
    if (peek() === undefined) fail('found unclosed counted repetition operator');
    const number = (): number | null => {
      let d = '';
      while (peek() !== undefined && /[0-9]/.test(peek()!)) d += chars[i++];
      if (d === '') return null;
      const n = Number(d);
      if (n > 4294967295) fail('got invalid decimal number');
      return n;
    };
    const min = number();
    if (min === null) fail('expected decimal number, but found no digits');
    if (peek() === undefined) fail('found incomplete and unclosed counted repetition operator');
    let max: number | null = min;
    if (peek() === ',') {
      i++;
      max = number();
      if (peek() === undefined) fail('found counted repetition with min and max that is unclosed');
    }
    if (peek() !== '}') fail('found unclosed counted repetition operator');
    i++;
    if (max !== null && min! > max) fail('found counted repetition with a min bigger than its max');
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
        if (!hasAtom) fail('uncounted repetition operator must be applied to a sub-expression');
        if (peek() === '?') i++;
        continue;
      }
      if (c === '{') {
        if (!hasAtom) fail('counted repetition operator must be applied to a sub-expression');
        skipVerbose(verbose);
        counted();
        if (peek() === '?') i++;
        continue;
      }
      if (c === '(') {
        if (depth + 1 > NEST_LIMIT) fail('pattern has too much nesting');
        let inner = verbose;
        if (peek() === '?') {
          i++;
          const n = peek();
          if (n === undefined) fail("expected closing ')', but got end of pattern");
          if (n === '=' || n === '!' || (n === '<' && (peek(1) === '=' || peek(1) === '!'))) fail('look-around is not supported');
          if (n === '<' || (n === 'P' && peek(1) === '<')) {
            i += n === 'P' ? 2 : 1;
            let name = '';
            while (peek() !== undefined && peek() !== '>') name += chars[i++];
            if (peek() === undefined) fail('invalid group name');
            i++;
            if (name === '') fail('empty capture group names are not allowed');
            if (!/^[A-Za-z_][A-Za-z0-9_.[\]]*$/.test(name)) fail('invalid group name');
            if (names.has(name)) fail('duplicate capture group name');
            names.add(name);
          } else {
            const seen = new Set<string>();
            let negated = false;
            let last = '';
            for (;;) {
              const f = peek();
              if (f === undefined) fail("expected ':' or ')' to end inline flags, but got end of pattern");
              i++;
              if (f === ':' || f === ')') {
                if (last === '-') fail('inline flags cannot end with negation directive');
                if (f === ')') {
                  if (seen.has('x')) verbose = !negated;
                  hasAtom = false;
                  break;
                }
                if (seen.has('x')) inner = !negated;
                group(depth + 1, inner);
                if (peek() !== ')') fail("found open group without closing ')'");
                i++;
                hasAtom = true;
                break;
              }
              if (f === '-') {
                if (negated) fail('duplicate negation flag is not allowed');
                negated = true;
                last = '-';
                continue;
              }
              if (!FLAGS.includes(f!)) fail('unrecognized inline flag');
              if (seen.has(f!)) fail('duplicate inline flag is not allowed');
              seen.add(f!);
              last = f!;
            }
            continue;
          }
        }
        group(depth + 1, inner);
        if (peek() !== ')') fail("found open group without closing ')'");
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
    if (peek() === ')') fail("found closing ')' without matching '('");
    return null;
  } catch (e) {
    if (e instanceof Fail) return e.message;
    throw e;
  }
}
