// The comuni a taxpayer can pick on the public calculator: the calculator then applies that comune's
// delibera (IMU) or tariffs (TARI) for the year, server-side. The names come from the public open-data
// catalogue, which needs no session.
import { api } from '../lib/api.ts';

export interface Comune {
  code: string;
  name: string;
}

/** Dataset titles read "Particelle catastali — Lissone" with ids "E617/parcels": one per comune. */
export async function loadComuni(): Promise<Comune[]> {
  const { datasets } = (await api<{ datasets: { id: string; title: string }[] }>('/api/opendata')).data;
  return datasets
    .filter((d) => d.id.endsWith('/parcels'))
    .map((d) => ({ code: d.id.split('/')[0]!, name: d.title.split(' — ').pop()! }));
}

/** The choices of a calculator's rate source: each comune, then '' for a rate or tariff typed in by hand. */
export const comuneOptions = (comuni: Comune[], manual: string) => [
  ...comuni.map((c) => ({ value: c.code, label: `${c.name} (${c.code})` })),
  { value: '', label: manual },
];
