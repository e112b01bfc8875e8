// The dashboard's charts, drawn by Observable Plot from /api/audit/summary: € claimable by rule and by
// year, and the pipeline of findings by state. Each function returns the element to mount.
import * as Plot from '@observablehq/plot';
import type { Aggregate } from './findings.ts';
import { type FindingState, RULE_LABELS, STATE_LABELS } from './findings.ts';

const WIDTH = 390;
const eurTick = (n: number) =>
  n >= 1000 ? `${(n / 1000).toLocaleString('it-IT', { maximumFractionDigits: 0 })} k€` : `${n} €`;
const eurLabel = (n: number) =>
  n.toLocaleString('it-IT', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });

export function byRuleChart(rows: Aggregate[]): SVGSVGElement | HTMLElement {
  const data = rows.map((r) => ({
    rule: `${r.key}. ${RULE_LABELS[Number(r.key)] ?? ''}`,
    eur: r.claimable_eur,
    n: r.findings,
  }));
  return Plot.plot({
    width: WIDTH,
    height: 40 + 38 * Math.max(data.length, 1),
    marginLeft: 150,
    marginRight: 12,
    style: { fontSize: '11px' },
    x: { label: '€ recuperabili', grid: true, tickFormat: eurTick },
    marks: [
      // Rule names wrap over two lines instead of being cut at the margin.
      Plot.axisY({ label: null, lineWidth: 12, tickSize: 0 }),
      Plot.barX(data, {
        x: 'eur',
        y: 'rule',
        fill: '#1f5fa8',
        sort: { y: '-x' },
        tip: true,
        title: (d: { rule: string; eur: number; n: number }) => `${d.rule}\n${eurLabel(d.eur)} · ${d.n} segnalazioni`,
      }),
      Plot.ruleX([0]),
    ],
  });
}

export function byYearChart(rows: Aggregate[]): SVGSVGElement | HTMLElement {
  const data = rows.map((r) => ({ year: Number(r.key), eur: r.claimable_eur, n: r.findings }));
  return Plot.plot({
    width: WIDTH,
    height: 200,
    marginLeft: 60,
    style: { fontSize: '11px' },
    x: { label: "anno d'imposta", type: 'band', tickFormat: 'd' },
    y: { label: '€ recuperabili', grid: true, tickFormat: eurTick },
    marks: [
      Plot.barY(data, {
        x: 'year',
        y: 'eur',
        fill: '#d9825b',
        tip: true,
        title: (d: { eur: number; n: number }) => `${eurLabel(d.eur)} · ${d.n} segnalazioni`,
      }),
      Plot.ruleY([0]),
    ],
  });
}

/** The pipeline: found → in progress → assessed, and archived, as counts with their € in the tip. */
const PIPELINE: { state: FindingState; color: string }[] = [
  { state: 'da_verificare', color: '#9aa7b8' },
  { state: 'in_istruttoria', color: '#e0a100' },
  { state: 'accertato', color: '#1a8f3c' },
  { state: 'archiviato', color: '#6b6b6b' },
];

export function pipelineChart(rows: Aggregate[]): SVGSVGElement | HTMLElement {
  const data = PIPELINE.map(({ state, color }) => {
    const r = rows.find((x) => x.key === state);
    return { state: STATE_LABELS[state], n: r?.findings ?? 0, eur: r?.claimable_eur ?? 0, color };
  });
  return Plot.plot({
    width: WIDTH,
    height: 160,
    marginLeft: 90,
    marginRight: 36,
    style: { fontSize: '11px' },
    x: { label: 'segnalazioni', grid: true },
    y: { label: null, domain: data.map((d) => d.state) },
    marks: [
      Plot.barX(data, {
        x: 'n',
        y: 'state',
        fill: 'color',
        tip: true,
        title: (d: { n: number; eur: number }) => `${d.n} segnalazioni · ${eurLabel(d.eur)}`,
      }),
      Plot.text(data, { x: 'n', y: 'state', text: (d: { n: number }) => String(d.n), dx: 4, textAnchor: 'start' }),
      Plot.ruleX([0]),
    ],
  });
}
