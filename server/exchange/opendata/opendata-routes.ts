// Open data for the comune's portal: public layers (never personal data) as GeoJSON and CSV at stable
// URLs, with licence and attribution. One read connection per download: a consistent snapshot.

import { DatabaseSync } from 'node:sqlite';
import { Hono } from 'hono';
import { plainText } from '../../domain/text/plain-text.ts';
import { notFound } from '../../errors/http-error.ts';
import type { AppEnv, Deps } from '../../http/env.ts';
import { textStream } from '../../http/text-stream.ts';
import { exchangeFile } from '../exchange-file.ts';
import { dropArea, selectArea } from '../export/area.ts';
import { EXPORT_LAYERS, type ExportLayer } from '../export/catalogue.ts';

export const LICENSE = { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' };
const CADASTRAL = new Set(['parcels', 'buildings', 'units', 'addresses']);
const attribution = (layer: string) =>
  CADASTRAL.has(layer)
    ? "Contiene dati dell'Agenzia delle Entrate (CC BY 4.0); Confini: ISTAT (CC BY)"
    : 'Comune, Anagrafe Territoriale edigit (CC BY 4.0)';
const OPEN = EXPORT_LAYERS.filter((l) => !l.personal);

function* rows(dbPath: string, comune: string, layer: ExportLayer): Generator<Record<string, string | number | null>> {
  const db = new DatabaseSync(dbPath);
  try {
    db.exec('PRAGMA busy_timeout = 5000; BEGIN');
    selectArea(db, comune, { kind: 'comune' });
    yield* db.prepare(layer.sql).iterate() as Iterable<Record<string, string | number | null>>;
    dropArea(db);
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}

/** Published text is plain text (never markup), whatever was stored before input refused it; `skip`: the
 * geometry column. */
const publishedRow = (r: Record<string, string | number | null>, skip: number) =>
  Object.values(r).map((v, i) => (i !== skip && typeof v === 'string' ? plainText(v) : v));

export const csvCell = (v: unknown) =>
  v === null || v === undefined ? '' : /[",;\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);

export function opendataRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const layerOf = async (comune: string, id: string) => {
    const layer = OPEN.find((l) => l.id === id);
    if (!layer || !(await deps.store.comuni.exists(comune))) throw notFound(`Dataset ${comune}/${id} non trovato`);
    return layer;
  };
  const headers = (layer: string, type: string, file: string) => ({
    'Content-Type': type,
    'Content-Disposition': `inline; filename="${file}"`,
    Link: `<${LICENSE.url}>; rel="license"`,
    'X-Attribution': encodeURIComponent(attribution(layer)),
    'Cache-Control': 'public, max-age=300',
  });

  app.get('/opendata', async (c) => {
    const comuni = await deps.store.comuni.list();
    return c.json({
      title: 'Anagrafe Territoriale — dati aperti',
      license: LICENSE,
      datasets: comuni.flatMap((cm) =>
        OPEN.map((l) => ({
          id: `${cm.code}/${l.id}`,
          title: `${l.title} — ${cm.name}`,
          description: l.description,
          license: LICENSE,
          attribution: attribution(l.id),
          distributions: [
            ...(l.geometry
              ? [
                  {
                    format: 'GeoJSON',
                    mediaType: 'application/geo+json',
                    url: `/api/opendata/${cm.code}/${l.id}.geojson`,
                  },
                ]
              : []),
            { format: 'CSV', mediaType: 'text/csv', url: `/api/opendata/${cm.code}/${l.id}.csv` },
          ],
          columns: l.columns.map(({ name, description }) => ({ name, description })),
        })),
      ),
    });
  });

  app.get('/opendata/:comune/:file', async (c) => {
    const m = /^([a-z_]+)\.(geojson|csv)$/.exec(c.req.param('file'));
    if (!m) throw notFound('Formato non disponibile: usare .geojson o .csv');
    const dbPath = exchangeFile(deps.engine, 'Lo scaricamento dei dati aperti');
    const comune = c.req.param('comune').toUpperCase();
    const layer = await layerOf(comune, m[1]!);
    const names = layer.columns.map((col) => col.name);
    if (m[2] === 'geojson') {
      if (!layer.geometry) throw notFound(`${layer.id} non ha geometria: disponibile in CSV`);
      const meta = JSON.stringify({
        type: 'FeatureCollection',
        name: `${comune}_${layer.id}`,
        license: LICENSE,
        attribution: attribution(layer.id),
      }).slice(0, -1);
      function* chunks() {
        yield `${meta},"features":[\n`;
        let first = true;
        for (const r of rows(dbPath, comune, layer)) {
          const v = publishedRow(r, 0);
          const props = Object.fromEntries(names.map((n, i) => [n, v[i + 1]]));
          yield `${first ? '' : ',\n'}{"type":"Feature","properties":${JSON.stringify(props)},"geometry":${v[0]}}`;
          first = false;
        }
        yield '\n]}\n';
      }
      return c.body(
        textStream(chunks()),
        200,
        headers(layer.id, 'application/geo+json; charset=utf-8', `${comune}_${layer.id}.geojson`),
      );
    }
    function* csv() {
      yield `${(layer.geometry ? ['wkt_centroide', ...names] : names).join(',')}\n`;
      for (const r of rows(dbPath, comune, layer)) {
        const v = publishedRow(r, layer.geometry ? 0 : -1);
        if (layer.geometry) {
          const g = JSON.parse(v[0] as string) as {
            type: string;
            coordinates: number[][] | number[][][] | number[][][][];
          };
          const pts = (
            g.type === 'LineString'
              ? [g.coordinates]
              : g.type === 'Polygon'
                ? g.coordinates
                : (g.coordinates as number[][][][]).flat()
          ) as number[][][];
          const ring = pts[0]!;
          const cx = ring.reduce((s, p) => s + p[0]!, 0) / ring.length,
            cy = ring.reduce((s, p) => s + p[1]!, 0) / ring.length;
          yield `${[`POINT (${cx.toFixed(7)} ${cy.toFixed(7)})`, ...v.slice(1)].map(csvCell).join(',')}\n`;
        } else yield `${v.map(csvCell).join(',')}\n`;
      }
    }
    return c.body(textStream(csv()), 200, headers(layer.id, 'text/csv; charset=utf-8', `${comune}_${layer.id}.csv`));
  });
  return app;
}
