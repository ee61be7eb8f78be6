// JavaScript and TypeScript (and the <script> blocks of Vue and Svelte): `process.env.X`.
import { contextPrefixes, insertAtKeys, isWhole, prevNonSpace, prevWord, replaceLiteral, restOfLine, split, walkBack } from '../context';
import { cStyleComment, endOfLine, regexAllowed, regexEnd, str } from '../lexer';
import { refuse } from '../types';
import type { Ctx, LanguageSpec, LexerSpec, Literal, Range, Refusal, StringForm, TextChange } from '../types';

const JS_SQ: StringForm = { kind: 'js-quote', close: "'", escape: '\\', multiline: false };
const JS_DQ: StringForm = { kind: 'js-quote', close: '"', escape: '\\', multiline: false };
const JS_TEMPLATE: StringForm = {
  kind: 'js-template', close: '`', escape: '\\', multiline: true, holes: [{ open: '${', close: '}' }],
};

const JS_LEXER: LexerSpec = {
  triggers: '\'"`/#',
  code(text, i, to) {
    const c = text[i];
    if (c === '/') {
      const comment = cStyleComment(text, i, to, false);
      if (comment !== undefined) {
        return comment;
      }
      if (regexAllowed(text, i)) {
        const end = regexEnd(text, i, to);
        if (end !== undefined) {
          return { type: 'opaque', end };
        }
      }
      return undefined;
    }
    if (c === '#' && i === 0 && text[1] === '!') {
      return { type: 'comment', end: endOfLine(text, i, to) };
    }
    if (c === "'") {
      return str('', c, JS_SQ);
    }
    if (c === '"') {
      return str('', c, JS_DQ);
    }
    if (c === '`') {
      return str('', c, JS_TEMPLATE);
    }
    return undefined;
  },
};

const JS_KEYWORDS = new Set([
  'const', 'let', 'var', 'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw',
  'case', 'do', 'else', 'yield', 'await', 'export', 'default', 'extends', 'implements', 'static',
  'readonly', 'public', 'private', 'protected', 'declare', 'abstract', 'async', 'get', 'set', 'type',
  'interface', 'enum', 'namespace', 'module', 'as', 'satisfies', 'is', 'keyof', 'infer', 'if', 'while',
  'for', 'function', 'class', 'import', 'from',
]);

/** `<Tag a="1" {...rest} b={x} key="…"`: the literal is a JSX attribute value, not a JS string. */
function isJsxAttribute(ctx: Ctx, literal: Literal): boolean {
  const { text } = ctx;
  const eq = prevNonSpace(text, literal.start);
  if (eq === undefined || eq.char !== '=' || /[=!<>+\-*/%&|^?]/.test(text[eq.index - 1] ?? '')) {
    return false;
  }
  const name = nameBefore(text, eq.index);
  if (name === undefined || !/\s/.test(text[name.start - 1] ?? '')) {
    return false;
  }
  // Back over the attributes before it, one at a time, to the tag's `<`.
  const floor = Math.max(0, literal.start - 4000);
  let j = name.start;
  for (let steps = 0; steps < 64 && j > floor; steps++) {
    const step = attributeBefore(ctx, j, floor);
    if (typeof step === 'boolean') {
      return step;
    }
    j = step;
  }
  return false;
}

// One step of isJsxAttribute from `j`: where the attribute (or the tag name) before it starts, true
// when that is the tag's name after `<`, false when what comes before is no attribute.
function attributeBefore(ctx: Ctx, j: number, floor: number): number | boolean {
  const { text, tokens } = ctx;
  const prev = prevNonSpace(text, j);
  if (prev === undefined) {
    return false;
  }
  const c = prev.char;
  if (c === '"' || c === "'") {
    // `name="…"`
    const token = tokens.find((t) => t.type === 'literal' && t.end === prev.index + 1);
    const before = token === undefined ? undefined : prevNonSpace(text, token.start);
    return before !== undefined && before.char === '=' ? (nameBefore(text, before.index)?.start ?? false) : false;
  }
  if (c === '}') {
    const open = openingBrace(ctx, prev.index + 1, floor);
    if (open < 0) {
      return false;
    }
    const before = prevNonSpace(text, open);
    // `name={…}`, or `{...spread}`
    return before !== undefined && before.char === '=' ? (nameBefore(text, before.index)?.start ?? false) : open;
  }
  if (/[\w$.:-]/.test(c)) {
    const name = nameBefore(text, j);
    if (name === undefined || JS_KEYWORDS.has(name.text)) {
      return false;
    }
    return text[name.start - 1] === '<' ? true : name.start;
  }
  return false;
}

// The name (`a`, `data-x`, `ns:attr`, `Foo.Bar`) that ends at the last non-space before `end`.
function nameBefore(text: string, end: number): { text: string; start: number } | undefined {
  const prev = prevNonSpace(text, end);
  if (prev === undefined) {
    return undefined;
  }
  let k = prev.index;
  while (k >= 0 && /[\w$.:-]/.test(text[k])) {
    k--;
  }
  return k === prev.index ? undefined : { text: text.slice(k + 1, prev.index + 1), start: k + 1 };
}

// The `{` that the `}` just before `end` closes, or -1 (not found after `floor`).
function openingBrace(ctx: Ctx, end: number, floor: number): number {
  const { text } = ctx;
  let depth = 0;
  let open = -1;
  walkBack(ctx, end, floor, (k) => {
    if (text[k] === '}') {
      depth++;
    } else if (text[k] === '{' && --depth === 0) {
      open = k;
      return false;
    }
    return true;
  });
  return open;
}

function rewriteJs(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | Refusal {
  const { text, variable } = ctx;
  const expr = envExpression(variable);
  const word = prevWord(text, literal.start);
  if (word === 'from' || word === 'import' || word === 'module') {
    return refuse('module specifiers must stay literals');
  }
  const typeReason = typePosition(ctx, literal);
  if (typeReason !== undefined) {
    return refuse(typeReason);
  }
  if (literal.form.kind === 'js-template') {
    const prev = prevNonSpace(text, literal.start);
    if (prev !== undefined && /[\w$)\]]/.test(prev.char) && !JS_KEYWORDS.has(word)) {
      return refuse('a tagged template: the tag would see different strings');
    }
    return isWhole(literal, keys) ? replaceLiteral(literal, expr) : insertAtKeys(keys, () => '${' + expr + '}');
  }
  const jsx = ctx.languageId !== 'typescript' && ctx.languageId !== 'vue' && ctx.languageId !== 'svelte' && isJsxAttribute(ctx, literal);
  const member = jsx ? 'no' : jsMemberName(ctx, literal);
  if (member === 'refuse') {
    return refuse('enum members and module export names only take literals');
  }
  let value: string;
  if (isWhole(literal, keys)) {
    value = expr;
  } else {
    const template = toTemplate(text, literal, keys, expr, jsx);
    if (template === undefined) {
      return refuse('the string holds escapes or entities a template literal would read differently');
    }
    value = template;
  }
  return replaceLiteral(literal, jsx ? `{${value}}` : member === 'yes' ? `[${value}]` : value);
}

const ANNOTATED_NAME = /^(\s*|.*[\s(,{;])(\.\.\.)?((readonly|public|private|protected|static|declare|override|let|const|var)\s+)*[\w$]+\??\s*:$/;

/**
 * Why the literal stands where TypeScript expects a type or a constant, not a value: a literal type
 * (`let s: "…" | "none"`, `type T = "…"`), `"…" as const`, or a key of an interface or type literal.
 * An expression there does not compile, so these positions are refused.
 */
function typePosition(ctx: Ctx, literal: Literal): string | undefined {
  const { text } = ctx;
  const rest = restOfLine(text, literal.end);
  if (/^as\s+const\b/.test(rest)) {
    return 'an `as const` literal keeps its literal type; an environment read is a plain string';
  }
  const prev = prevNonSpace(text, literal.start);
  const { prefixes, openers } = contextPrefixes(ctx, literal);
  const unionNext = /^[|&](?![|&=])/.test(rest);
  const unionPrev = prev !== undefined && (prev.char === '|' || prev.char === '&') && !/[|&]/.test(text[prev.index - 1] ?? '');
  if (unionNext || unionPrev || /\btype\s+[\w$]+(\s*<[^>]*>)?\s*=\s*$/.test(prefixes[0])) {
    return 'the literal is a type (a literal type or a union of them), not a value';
  }
  const typeBody = /\binterface\b[^{}]*\{$|\btype\s+[\w$]+[^{}]*=\s*\{$|:\s*\{$/.test(prefixes[1] ?? '');
  if (openers[0] === '{' && typeBody) {
    return 'the literal is part of a type (an interface or type literal), not a value';
  }
  if (prev?.char === ':') {
    const before = prefixes[0].slice(0, prefixes[0].lastIndexOf(':') + 1);
    const classBody = openers[0] === '{' && /\bclass\b[^{}]*\{$/.test(prefixes[1] ?? '');
    const declaration = /(^|[\s;])(let|const|var)\s+[\w$]+\s*:$/.test(before);
    const parameter = openers[0] === '(' && ANNOTATED_NAME.test(before) && !before.replace(/\?\s*:$/, '').includes('?');
    if (ANNOTATED_NAME.test(before) && (classBody || declaration || parameter)) {
      return 'the literal is a type annotation (a literal type), not a value';
    }
  }
  return undefined;
}

const MEMBER_MODIFIERS = new Set([
  'get', 'set', 'async', 'static', 'readonly', 'public', 'private', 'protected', 'declare', 'abstract',
  'override', 'accessor',
]);

/**
 * Whether the literal names a class or object member (`{ "…": 1 }`, `class A { "…"() {} }`): there it
 * must become a computed name, `[expr]`. Enum members and `export { "…" as x }` only take literals.
 */
function jsMemberName(ctx: Ctx, literal: Literal): 'yes' | 'no' | 'refuse' {
  const { text } = ctx;
  const next = /\S/.exec(text.slice(literal.end))?.[0];
  const { prefixes, openers } = contextPrefixes(ctx, literal);
  if (openers[0] !== '{') {
    return 'no';
  }
  if (/\benum\s+[\w$]+\s*\{$/.test(prefixes[1] ?? '') || /(^|[\s;])(import|export)(\s+type)?\s*\{$/.test(prefixes[1] ?? '')) {
    return 'refuse'; // enum members and module export names only take literals
  }
  const prev = prevNonSpace(text, literal.start);
  const atMemberStart =
    prev === undefined || '{,;}*'.includes(prev.char) || MEMBER_MODIFIERS.has(prevWord(text, literal.start));
  if (!atMemberStart) {
    return 'no';
  }
  const classBody = /\bclass\b[^{}]*\{$/.test(prefixes[1] ?? '');
  return classBody || (next !== undefined && ':(=;?!<'.includes(next)) ? 'yes' : 'no';
}

/** Turns a '…' or "…" string into a template literal with `${expr}` at each key. */
function toTemplate(text: string, literal: Literal, keys: readonly Range[], expr: string, jsx: boolean): string | undefined {
  let out = '`';
  for (const part of split(text, literal, keys)) {
    if ('key' in part) {
      out += '${' + expr + '}';
      continue;
    }
    const s = part.text;
    if (jsx && /&#?\w+;/.test(s)) {
      return undefined; // JSX decodes entities in attribute strings, template literals do not
    }
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === '\\') {
        if (jsx) {
          out += '\\\\'; // JSX attribute strings have no escapes
          continue;
        }
        const next = s[i + 1] ?? '';
        if (/[1-9]/.test(next) || (next === '0' && /[0-9]/.test(s[i + 2] ?? ''))) {
          return undefined; // legacy octal escapes are a syntax error in template literals
        }
        out += c + next;
        i++;
      } else if (c === '`') {
        out += '\\`';
      } else if (c === '$' && s[i + 1] === '{') {
        out += '\\$';
      } else {
        out += c;
      }
    }
  }
  return out + '`';
}

function envExpression(v: string): string {
  // `process.env.X` is `string | undefined`: under `strict` it fits no `string` position, and unset it
  // would send an empty key. The throwing fallback types as `string` and fails loudly; the
  // parentheses keep `??` from mixing with the operators around it.
  return `(process.env.${v} ?? (() => { throw new Error('${v} is not set'); })())`;
}

export const javascriptSpec: LanguageSpec = {
  name: 'javascript',
  languageIds: ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'vue', 'svelte'],
  scriptBlockIds: ['vue', 'svelte'],
  lexer: JS_LEXER,
  lineComment: '//',
  envExpression,
  displayRead: (v) => `process.env.${v}`,
  rewriteLiteral: rewriteJs,
};
