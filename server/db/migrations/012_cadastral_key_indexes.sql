-- Search by foglio/particella[/sub] without a sezione (what users type): the unique keys lead with sezione,
-- so without these SQLite reads every parcel or unit of the comune.
CREATE INDEX parcels_key ON parcels(comune, foglio, particella);
CREATE INDEX units_key ON units(comune, foglio, particella, subalterno);
