// A JSON tree that keeps what JSON.parse loses: numbers as written ("5.0" is
// not the whole number 5 for the engine), key order, and repeated keys (the
// last one counts, as in the engine). Writing it back is the CLI's compact
// form (`jsontext::compact`): same escapes, numbers verbatim.

export class JNum {
  constructor(readonly raw: string) {}
}

export class JObj {
  constructor(readonly entries: ReadonlyArray<readonly [string, JValue]> = []) {}

  get(key: string): JValue | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i]!;
      if (entry[0] === key) return entry[1];
    }
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** A copy with `key` set (in place of every earlier occurrence, at the first one's position) or removed (`undefined`). */
  with(key: string, value: JValue | undefined): JObj {
    const out: (readonly [string, JValue])[] = [];
    let placed = false;
    for (const entry of this.entries) {
      if (entry[0] !== key) {
        out.push(entry);
      } else if (!placed && value !== undefined) {
        out.push([key, value]);
        placed = true;
      }
    }
    if (!placed && value !== undefined) out.push([key, value]);
    return new JObj(out);
  }

  keys(): string[] {
    return this.entries.map((e) => e[0]);
  }
}

export type JValue = null | boolean | string | JNum | JValue[] | JObj;

export class JsonError extends Error {}

/** Parses a whole document; throws JsonError with the byte offset. */
export function parse(text: string): JValue {
  let at = 0;
  const fail = (what: string): never => {
    throw new JsonError(`${what} at character ${at}`);
  };
  const ws = () => {
    while (at < text.length) {
      const c = text.charCodeAt(at);
      if (c === 32 || c === 9 || c === 10 || c === 13) at++;
      else break;
    }
  };
  const value = (depth: number): JValue => {
    if (depth > 128) fail('nesting too deep');
    ws();
    const c = text[at];
    if (c === '{') {
      at++;
      const entries: [string, JValue][] = [];
      ws();
      if (text[at] === '}') {
        at++;
        return new JObj(entries);
      }
      for (;;) {
        ws();
        if (text[at] !== '"') fail('expected a key');
        const key = string();
        ws();
        if (text[at] !== ':') fail('expected ":"');
        at++;
        entries.push([key, value(depth + 1)]);
        ws();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === '}') {
          at++;
          return new JObj(entries);
        }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      at++;
      const items: JValue[] = [];
      ws();
      if (text[at] === ']') {
        at++;
        return items;
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === ']') {
          at++;
          return items;
        }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return string();
    if (text.startsWith('true', at)) {
      at += 4;
      return true;
    }
    if (text.startsWith('false', at)) {
      at += 5;
      return false;
    }
    if (text.startsWith('null', at)) {
      at += 4;
      return null;
    }
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(at, at + 400));
    if (m) {
      at += m[0].length;
      return new JNum(m[0]);
    }
    return fail('unexpected input');
  };
  const string = (): string => {
    at++;
    let out = '';
    for (;;) {
      const c = text[at];
      if (c === undefined) return fail('unterminated string');
      if (c === '"') {
        at++;
        return out;
      }
      if (c === '\\') {
        const e = text[at + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          at += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
          out += String.fromCharCode(parseInt(text.slice(at + 2, at + 6), 16));
          at += 6;
        } else {
          fail('bad escape');
        }
      } else if (c.charCodeAt(0) < 0x20) {
        fail('control character in string');
      } else {
        out += c;
        at++;
      }
    }
  };
  const v = value(0);
  ws();
  if (at !== text.length) fail('trailing characters');
  return v;
}

/** The engine's string escaping (`output::push_json_string`). */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** Compact text, as `checkout-guard deploy` writes a metafield value. */
export function compact(v: JValue): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'string') return quote(v);
  if (v instanceof JNum) return v.raw;
  if (Array.isArray(v)) return '[' + v.map(compact).join(',') + ']';
  return '{' + v.entries.map(([k, x]) => quote(k) + ':' + compact(x)).join(',') + '}';
}

/** UTF-8 length of a string. */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** Plain JS value (tests, display). */
export function toPlain(v: JValue): unknown {
  if (v instanceof JNum) return Number(v.raw);
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof JObj) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v.entries) o[k] = toPlain(x);
    return o;
  }
  return v;
}

/** Builds a tree from a plain JS value (new rules, tests). */
export function fromPlain(v: unknown): JValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return new JNum(String(v));
  if (v instanceof JNum || v instanceof JObj) return v;
  if (Array.isArray(v)) return v.map(fromPlain);
  if (typeof v === 'object') return new JObj(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromPlain(x)] as const));
  throw new Error('not JSON');
}
