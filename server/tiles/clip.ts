// Clipping to the tile's buffered square, in tile pixel coordinates.
type P = [number, number];

/** Sutherland–Hodgman: clips a closed ring to [min, max]²; the result may be empty. */
export function clipRing(ring: P[], min: number, max: number): P[] {
  let pts = ring;
  const edges: [(p: P) => boolean, (a: P, b: P) => P][] = [
    [(p) => p[0] >= min, (a, b) => [min, a[1] + ((b[1] - a[1]) * (min - a[0])) / (b[0] - a[0])]],
    [(p) => p[0] <= max, (a, b) => [max, a[1] + ((b[1] - a[1]) * (max - a[0])) / (b[0] - a[0])]],
    [(p) => p[1] >= min, (a, b) => [a[0] + ((b[0] - a[0]) * (min - a[1])) / (b[1] - a[1]), min]],
    [(p) => p[1] <= max, (a, b) => [a[0] + ((b[0] - a[0]) * (max - a[1])) / (b[1] - a[1]), max]],
  ];
  for (const [inside, cut] of edges) {
    if (pts.length === 0) break;
    const out: P[] = [];
    for (let i = 0; i < pts.length; i++) {
      const cur = pts[i]!,
        prev = pts[(i + pts.length - 1) % pts.length]!;
      if (inside(cur)) {
        if (!inside(prev)) out.push(cut(prev, cur));
        out.push(cur);
      } else if (inside(prev)) out.push(cut(prev, cur));
    }
    pts = out;
  }
  return pts;
}

/** Clips a polyline to [min, max]²; returns the pieces inside (Liang–Barsky per segment). */
export function clipLine(line: P[], min: number, max: number): P[][] {
  const parts: P[][] = [];
  let cur: P[] = [];
  for (let i = 0; i < line.length - 1; i++) {
    const a = line[i]!,
      b = line[i + 1]!;
    let t0 = 0,
      t1 = 1;
    const dx = b[0] - a[0],
      dy = b[1] - a[1];
    let ok = true;
    for (const [p, q] of [
      [-dx, a[0] - min],
      [dx, max - a[0]],
      [-dy, a[1] - min],
      [dy, max - a[1]],
    ] as const) {
      if (p === 0) {
        if (q < 0) {
          ok = false;
          break;
        }
        continue;
      }
      const t = q / p;
      if (p < 0) {
        if (t > t1) {
          ok = false;
          break;
        }
        if (t > t0) t0 = t;
      } else {
        if (t < t0) {
          ok = false;
          break;
        }
        if (t < t1) t1 = t;
      }
    }
    if (!ok) {
      if (cur.length) {
        parts.push(cur);
        cur = [];
      }
      continue;
    }
    const s: P = [a[0] + t0 * dx, a[1] + t0 * dy],
      e: P = [a[0] + t1 * dx, a[1] + t1 * dy];
    if (cur.length === 0) cur.push(s);
    cur.push(e);
    if (t1 < 1) {
      parts.push(cur);
      cur = [];
    }
  }
  if (cur.length > 1) parts.push(cur);
  return parts.filter((p) => p.length > 1);
}
