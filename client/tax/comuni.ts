// The comuni a taxpayer can pick on the public calculator, with the rates each applies per year. The
// names come from the public open-data catalogue (no session needed); the rates from the comune's
// published delibere (public acts).
import { api } from '../lib/api.ts';

export interface ImuRatesShown { ordinary: number; main_home: number; group_d: number; published: boolean }
export interface TariRatesShown { domestic_fixed_per_m2: number; domestic_variable: number[]; tefa_percent: number }
export interface ComuneRates { code: string; name: string; imu: Record<number, ImuRatesShown>; tari: Record<number, TariRatesShown> }

/** Dataset titles read "Particelle catastali — Lissone" with ids "E617/parcels": one per comune. */
export async function loadComuni(): Promise<ComuneRates[]> {
  const { datasets } = (await api<{ datasets: { id: string; title: string }[] }>('/api/opendata')).data;
  return datasets.filter((d) => d.id.endsWith('/parcels'))
    .map((d) => ({ code: d.id.split('/')[0]!, name: d.title.split(' — ').pop()!, imu: {}, tari: {} }));
}
