// Web Mercator tile arithmetic (z/x/y, XYZ scheme).
export const MAX_ZOOM = 22;

export function tileBounds(
  z: number,
  x: number,
  y: number,
): { west: number; south: number; east: number; north: number } {
  const n = 2 ** z;
  const lon = (i: number) => (i / n) * 360 - 180;
  const lat = (j: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * j) / n))) * 180) / Math.PI;
  return { west: lon(x), east: lon(x + 1), north: lat(y), south: lat(y + 1) };
}

/**
 * The lon/lat box a tile's features come from: its bounds plus `buffer`, the share of its side around it that
 * its features may fill (to-tile.ts), so that features on the edge are whole.
 */
export function bufferedTileBox(z: number, x: number, y: number, buffer: number) {
  const b = tileBounds(z, x, y);
  const mx = (b.east - b.west) * buffer,
    my = (b.north - b.south) * buffer;
  return { minx: b.west - mx, miny: b.south - my, maxx: b.east + mx, maxy: b.north + my };
}

export function isValidTile(z: number, x: number, y: number): boolean {
  return (
    Number.isInteger(z) &&
    Number.isInteger(x) &&
    Number.isInteger(y) &&
    z >= 0 &&
    z <= MAX_ZOOM &&
    x >= 0 &&
    y >= 0 &&
    x < 2 ** z &&
    y < 2 ** z
  );
}

/** Projects lon/lat to pixel coordinates inside tile z/x/y with the given extent (y down). */
export function projector(
  z: number,
  x: number,
  y: number,
  extent: number,
): (lon: number, lat: number) => [number, number] {
  const scale = 2 ** z * extent;
  return (lon, lat) => {
    const sin = Math.sin((lat * Math.PI) / 180);
    const px = ((lon + 180) / 360) * scale - x * extent;
    const py = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale - y * extent;
    return [px, py];
  };
}
