// The one table of languages the environment-read refactor supports. A new language is one spec
// file in ./languages and one line here (plus its golden test).
import { csharpSpec } from './languages/csharp';
import { dartSpec } from './languages/dart';
import { elixirSpec } from './languages/elixir';
import { goSpec } from './languages/go';
import { javaSpec } from './languages/java';
import { javascriptSpec } from './languages/javascript';
import { kotlinSpec } from './languages/kotlin';
import { phpSpec } from './languages/php';
import { powershellSpec } from './languages/powershell';
import { pythonSpec } from './languages/python';
import { rubySpec } from './languages/ruby';
import { rustSpec } from './languages/rust';
import { shellSpec } from './languages/shell';
import { swiftSpec } from './languages/swift';
import type { LanguageSpec } from './types';

export const LANGUAGE_SPECS: readonly LanguageSpec[] = [
  javascriptSpec, pythonSpec, goSpec, rubySpec, phpSpec, javaSpec, kotlinSpec, csharpSpec,
  rustSpec, swiftSpec, dartSpec, elixirSpec, shellSpec, powershellSpec,
];

const BY_LANGUAGE_ID: ReadonlyMap<string, LanguageSpec> = new Map(
  LANGUAGE_SPECS.flatMap((spec) => spec.languageIds.map((id) => [id, spec] as const)),
);

/** The spec handling a VS Code language id, or undefined when the language has no environment read. */
export function languageSpecFor(languageId: string): LanguageSpec | undefined {
  return BY_LANGUAGE_ID.get(languageId);
}
