// Mapbox Vector Tile 2.1 encoder (protobuf via pbf). Features carry integer ids.
import { PbfWriter as Pbf } from 'pbf';
import type { TileFeature } from '../store/tiles.ts';

export interface TileLayer {
  name: string;
  extent: number;
  features: TileFeature[];
}

const zigzag = (n: number) => (n << 1) ^ (n >> 31);
const command = (id: number, count: number) => (count << 3) | (id & 7);

function geometryCommands(f: TileFeature): number[] {
  const out: number[] = [];
  let cx = 0,
    cy = 0;
  for (const part of f.geometry) {
    const pts = f.type === 3 ? part.slice(0, -1) : part; // polygons: the closing point is implicit
    if (pts.length === 0) continue;
    out.push(command(1, 1), zigzag(pts[0]![0] - cx), zigzag(pts[0]![1] - cy));
    [cx, cy] = pts[0]!;
    if (pts.length > 1) {
      out.push(command(2, pts.length - 1));
      for (let i = 1; i < pts.length; i++) {
        out.push(zigzag(pts[i]![0] - cx), zigzag(pts[i]![1] - cy));
        [cx, cy] = pts[i]!;
      }
    }
    if (f.type === 3) out.push(command(7, 1));
  }
  return out;
}

export function encodeTile(layers: TileLayer[]): Uint8Array {
  const pbf = new Pbf();
  for (const layer of layers) {
    if (layer.features.length === 0) continue;
    pbf.writeMessage(
      3,
      (l: TileLayer, p: Pbf) => {
        const keys = new Map<string, number>();
        const values = new Map<string, number>();
        const valueList: (string | number | boolean)[] = [];
        p.writeVarintField(15, 2);
        p.writeStringField(1, l.name);
        for (const f of l.features) {
          p.writeMessage(
            2,
            () => {
              p.writeVarintField(1, f.id);
              const tags: number[] = [];
              for (const [k, v] of Object.entries(f.properties)) {
                if (v === null || v === undefined) continue;
                if (!keys.has(k)) keys.set(k, keys.size);
                const vk = `${typeof v}:${v}`;
                if (!values.has(vk)) {
                  values.set(vk, valueList.length);
                  valueList.push(v);
                }
                tags.push(keys.get(k)!, values.get(vk)!);
              }
              p.writePackedVarint(2, tags);
              p.writeVarintField(3, f.type);
              p.writePackedVarint(4, geometryCommands(f));
            },
            undefined,
          );
        }
        for (const k of keys.keys()) p.writeStringField(3, k);
        for (const v of valueList) {
          p.writeMessage(
            4,
            () => {
              if (typeof v === 'string') p.writeStringField(1, v);
              else if (typeof v === 'boolean') p.writeBooleanField(7, v);
              else if (Number.isInteger(v)) v < 0 ? p.writeSVarintField(6, v) : p.writeVarintField(5, v);
              else p.writeDoubleField(3, v);
            },
            undefined,
          );
        }
        p.writeVarintField(5, l.extent);
      },
      layer,
    );
  }
  return pbf.finish();
}
