-- The audit reads a comune's IMU positions of a year one page of unit (or parcel) ids at a time: with only
-- (comune, year) SQLite read every position of the year for each page, so a run grew with the square of the
-- comune's size. These indexes give the page's positions directly.
CREATE INDEX imu_positions_comune_year_unit ON imu_positions(comune, year, unit_id);
CREATE INDEX imu_positions_comune_year_parcel ON imu_positions(comune, year, parcel_id);
CREATE INDEX tari_positions_comune_year_unit ON tari_positions(comune, year, unit_id);
