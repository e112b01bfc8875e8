import { describe, expect, it } from 'vitest';
import type { TileChangeFeed } from '../../server/store/tile-changes.ts';
import { tileCache, tileKey } from '../../server/tiles/tile-cache.ts';

const still: TileChangeFeed = { version: () => 0, last: () => 0, since: () => [] };
const bytes = (n: number) => new Uint8Array([n]) as Uint8Array<ArrayBuffer>;
const layers = new Set(['buildings']);
const everywhere = { minx: -180, miny: -85, maxx: 180, maxy: 85 };

describe('tile cache with an async make', () => {
  const key = tileKey('buildings', 14, 8700, 5900, ['F205']);

  it('a miss awaits make and keeps the tile; the next ask is a hit', async () => {
    const cache = tileCache(still, () => layers);
    const miss = await cache.get(key, async () => bytes(1));
    const hit = await cache.get(key, async () => bytes(2));
    expect([miss.hit, hit.hit, hit.tile.etag]).toEqual([false, true, miss.tile.etag]);
  });

  it('two concurrent misses of one key both make it, and the key is then a hit', async () => {
    const cache = tileCache(still, () => layers);
    let made = 0;
    const make = async () => {
      made++;
      await new Promise((r) => setTimeout(r, 5));
      return bytes(1);
    };
    const [a, b] = await Promise.all([cache.get(key, make), cache.get(key, make)]);
    expect([a.hit, b.hit, made]).toEqual([false, false, 2]);
    expect((await cache.get(key, make)).hit).toBe(true);
  });

  it('a tile made across a drop of its area is served but not kept', async () => {
    const cache = tileCache(still, () => layers);
    let release = () => {};
    const slow = cache.get(key, () => new Promise((r) => (release = () => r(bytes(1)))));
    cache.invalidateArea(layers, everywhere);
    release();
    expect((await slow).hit).toBe(false);
    expect((await cache.get(key, async () => bytes(2))).hit).toBe(false);
  });
});
