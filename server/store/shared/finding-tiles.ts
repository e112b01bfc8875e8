// The audit's map layers as both engines draw them: feature ids and the colour of an object's findings.

/** Parcel features get ids above every building id, so that the two never share a feature id in one source. */
export const PARCEL_FEATURE_ID_OFFSET = 1e12;

/** Which state colours an object with several findings (SQL over findings `f`): the one that most needs attention. */
export const DOMINANT_STATE = `CASE min(CASE f.state WHEN 'in_istruttoria' THEN 1 WHEN 'da_verificare' THEN 2
  WHEN 'accertato' THEN 3 WHEN 'archiviato' THEN 4 ELSE 5 END)
  WHEN 1 THEN 'in_istruttoria' WHEN 2 THEN 'da_verificare' WHEN 3 THEN 'accertato' WHEN 4 THEN 'archiviato'
  ELSE 'non_piu_riscontrato' END`;
