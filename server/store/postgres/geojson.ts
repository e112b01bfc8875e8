// Geometries leave PostGIS as GeoJSON text that parses to the same doubles as went in: at 15 decimals a lon/lat
// coordinate keeps 17 significant digits, enough to round-trip every double (tests/unit/pg-buildings.test.ts).
export const asGeoJson = (column: string) => `ST_AsGeoJSON(${column}, 15)`;

/** The geometry's text as SQLite stores it (JSON.stringify of the parsed geometry), so both engines print alike. */
export const canonicalGeoJson = (text: string) => JSON.stringify(JSON.parse(text));
