// Engine results memoised on their case within one rule and year: many objects share category, rendita,
// share and period. Results are only read, never changed; the map is emptied when it grows too big.
const LIMIT = 50_000;

export function memoized<C, R>(compute: (c: C) => R): (c: C) => R {
  const memo = new Map<string, R>();
  return (c) => {
    const key = JSON.stringify(c);
    let r = memo.get(key);
    if (r === undefined) {
      if (memo.size >= LIMIT) memo.clear();
      r = compute(c);
      memo.set(key, r);
    }
    return r;
  };
}
