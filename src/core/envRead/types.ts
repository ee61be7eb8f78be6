// Types shared by the environment-read refactor's core (plan, lexer driver, safety check) and the
// per-language specs in ./languages. This module imports nothing, so no import cycle can form.

/** A replacement of `[start, end)` of the ORIGINAL text; a list of them is sorted and non-overlapping. */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

export interface Range {
  start: number;
  end: number;
}

export type Quote = '"' | "'";

export interface Hole {
  open: string;
  close: string;
}

export interface StringForm {
  /** Which rewrite applies; `opaque` marks tokens that are skipped but never rewritten (regex, char, sigil). */
  kind: string;
  /** Closing delimiter; empty for heredocs, which end at a terminator line. */
  close: string;
  /** Escape introducer (`\`, `` ` ``, `\#`); absent in raw strings. */
  escape?: string;
  /** A doubled closing delimiter is a literal one (`''` in PowerShell, `""` in C# verbatim strings). */
  doubledClose?: boolean;
  multiline: boolean;
  holes?: readonly Hole[];
  /** `{{` and `}}` are literal braces (Python f-strings, C# interpolated strings). */
  braceEscapes?: boolean;
  terminator?: { word: string; indented: boolean; suffixOk: boolean };
}

export interface Literal {
  type: 'literal';
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
  prefix: string;
  open: string;
  form: StringForm;
  holes: Range[];
  terminated: boolean;
}

export interface Comment {
  type: 'comment';
  start: number;
  end: number;
  terminated: boolean;
}

export type Token = Literal | Comment;

export type CodeAction =
  | { type: 'string'; length: number; prefix: string; open: string; form: StringForm }
  | { type: 'comment'; end: number }
  | { type: 'opaque'; end: number }
  | { type: 'heredoc'; length: number; form: StringForm }
  | { type: 'skip'; length: number };

export interface LexerSpec {
  /** Every character that can start a token in code; the lexer jumps over all others. */
  triggers: string;
  code(text: string, i: number, to: number): CodeAction | undefined;
  /** PHP: code lives between `<?php` and `?>`; the rest is HTML. */
  host?: boolean;
}

export interface LexedRegion extends Range {
  tokens: Token[];
}

/** Why a key's position cannot hold an environment read; shown in the lightbulb and the fix-all report. */
export interface Refusal {
  refused: string;
}

export const refuse = (reason: string): Refusal => ({ refused: reason });

export const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && 'refused' in value;

/** Everything a language's rewrite may look at. */
export interface Ctx {
  text: string;
  spec: LanguageSpec;
  languageId: string;
  variable: string;
  regions: readonly LexedRegion[];
  tokens: readonly Token[];
}

/**
 * One language: its lexer, its environment read, how a literal holding a key is rewritten (or why
 * not), and the import the read needs. Adding a language is one such object and one golden test.
 */
export interface LanguageSpec {
  /** The spec's own name ('python'), used in messages and tests. */
  name: string;
  /** VS Code language ids the spec handles. */
  languageIds: readonly string[];
  /** Language ids whose code sits in `<script>` blocks (Vue, Svelte). */
  scriptBlockIds?: readonly string[];
  lexer: LexerSpec;
  /** How a line comment starts (used when deciding whether `a + b` needs parentheses). */
  lineComment: string;
  /**
   * The expression reading `variable`; `quote` asks for the other quote inside an interpolation.
   * Every language's read fails loudly, naming the variable, when it is not set: a program must
   * never send an empty key (the answer would be a confusing 401 far from the cause).
   */
  envExpression(variable: string, quote?: Quote): string;
  /** The short form named in the quick fix's title (`process.env.X`); the expression when absent. */
  displayRead?(variable: string): string;
  /** Replaces the literal holding `keys` (sorted, inside its content), or says why it cannot. */
  rewriteLiteral(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | Refusal;
  /** A key outside any string (shell words); absent where only strings hold keys. */
  rewriteBare?(ctx: Ctx, key: Range): TextChange | Refusal;
  /** The import the read needs: undefined when none is needed, a refusal when it cannot be added. */
  importFor?(ctx: Ctx): TextChange | Refusal | undefined;
  /** The import must come before the first rewritten read (Python runs top to bottom). */
  importBeforeReads?: boolean;
}
