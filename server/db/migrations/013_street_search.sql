-- Streets get their own full-text index: a comune has hundreds of streets and a hundred thousand addresses,
-- so a prefix typed in the search box ("vi") finds and ranks its streets among a few rows, instead of ranking
-- every address of every "Via".
CREATE VIRTUAL TABLE street_search USING fts5(label, ref_id UNINDEXED, comune UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO street_search (label, ref_id, comune) SELECT label, ref_id, comune FROM search_index WHERE kind = 'street';
DELETE FROM search_index WHERE kind = 'street';
