// The comune's copy of the cadastre over time: rights with deed dates (from the AdE "TIT" extracts or a
// notary's voltura) and the cadastral history of units (DOCFA revisions). Checked as a whole before commit:
// shares never above the whole, no overlapping versions of a unit.
import { normalizeCategoria } from '../../domain/tax/index.ts';
import type { CsvKind } from './tax-csv.ts';
import { number, period, RowError, SUBJECT_AND_OBJECT } from './tax-csv-context.ts';
import { rightOf } from './tax-csv-positions.ts';

/** "1/2", "1", "0,5" → numerator and denominator. */
function quota(v: string | undefined): { num: number; den: number } {
  const m = /^(\d+)\s*\/\s*(\d+)$/.exec(v ?? '');
  if (m) {
    const num = Number(m[1]),
      den = Number(m[2]);
    if (num > 0 && den >= num) return { num, den };
  } else if (v) {
    const x = number(v, 'quota', { min: 0, max: 1 });
    // Decimal quotas become thousandths (the registers write 1/3 as 333/1000 when they lose the fraction).
    if (x > 0) return x === 1 ? { num: 1, den: 1 } : { num: Math.round(x * 1000), den: 1000 };
  }
  throw new RowError(`quota non valida: "${v ?? ''}" (es. 1/2 oppure 0,5)`);
}

const rights: CsvKind = {
  required: [...SUBJECT_AND_OBJECT, 'diritto', 'quota', 'dal'],
  optional: ['al', 'atto'],
  row(ctx, v) {
    const t = ctx.target(v);
    const right = rightOf(v.diritto);
    const q = quota(v.quota);
    const p = period(v, 'dal', 'al');
    const s = ctx.subject(v, true);
    ctx.upsert(
      'rights',
      'right',
      'diritti',
      { subject_id: s, unit_id: t.unit, parcel_id: t.parcel, right, valid_from: p.from },
      { share_num: q.num, share_den: q.den, valid_to: p.to, deed: v.atto || null },
    );
    if (t.unit !== null) ctx.touched.units.add(t.unit);
    else ctx.touched.parcels.add(t.parcel!);
  },
  check(ctx) {
    const problems: string[] = [];
    for (const [column, ids] of [
      ['unit_id', ctx.touched.units],
      ['parcel_id', ctx.touched.parcels],
    ] as const) {
      if (!ids.size) continue;
      // At each day a right starts or ends: owners (proprietà, nuda proprietà) and holders of enjoyment rights
      // each at most the whole; a subject never holds the same right twice at once.
      const over = ctx.db
        .prepare(
          `WITH o AS (SELECT value id FROM json_each(?)),
          days AS (SELECT ${column} id, valid_from d FROM rights WHERE ${column} IN (SELECT id FROM o)
            UNION SELECT ${column}, date(valid_to, '+1 day') FROM rights
            WHERE ${column} IN (SELECT id FROM o) AND valid_to IS NOT NULL),
          shares AS (SELECT *, CAST(share_num AS REAL) / share_den share,
            right IN ('proprieta', 'nuda_proprieta') owning FROM rights)
        SELECT days.id, days.d,
          total(CASE WHEN r.owning THEN r.share END) owners, total(CASE WHEN NOT r.owning THEN r.share END) others,
          count(*) - count(DISTINCT r.subject_id || r.right) twice
        FROM days JOIN shares r ON r.${column} = days.id AND r.valid_from <= days.d
          AND (r.valid_to IS NULL OR r.valid_to >= days.d)
        GROUP BY days.id, days.d HAVING owners > 1.000001 OR others > 1.000001 OR twice > 0
        ORDER BY days.id, days.d LIMIT 20`,
        )
        .all(JSON.stringify([...ids])) as { id: number; d: string; owners: number; others: number; twice: number }[];
      for (const r of over) {
        const what = column === 'unit_id' ? 'unità' : 'particella';
        problems.push(
          r.twice > 0
            ? `${what} ${r.id}: lo stesso soggetto ha due volte lo stesso diritto al ${r.d}`
            : `${what} ${r.id}: quote oltre l'intero al ${r.d} ` +
                `(proprietà ${+r.owners.toFixed(4)}, altri diritti ${+r.others.toFixed(4)})`,
        );
      }
    }
    return problems;
  },
};

const history: CsvKind = {
  required: ['sezione', 'foglio', 'particella', 'subalterno', 'dal', 'categoria', 'rendita'],
  optional: ['al', 'classe', 'consistenza', 'superficie_catastale', 'superficie_escluse_scoperte'],
  row(ctx, v) {
    const t = ctx.target(v);
    if (t.unit === null) throw new RowError('lo storico catastale riguarda unità immobiliari: indicare il subalterno');
    const categoria = normalizeCategoria(v.categoria ?? '');
    if (!categoria) throw new RowError(`categoria catastale non valida: "${v.categoria ?? ''}" (es. A/2)`);
    const p = period(v, 'dal', 'al');
    const optional = (k: string, what: string) => (v[k] ? number(v[k], what, { min: 0 }) : null);
    const attrs = {
      categoria,
      classe: v.classe || null,
      consistenza: optional('consistenza', 'consistenza'),
      rendita: number(v.rendita, 'rendita', { min: 0 }),
      superficie_catastale: optional('superficie_catastale', 'superficie catastale'),
      superficie_escluse_scoperte: optional('superficie_escluse_scoperte', 'superficie escluse aree scoperte'),
    };
    // A revision ends the version in force before it (the day before), as the cadastre's own history does.
    const open = ctx
      .st(`SELECT id FROM unit_cadastral_history WHERE unit_id = ? AND valid_to IS NULL AND valid_from < ?`)
      .all(t.unit, p.from) as { id: number }[];
    const dayBefore = new Date(Date.parse(`${p.from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    for (const o of open)
      ctx.upsert(
        'unit_cadastral_history',
        'unit_cadastral_history',
        'versioni_chiuse',
        { id: o.id },
        { valid_to: dayBefore },
      );
    ctx.upsert(
      'unit_cadastral_history',
      'unit_cadastral_history',
      'versioni_catastali',
      { unit_id: t.unit, valid_from: p.from },
      { valid_to: p.to, ...attrs },
    );
    // The version still in force is the unit's current state in the register.
    if (p.to === null) ctx.upsert('units', 'unit', 'unita_aggiornate', { id: t.unit }, attrs);
    ctx.touched.units.add(t.unit);
  },
  check(ctx) {
    if (!ctx.touched.units.size) return [];
    const overlaps = ctx.db
      .prepare(
        `SELECT a.unit_id, a.valid_from a, b.valid_from b FROM unit_cadastral_history a
      JOIN unit_cadastral_history b ON b.unit_id = a.unit_id AND b.id > a.id
        AND a.valid_from <= coalesce(b.valid_to, '9999-12-31') AND b.valid_from <= coalesce(a.valid_to, '9999-12-31')
      WHERE a.unit_id IN (SELECT value FROM json_each(?)) ORDER BY a.unit_id LIMIT 20`,
      )
      .all(JSON.stringify([...ctx.touched.units])) as { unit_id: number; a: string; b: string }[];
    return overlaps.map((o) => `unità ${o.unit_id}: le versioni dal ${o.a} e dal ${o.b} si sovrappongono`);
  },
};

export const FACT_ROWS = { 'csv-diritti': rights, 'csv-storico-catastale': history };
