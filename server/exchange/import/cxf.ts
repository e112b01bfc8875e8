// AdE CXF map sheets: text records, one value per line. BORDO records become parcels, buildings
// ("…+"), roads ("STRADA…") and water ("ACQUA…"); the sheet boundary has the sheet's own name.
// Coordinates stay in the sheet's CRS: the caller transforms them.
export interface CxfSheet {
  comune: string;
  sezione: string;
  foglio: string;
  allegato: string;
  sviluppo: string;
  name: string;
  scale: number;
}

export interface CxfPolygon {
  kind: 'parcel' | 'building' | 'road' | 'water' | 'sheet';
  id: string;
  /** Outer ring first, then islands (holes), in source coordinates. */
  rings: [number, number][][];
  line: number; // where the BORDO record starts, 1-based
}

export interface CxfContent {
  sheet: CxfSheet;
  polygons: CxfPolygon[];
  counts: Record<string, number>;
}

export class CxfError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`riga ${line}: ${message}`);
    this.line = line;
  }
}

/** Sheet name CCCCZFFFFAS: Belfiore, sezione or "_", foglio (4 digits), allegato, sviluppo. */
export function parseSheetName(name: string, line = 1): CxfSheet {
  const m = /^([A-Z]\d{3})([A-Z_0-9])(\d{4})([A-Z0-9])([A-Z0-9])$/.exec(name);
  if (!m) throw new CxfError(line, `nome del foglio non valido: "${name}" (atteso CCCCZFFFFAS, es. H501D076700)`);
  return {
    comune: m[1]!,
    sezione: m[2] === '_' ? '' : m[2]!,
    foglio: String(Number(m[3])),
    allegato: m[4]!,
    sviluppo: m[5]!,
    name,
    scale: 0,
  };
}

export function parseCxf(text: string): CxfContent {
  // Latin-1, CR/LF or LF, and keyword lines that may end in a stray backslash.
  const lines = text.split(/\r?\n/);
  let i = 0;
  const next = (what: string): string => {
    while (i < lines.length && lines[i]!.trim() === '') i++;
    if (i >= lines.length) throw new CxfError(i, `file troncato: atteso ${what}`);
    return lines[i++]!.replace(/\\\s*$/, '').trim();
  };
  const num = (what: string): number => {
    const s = next(what);
    const v = Number(s);
    if (s === '' || !Number.isFinite(v)) throw new CxfError(i, `atteso ${what} numerico, trovato "${s}"`);
    return v;
  };
  const int = (what: string): number => {
    const v = num(what);
    if (!Number.isInteger(v) || v < 0) throw new CxfError(i, `atteso ${what} intero non negativo, trovato ${v}`);
    return v;
  };
  const point = (): [number, number] => [num('coordinata x'), num('coordinata y')];

  if (next('MAPPA') !== 'MAPPA') throw new CxfError(i, 'il file deve cominciare con MAPPA');
  const sheet = { ...parseSheetName(next('nome del foglio'), i), scale: num('scala') };
  const polygons: CxfPolygon[] = [];
  const counts: Record<string, number> = { BORDO: 0, TESTO: 0, SIMBOLO: 0, FIDUCIALE: 0, LINEA: 0 };
  let ended = false;
  while (!ended) {
    const kw = next('un record (BORDO, TESTO, SIMBOLO, FIDUCIALE, LINEA o EOF)');
    const start = i;
    switch (kw) {
      case 'BORDO': {
        const id = next('identificativo del bordo');
        num('dimensione del testo');
        num('angolo');
        point();
        point(); // label and inner point: not geometry
        const islands = int('numero di isole');
        const total = int('numero di vertici');
        const islandSizes = Array.from({ length: islands }, () => int("vertici dell'isola"));
        const outer = total - islandSizes.reduce((a, b) => a + b, 0);
        if (outer < 3) throw new CxfError(start, `bordo ${id}: ${outer} vertici nel contorno esterno`);
        const rings = [outer, ...islandSizes].map((n) => Array.from({ length: n }, point));
        const kind =
          id === sheet.name
            ? 'sheet'
            : id.endsWith('+')
              ? 'building'
              : /^STRADA/i.test(id)
                ? 'road'
                : /^ACQUA/i.test(id)
                  ? 'water'
                  : 'parcel';
        polygons.push({ kind, id, rings, line: start });
        counts.BORDO!++;
        break;
      }
      case 'TESTO':
        next('testo');
        num('dimensione');
        num('angolo');
        point();
        counts.TESTO!++;
        break;
      case 'SIMBOLO':
        num('codice del simbolo');
        num('angolo');
        point();
        counts.SIMBOLO!++;
        break;
      case 'FIDUCIALE':
        next('numero del fiduciale');
        num('simbolo');
        point();
        point();
        counts.FIDUCIALE!++;
        break;
      case 'LINEA': {
        num('tipo di linea');
        const n = int('numero di vertici');
        for (let k = 0; k < n; k++) point();
        counts.LINEA!++;
        break;
      }
      case 'EOF':
        ended = true;
        break;
      default:
        throw new CxfError(start, `record sconosciuto: "${kw.slice(0, 40)}"`);
    }
  }
  return { sheet, polygons, counts };
}
