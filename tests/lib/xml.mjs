// A strict XML 1.0 reader for the XML files the build writes (the ADMX/ADML templates): it throws,
// with the line and column, on anything that is not well-formed — a tag closed out of order, an
// unescaped < or &, an unknown entity, a duplicate attribute, a character XML forbids, text or a
// second element outside the root, an undeclared namespace prefix. No DTDs (the build writes none).
// Returns the root element as { name, local, ns, attrs, children } with text children as strings
// (entities decoded) and comments and processing instructions dropped.

const NAME_START = 'A-Za-z_:\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
// XML's NameChar includes the combining marks U+0300-U+036F as a range of their own.
// eslint-disable-next-line no-misleading-character-class
const NAME = new RegExp(`[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*`, 'y');
// eslint-disable-next-line no-control-regex
const NOT_CHAR = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export function parseXml(src) {
  let at = 0;
  const where = (i = at) => {
    const before = src.slice(0, i).split('\n');
    return `line ${before.length}, column ${before.at(-1).length + 1}`;
  };
  const fail = (msg, i = at) => { throw new Error(`${msg} at ${where(i)}`); };
  const bad = NOT_CHAR.exec(src);
  if (bad) fail(`character U+${bad[0].codePointAt(0).toString(16)} is not allowed in XML`, bad.index);
  const startsWith = (s) => src.startsWith(s, at);
  const skipSpace = () => { const m = /[ \t\r\n]*/y; m.lastIndex = at; m.exec(src); const moved = m.lastIndex > at; at = m.lastIndex; return moved; };
  const name = () => {
    NAME.lastIndex = at;
    const m = NAME.exec(src);
    if (!m) fail('a name was expected');
    at = NAME.lastIndex;
    return m[0];
  };
  /** Decodes character and entity references in text or an attribute value; rejects a bare & or <. */
  const decode = (raw, offset) => raw.replace(/&([^;&<\s]*);?|</g, (m, ref, i) => {
    if (m === '<') fail('"<" must be escaped as &lt;', offset + i);
    if (!m.endsWith(';')) fail('"&" must be escaped as &amp; or start a reference ending in ";"', offset + i);
    if (ENTITIES[ref] !== undefined) return ENTITIES[ref];
    const num = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
    if (!num) fail(`unknown entity &${ref};`, offset + i);
    const cp = num[1] ? parseInt(num[1], 16) : parseInt(num[2], 10);
    const ch = cp <= 0x10ffff ? String.fromCodePoint(cp) : '\0';
    if (NOT_CHAR.test(ch) || (cp >= 0xd800 && cp <= 0xdfff)) fail(`&${ref}; is not an XML character`, offset + i);
    return ch;
  });
  const until = (end, what) => {
    const i = src.indexOf(end, at);
    if (i < 0) fail(`${what} is not closed`);
    const body = src.slice(at, i);
    at = i + end.length;
    return body;
  };
  const comment = () => {
    const start = at;
    at += 4;
    const body = until('-->', 'comment');
    if (body.includes('--') || body.endsWith('-')) fail('"--" inside a comment', start);
  };
  const pi = () => {
    const start = at;
    at += 2;
    const target = name();
    if (target.toLowerCase() === 'xml') fail('the XML declaration must come first', start);
    until('?>', 'processing instruction');
  };
  /** Comments, processing instructions and white space between the prolog's parts. */
  const misc = () => {
    for (;;) {
      skipSpace();
      if (startsWith('<!--')) comment();
      else if (startsWith('<?')) pi();
      else return;
    }
  };

  if (src.charCodeAt(0) === 0xfeff) at = 1;
  if (/^<\?xml[ \t\r\n]/.test(src.slice(at, at + 6))) {
    const decl = until('?>', 'XML declaration');
    if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/.test(`<?xml${decl.slice(5)}`)) {
      fail('malformed XML declaration', 0);
    }
  }
  misc();
  if (startsWith('<!DOCTYPE')) fail('DOCTYPE is not supported');
  if (!startsWith('<')) fail('the root element was expected');

  /** One element, at "<", with its content; `scope` maps namespace prefixes to URIs. */
  const element = (scope) => {
    const start = at;
    at += 1;
    const tag = name();
    const attrs = {};
    for (;;) {
      const spaced = skipSpace();
      if (startsWith('/>') || startsWith('>')) break;
      if (!spaced) fail('white space was expected between attributes');
      const attr = name();
      skipSpace();
      if (src[at] !== '=') fail(`"=" was expected after ${attr}`);
      at += 1;
      skipSpace();
      const quote = src[at];
      if (quote !== '"' && quote !== "'") fail(`the value of ${attr} must be quoted`);
      at += 1;
      const valueAt = at;
      const raw = until(quote, `the value of ${attr}`);
      if (Object.hasOwn(attrs, attr)) fail(`duplicate attribute ${attr}`, valueAt);
      // Attribute-value normalisation: literal white space becomes spaces.
      attrs[attr] = decode(raw.replace(/[\t\n\r]/g, ' '), valueAt);
    }
    const inner = { ...scope };
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'xmlns') inner[''] = v;
      else if (k.startsWith('xmlns:')) {
        if (!v) fail(`namespace prefix ${k.slice(6)} bound to an empty URI`, start);
        inner[k.slice(6)] = v;
      }
    }
    const resolve = (qname, isAttr) => {
      const parts = qname.split(':');
      if (parts.length > 2 || parts.some((p) => !p)) fail(`"${qname}" is not a valid qualified name`, start);
      if (parts.length === 1) return isAttr ? null : (inner[''] || null);
      if (parts[0] === 'xmlns') return null;
      if (parts[0] === 'xml') return XML_NS;
      if (!inner[parts[0]]) fail(`namespace prefix "${parts[0]}" is not declared`, start);
      return inner[parts[0]];
    };
    const seen = new Set();
    for (const k of Object.keys(attrs)) {
      const ns = resolve(k, true);
      const key = `${ns} ${k.split(':').at(-1)}`;
      if (ns && seen.has(key)) fail(`attribute ${k} repeats a namespaced attribute`, start);
      seen.add(key);
    }
    const node = { name: tag, local: tag.split(':').at(-1), ns: resolve(tag, false), attrs, children: [] };
    if (startsWith('/>')) {
      at += 2;
      return node;
    }
    at += 1;
    for (;;) {
      const lt = src.indexOf('<', at);
      if (lt < 0) fail(`<${tag}> is not closed`, start);
      if (lt > at) {
        const raw = src.slice(at, lt);
        if (raw.includes(']]>')) fail('"]]>" in text', at + raw.indexOf(']]>'));
        node.children.push(decode(raw, at));
        at = lt;
      }
      if (startsWith('</')) {
        at += 2;
        const closing = name();
        if (closing !== tag) fail(`</${closing}> closes <${tag}> (opened at ${where(start)})`);
        skipSpace();
        if (src[at] !== '>') fail('">" was expected');
        at += 1;
        break;
      }
      if (startsWith('<!--')) comment();
      else if (startsWith('<![CDATA[')) { at += 9; node.children.push(until(']]>', 'CDATA section')); }
      else if (startsWith('<?')) pi();
      else if (startsWith('<!')) fail('unexpected "<!"');
      else node.children.push(element(inner));
    }
    // Adjacent text pieces (around a comment or CDATA) read as one.
    node.children = node.children.reduce((out, c) => {
      if (typeof c === 'string' && typeof out.at(-1) === 'string') out[out.length - 1] += c;
      else out.push(c);
      return out;
    }, []);
    return node;
  };

  const root = element({ xml: XML_NS });
  misc();
  if (at < src.length) fail('content after the root element');
  return root;
}

/** The child elements of `node`, of one local name if given. */
export const elements = (node, local) => node.children.filter((c) => typeof c !== 'string' && (!local || c.local === local));

/** Every element below `node` (depth first) with this local name. */
export function descendants(node, local) {
  const out = [];
  const walk = (n) => { for (const c of elements(n)) { if (c.local === local) out.push(c); walk(c); } };
  walk(node);
  return out;
}

/** The text content of `node`. */
export const textOf = (node) => node.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
