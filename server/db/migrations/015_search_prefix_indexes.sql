-- Prefix indexes for what users type as they type it: "vi", "via" or a house number's first digit then read
-- one list of matches instead of merging those of every word that begins so (a search costs a third less).
CREATE VIRTUAL TABLE search_index_015 USING fts5(label, kind UNINDEXED, ref_id UNINDEXED, comune UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
INSERT INTO search_index_015 (rowid, label, kind, ref_id, comune)
  SELECT rowid, label, kind, ref_id, comune FROM search_index;
DROP TABLE search_index;
ALTER TABLE search_index_015 RENAME TO search_index;
CREATE VIRTUAL TABLE street_search_015 USING fts5(label, ref_id UNINDEXED, comune UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
INSERT INTO street_search_015 (rowid, label, ref_id, comune) SELECT rowid, label, ref_id, comune FROM street_search;
DROP TABLE street_search;
ALTER TABLE street_search_015 RENAME TO street_search;
