// Engine results memoised on their case within one rule and year: many objects share category, rendita,
// share and period. Results are only read, never changed; the map is emptied when it grows too big.
const LIMIT = 20_000;

/** `keyOf` names a case uniquely; JSON.stringify by default, a cheaper key where the case's shape is known. */
export function memoized<C, R>(compute: (c: C) => R, keyOf: (c: C) => string = JSON.stringify): (c: C) => R {
  const memo = new Map<string, R>();
  return (c) => {
    const key = keyOf(c);
    let r = memo.get(key);
    if (r === undefined) {
      if (memo.size >= LIMIT) memo.clear();
      r = compute(c);
      memo.set(key, r);
    }
    return r;
  };
}
