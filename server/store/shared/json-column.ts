/** A JSON column's new value, or undefined to leave it. */
export const json = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));
