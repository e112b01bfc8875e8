// Rule 6: a building on the ground (footprint) with no cadastral unit is not in the Catasto Fabbricati.
// There is no tax base to compute until it is registered (accatastamento): evidence only, no amount.

import type { FindingDraft } from '../../store/audit.ts';
import type { BuildingWithoutUnits } from '../../store/audit-candidates.ts';
import type { AuditRule } from './rule.ts';

/**
 * Pure decision: a standing building (not demolished) with no unit is missing from the cadastre in `year`, from
 * the year it was built (a building still being built is reported in the current year).
 */
export function isMissingFromCadastre(
  b: Pick<BuildingWithoutUnits, 'status' | 'year_built'>,
  year: number,
  currentYear: number,
  unitCount = 0,
): boolean {
  return unitCount === 0 && b.status !== 'demolito' && year >= Math.min(b.year_built ?? year, currentYear);
}

export function evidenceOf(b: BuildingWithoutUnits): FindingDraft['evidence'] {
  return {
    summary:
      `Edificio ${b.code} presente sul terreno ` +
      `(impronta di ${b.area_m2} m²) ` +
      'senza unità immobiliari in catasto',
    building_code: b.code,
    status: b.status,
    use: b.use,
    footprint_m2: b.area_m2,
    floors_above: b.floors_above,
    year_built: b.year_built,
    addresses: b.addresses,
    parcels: b.parcels,
    action: "Verificare in sopralluogo e invitare la proprietà all'accatastamento (DOCFA)",
  };
}

export const rule6: AuditRule = {
  rule: 6,
  title: 'Edificio non accatastato',
  async *findings(ctx) {
    // Reported in each year it stood unregistered: once registered, those are the years to claim back.
    const currentYear = Number(ctx.asOf.slice(0, 4));
    for await (const batch of ctx.facts.buildingsWithoutUnits(ctx.comune)) {
      yield batch
        .filter((b) => isMissingFromCadastre(b, ctx.year, currentYear))
        .map(
          (b): FindingDraft => ({
            rule: 6,
            year: ctx.year,
            unit_id: null,
            building_id: b.building_id,
            parcel_id: null,
            subject_id: null,
            amount_eur: null,
            claimable_eur: 0,
            evidence: evidenceOf(b),
            steps: [],
          }),
        );
    }
  },
};
