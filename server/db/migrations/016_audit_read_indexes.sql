-- F24 lines linked to no position are few (imported lines without a match), yet the audit looked for them by
-- scanning every payment of its years (0.8 s on a 100,000-parcel comune): a partial index holds only them.
CREATE INDEX imu_payments_unlinked ON imu_payments(comune, tax_year, subject_id) WHERE position_id IS NULL;
