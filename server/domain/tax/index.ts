// The tax engine's entry points. Everything that needs a tax figure (calculator, dossier, audit, generator)
// calls these; nothing else computes tax.

export { normalizeCategoria } from './imu/categoria.ts';
export { computeImu } from './imu/compute.ts';
export { dueDate } from './imu/instalments.ts';
export { lateInterest } from './penalties/interest.ts';
export { claimableYears, limitation } from './penalties/limitation.ts';
export { sanction } from './penalties/sanction.ts';
export { computeTari } from './tari/compute.ts';
export type * from './types.ts';
