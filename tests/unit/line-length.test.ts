// The review's rule: no source line longer than 120 characters. Biome wraps code, not SQL in template
// literals, strings, comments or Svelte markup: this catches those.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/test-app.ts';

const SOURCE = /\.(ts|mts|mjs|svelte|css)$/;

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'artifacts') yield* sources(path);
    else if (entry.isFile() && SOURCE.test(entry.name)) yield path;
  }
}

describe('source lines', () => {
  it('are at most 120 characters long', () => {
    const long: string[] = [];
    for (const top of ['client', 'server', 'tests', 'fixtures']) {
      for (const file of sources(join(ROOT, top))) {
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if ([...line].length > 120) long.push(`${relative(ROOT, file)}:${i + 1}`);
          });
      }
    }
    expect(long).toEqual([]);
  });
});
