// A finding's evidence (the JSON each audit rule writes) laid out for an auditor: the summary, who and what,
// then declared against computed side by side with the difference, and any other key as a labelled row.

/** Words for the keys the rules use; any other key is shown as written, underscores as spaces. */
const LABELS: Record<string, string> = {
  summary: 'Descrizione',
  action: 'Azione suggerita',
  building_code: 'Codice edificio',
  codice_fiscale: 'Codice fiscale',
  taxpayer: 'Contribuente',
  cadastre: 'Catasto',
  holding: 'Possesso',
  zone: 'Zona urbanistica',
  residents: 'Residenti',
  declared: 'Dichiarato',
  computed: 'Calcolato dal catasto',
  paid: 'Versato (€)',
  difference: 'Differenza (€)',
  foglio: 'foglio',
  particella: 'particella',
  subalterno: 'sub.',
  categoria: 'categoria',
  rendita: 'rendita (€)',
  superficie_catastale: 'superficie catastale (m²)',
  superficie_escluse_scoperte: 'escluse aree scoperte (m²)',
  rights: 'diritto',
  share: 'quota',
  from: 'dal',
  to: 'al',
  resident: 'residente',
  home_categoria: 'categoria abitazione',
  main_home: 'abitazione principale',
  months: 'mesi',
  due: 'dovuto (€)',
  base: 'base imponibile (€)',
  rate_percent: 'aliquota (%)',
  exempt: 'esente',
  f24: 'F24',
  code: 'codice',
  amount: 'importo',
  kind: 'tipo',
  surface: 'superficie (m²)',
  occupants: 'occupanti',
  category: 'categoria',
  total: 'totale (€)',
  days: 'giorni',
  name: 'nome',
  eur_per_m2: '€/m²',
  value: 'valore (€)',
  buildable: 'edificabile',
  qualita: 'qualità',
  superficie: 'superficie (m²)',
  reddito_dominicale: 'reddito dominicale (€)',
  status: 'stato',
  use: "destinazione d'uso",
  footprint_m2: 'impronta (m²)',
  floors_above: 'piani fuori terra',
  year_built: 'anno di costruzione',
  addresses: 'indirizzi',
  parcels: 'particelle',
};
export const evidenceLabel = (k: string) => LABELS[k] ?? k.replace(/_/g, ' ');

export function evidenceText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return v.toLocaleString('it-IT', { maximumFractionDigits: 2 });
  if (typeof v === 'boolean') return v ? 'sì' : 'no';
  if (Array.isArray(v)) return v.map(evidenceText).join('; ');
  if (typeof v === 'object')
    return Object.entries(v)
      .map(([k, x]) => `${evidenceLabel(k)} ${evidenceText(x)}`)
      .join(', ');
  return String(v);
}

export interface Records {
  columns: string[];
  rows: string[][];
}
export interface EvidenceView {
  summary: string | null;
  /** Declared against computed, one line per figure: [label, declared, computed]. */
  comparison: [string, string, string][];
  /** What was paid and the shortfall, highlighted under the comparison. */
  paid: string | null;
  difference: string | null;
  rows: { label: string; text?: string; records?: Records }[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function records(v: unknown[]): Records {
  const rows = v.filter(isRecord);
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return { columns: columns.map(evidenceLabel), rows: rows.map((r) => columns.map((c) => evidenceText(r[c]))) };
}

export function evidenceView(evidence: Record<string, unknown>): EvidenceView {
  const { summary, declared, computed, paid, difference, ...rest } = evidence;
  const view: EvidenceView = {
    summary: typeof summary === 'string' ? summary : null,
    comparison: [],
    paid: paid === undefined ? null : evidenceText(paid),
    difference: difference === undefined ? null : evidenceText(difference),
    rows: [],
  };
  for (const [k, v] of Object.entries(rest)) {
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v) && v.length > 1 && v.every(isRecord))
      view.rows.push({ label: evidenceLabel(k), records: records(v) });
    else view.rows.push({ label: evidenceLabel(k), text: evidenceText(v) });
  }
  const side = (v: unknown) => (isRecord(v) ? v : v === null ? {} : null);
  const [d, c] = [side(declared), side(computed)];
  if (d && c) {
    const keys = [...new Set([...Object.keys(c), ...Object.keys(d)])];
    view.comparison = keys.map((k) => [
      evidenceLabel(k),
      k in d ? evidenceText(d[k]) : '—',
      k in c ? evidenceText(c[k]) : '—',
    ]);
  } else {
    // Period by period (TARI): each side as its own small table.
    for (const [k, v] of [
      ['declared', declared],
      ['computed', computed],
    ] as const) {
      if (Array.isArray(v) && v.length) view.rows.push({ label: evidenceLabel(k), records: records(v) });
      else if (v !== undefined) view.rows.push({ label: evidenceLabel(k), text: evidenceText(v) });
    }
  }
  return view;
}
