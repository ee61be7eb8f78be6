// The env-read planner as the tests ask it: one key, or all keys of a file or nothing. The extension
// itself plans with planEnvReadFixes (fix what can be fixed, say why not for the rest); these are
// that function's answers read the way the tests' questions are put.
import { planEnvReadFixes, TextChange } from '../../src/core/envReadRefactor';

/** The edit replacing every given key of one file (one import at most); undefined when any key cannot be handled safely. */
export function planEnvReadRefactorAll(text: string, languageId: string, keys: ReadonlyArray<{ start: number; end: number }>, variable: string): TextChange[] | undefined {
  const plan = planEnvReadFixes(text, languageId, keys, variable);
  return plan.refused.length === 0 ? plan.changes : undefined;
}

/** The edit replacing the key at `[keyStart, keyEnd)`; undefined when it cannot be done safely. */
export function planEnvReadRefactor(text: string, languageId: string, keyStart: number, keyEnd: number, variable: string): TextChange[] | undefined {
  return planEnvReadRefactorAll(text, languageId, [{ start: keyStart, end: keyEnd }], variable);
}

/** Why the single key at `[keyStart, keyEnd)` cannot be rewritten; undefined when it can. */
export function envReadRefusal(text: string, languageId: string, keyStart: number, keyEnd: number, variable: string): string | undefined {
  return planEnvReadFixes(text, languageId, [{ start: keyStart, end: keyEnd }], variable).refused[0]?.reason;
}
