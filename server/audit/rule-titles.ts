// The titles of the seven audit rules of domain.md, by rule number: one list for the rules (server/audit/rules/)
// and the client's worklist, filters and charts. Pure: the browser bundle imports it.
export const RULE_TITLES: Record<number, string> = {
  1: 'Unità non dichiarata ai fini IMU',
  2: 'IMU versata inferiore al dovuto',
  3: "Superficie TARI inferiore all'80% della catastale",
  4: 'Residenti senza posizione TARI',
  5: 'Esenzione abitazione principale senza residenza',
  6: 'Edificio non accatastato',
  7: 'Area edificabile dichiarata come terreno agricolo',
};
