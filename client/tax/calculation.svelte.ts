// One calculator's request to the engine and what came back: the answer, or the messages of why it was refused.
import { api } from '../lib/api.ts';
import { type FieldErrors, fieldErrors, noErrors } from './steps.ts';

export class Calculation<T> {
  result = $state<T | null>(null);
  errors = $state<FieldErrors>(noErrors());
  readonly #url: string;
  readonly #fieldOf: (path: string) => string;
  readonly #known: Set<string>;

  /** `fieldOf` names the form field of a 422 detail's path; `known` are the fields that show their messages. */
  constructor(url: string, fieldOf: (path: string) => string, known: Set<string>) {
    this.#url = url;
    this.#fieldOf = fieldOf;
    this.#known = known;
  }

  /** The earlier messages go at once; the earlier answer stays until the new one (or a refusal) arrives. */
  async run(body: unknown): Promise<void> {
    this.errors = noErrors();
    try {
      this.result = (await api<T>(this.#url, { method: 'POST', json: body })).data;
    } catch (err) {
      this.result = null;
      this.errors = fieldErrors(err, this.#fieldOf, this.#known);
    }
  }
}
