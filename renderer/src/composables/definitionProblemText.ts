/**
 * A refused chart definition in the user's language (issue #13 §5: importing a definition file showed
 * zod's English sentences in the Vietnamese app): the problem's reason names a `spc.definitionProblems.*`
 * text, its params fill it, and the definition and field it is about come first.
 */
import type { DefinitionProblem } from '@shared/spc/monitor/index';

/** The translator pieces the text needs (vue-i18n's `t` and `te`). */
export interface ProblemTranslator {
  t(key: string, values?: Record<string, unknown>): string;
  te(key: string): boolean;
}

/** One problem as a line of text. */
export function definitionProblemText(translator: ProblemTranslator, problem: DefinitionProblem): string {
  const params: Record<string, unknown> = { ...problem.params };
  const typeKey = `spc.definitionProblems.types.${String(params.expected)}`;
  if (problem.reason === 'type' && translator.te(typeKey)) params.expected = translator.t(typeKey);
  const reason = translator.t(`spc.definitionProblems.${problem.reason}`, params);
  if (problem.definition === null) return reason;
  return translator.t('spc.definitionProblems.where', { definition: problem.definition, field: problem.field ?? translator.t('spc.definitionProblems.wholeDefinition'), reason });
}
