// Readers that turn each supported file into an ImportBatch (geometry in lon/lat, EPSG:4326).
import { transformer } from '../../domain/crs/crs.ts';
import { mapCoordinates } from '../../domain/geometry/map-coordinates.ts';
import type { Position } from '../../domain/geometry/types.ts';
import type { ImportBatch, IncomingBuilding, IncomingParcel, Rejection } from './apply.ts';
import { parseCxf } from './cxf.ts';

export class FormatError extends Error {}

/** CXF sheet: the user names the sheet's CRS (EPSG code or PROJ string, e.g. a Cassini-Soldner origin). */
export function batchFromCxf(text: string, comune: string, crs: string | undefined): ImportBatch {
  if (!crs)
    throw new FormatError(
      'il CRS delle coordinate del foglio CXF va indicato ' +
        '(es. --crs EPSG:7792, o una stringa PROJ per Cassini-Soldner)',
    );
  const cxf = parseCxf(text);
  if (cxf.sheet.comune !== comune)
    throw new FormatError(`il foglio ${cxf.sheet.name} è del comune ${cxf.sheet.comune}, non di ${comune}`);
  const f = transformer(crs, 'EPSG:4326');
  const { sezione, foglio } = cxf.sheet;
  const parcels: IncomingParcel[] = [];
  const buildings: IncomingBuilding[] = [];
  const ordinal = new Map<string, number>();
  const next = (k: string) => {
    const n = (ordinal.get(k) ?? 0) + 1;
    ordinal.set(k, n);
    return n;
  };
  for (const p of cxf.polygons) {
    const source = `riga ${p.line} (${p.id})`;
    const geometry = mapCoordinates({ type: 'Polygon', coordinates: p.rings }, f);
    if (p.kind === 'sheet') continue;
    if (p.kind === 'building') {
      const particella = p.id.slice(0, -1);
      buildings.push({
        source,
        code: `${comune}-${sezione || '_'}${foglio.padStart(4, '0')}-${particella}-F${next(`b${particella}`)}`,
        parcel: { sezione, foglio, particella },
        geometry,
      });
      continue;
    }
    // Roads and water have no number: the n-th STRADA/ACQUA of the sheet.
    const particella =
      p.kind === 'parcel'
        ? p.id
        : `${p.id.toUpperCase()}${p.id.length > 6 ? '' : String(next(p.id.toUpperCase())).padStart(3, '0')}`;
    parcels.push({
      source,
      sezione,
      foglio,
      particella,
      kind: p.kind === 'road' ? 'strada' : p.kind === 'water' ? 'acqua' : 'particella',
      geometry,
    });
  }
  return { comune, parcels, buildings };
}

/** NATIONALCADASTRALREFERENCE "C209_000500.96": comune, sezione or "_", foglio, allegato, sviluppo, particella. */
export function parseNationalReference(
  ref: string,
): { comune: string; sezione: string; foglio: string; particella: string } | null {
  const m = /^([A-Z]\d{3})([A-Z_])(\d{4})([A-Z0-9])([A-Z0-9])\.([A-Z0-9]+)$/i.exec(ref.trim());
  if (!m) return null;
  return {
    comune: m[1]!.toUpperCase(),
    sezione: m[2] === '_' ? '' : m[2]!.toUpperCase(),
    foglio: String(Number(m[3])),
    particella: m[6]!.toUpperCase(),
  };
}

const kindOf = (particella: string): IncomingParcel['kind'] =>
  /^STRADA/.test(particella) ? 'strada' : /^ACQUA/.test(particella) ? 'acqua' : 'particella';

function inspireParcel(
  source: string,
  ref: string,
  geometry: unknown,
  comune: string,
  rejected: Rejection[],
): IncomingParcel | null {
  const r = parseNationalReference(ref);
  if (!r) {
    rejected.push({
      source,
      reason: 'bad-reference',
      message: `riferimento catastale nazionale non valido: "${String(ref).slice(0, 60)}"`,
    });
    return null;
  }
  if (r.comune !== comune) {
    rejected.push({
      source,
      reason: 'other-comune',
      message: `la particella ${ref} è del comune ${r.comune}, non di ${comune}`,
    });
    return null;
  }
  return {
    source,
    sezione: r.sezione,
    foglio: r.foglio,
    particella: r.particella,
    kind: kindOf(r.particella),
    geometry,
  };
}

/** INSPIRE CadastralParcel as GeoJSON (lon,lat as in RFC 7946; RDN2008 ≈ WGS84 at this scale). */
export function batchFromInspireGeoJson(text: string, comune: string): ImportBatch {
  let fc: { type?: string; features?: { properties?: Record<string, unknown>; geometry?: unknown }[] };
  try {
    fc = JSON.parse(text);
  } catch (e) {
    throw new FormatError(`GeoJSON non valido: ${(e as Error).message}`);
  }
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    throw new FormatError('atteso un GeoJSON FeatureCollection');
  const rejected: Rejection[] = [];
  const parcels: IncomingParcel[] = [];
  fc.features.forEach((f, i) => {
    const ref = f.properties?.NATIONALCADASTRALREFERENCE ?? f.properties?.nationalCadastralReference;
    const p = inspireParcel(`feature ${i + 1}`, String(ref ?? ''), f.geometry, comune, rejected);
    if (p) parcels.push(p);
  });
  return { comune, parcels, buildings: [], rejected };
}

/** INSPIRE CadastralParcel GML (WFS or bulk): EPSG:6706 posLists are lat,lon; a lon,lat CRS URI is honoured. */
export function batchFromInspireGml(text: string, comune: string): ImportBatch {
  const members = [...text.matchAll(/<((?:\w+:)?CadastralParcel)\b[^>]*>([\s\S]*?)<\/\1>/g)];
  if (members.length === 0) throw new FormatError('nessun CadastralParcel nel file GML');
  const rejected: Rejection[] = [];
  const parcels: IncomingParcel[] = [];
  members.forEach((m, i) => {
    const body = m[2]!;
    const source = `CadastralParcel ${i + 1}`;
    const ref = /<(?:\w+:)?nationalCadastralReference>([^<]*)</.exec(body)?.[1] ?? '';
    const srs = /srsName="([^"]+)"/.exec(body)?.[1] ?? 'EPSG:6706';
    // EPSG:6706 and 4326 as URNs/URIs have latitude first; the plain "EPSG:4326" legacy form is lon,lat.
    const latFirst = !/^EPSG:4326$/i.test(srs);
    const dim = Number(/srsDimension="(\d)"/.exec(body)?.[1] ?? 2);
    const ring = (posList: string): Position[] => {
      const n = posList.trim().split(/\s+/).map(Number);
      const pts: Position[] = [];
      for (let k = 0; k + 1 < n.length; k += dim) pts.push(latFirst ? [n[k + 1]!, n[k]!] : [n[k]!, n[k + 1]!]);
      return pts;
    };
    const polygons = [...body.matchAll(/<(?:\w+:)?Polygon\b[^>]*>([\s\S]*?)<\/(?:\w+:)?Polygon>/g)]
      .map((pm) => {
        const exterior = /<(?:\w+:)?exterior>[\s\S]*?<(?:\w+:)?posList[^>]*>([^<]*)</.exec(pm[1]!)?.[1];
        const interiors = [...pm[1]!.matchAll(/<(?:\w+:)?interior>[\s\S]*?<(?:\w+:)?posList[^>]*>([^<]*)</g)].map(
          (x) => x[1]!,
        );
        return exterior ? [ring(exterior), ...interiors.map(ring)] : null;
      })
      .filter((p) => p !== null);
    if (polygons.length === 0) {
      rejected.push({ source, reason: 'no-geometry', message: 'nessun poligono con gml:posList' });
      return;
    }
    const geometry =
      polygons.length === 1
        ? { type: 'Polygon', coordinates: polygons[0] }
        : { type: 'MultiPolygon', coordinates: polygons };
    const p = inspireParcel(source, ref, geometry, comune, rejected);
    if (p) parcels.push(p);
  });
  return { comune, parcels, buildings: [], rejected };
}
