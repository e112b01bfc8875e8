// The fields inside a calculator's form show its 422 messages: the form hands them down once instead of
// every field taking them as props.
import { createContext } from 'svelte';
import type { FieldErrors } from '../../tax/steps.ts';

export interface FieldContext {
  readonly errors: FieldErrors;
  /** Gives each message the id `${errorPrefix}${field}`; none: no id. */
  readonly errorPrefix: string | undefined;
}

export const [fieldContext, setFieldContext] = createContext<FieldContext>();
