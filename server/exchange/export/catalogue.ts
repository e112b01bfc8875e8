// What a partner can receive: each export layer with its columns (described in gpkg_data_columns), the
// SQL that reads it for the selected area, and whether it holds personal data.
import type { ColumnDef, ColumnType } from '../gpkg/writer.ts';

export interface ExportLayer {
  id: string;
  title: string;
  description: string;
  personal: boolean;
  /** Feature layers: the source table whose `geom` goes out ('area' layers pick POLYGON or MULTIPOLYGON from the data;
   * 'multiarea' layers mix tables, so they always write MULTIPOLYGON). */
  geometry?: { kind: 'area' | 'line'; table: 'parcels' | 'buildings' | 'overlays' | 'streets' } | { kind: 'multiarea' };
  columns: ColumnDef[];
  /** Reads the rows: feature layers select `geom` first. Temp tables sel_parcels and sel_buildings hold the area. */
  sql: string;
}

const col = (name: string, type: ColumnType, title: string, description = title): ColumnDef => ({
  name,
  type,
  title,
  description,
});
const UNIT_KEY = [
  col('comune', 'TEXT', 'Comune', 'Codice Belfiore del comune'),
  col('sezione', 'TEXT', 'Sezione', 'Sezione urbana (vuota se assente)'),
  col('foglio', 'TEXT', 'Foglio', 'Foglio di mappa'),
  col('particella', 'TEXT', 'Particella', 'Numero di particella'),
  col('subalterno', 'TEXT', 'Subalterno', "Subalterno dell'unità immobiliare"),
];
const UNIT_KEY_SQL = 'u.comune, u.sezione, u.foglio, u.particella, u.subalterno';
const BUILDING_CODE = col(
  'building_code',
  'TEXT',
  'Codice edificio',
  "Codice stabile dell'Edificio Digitale (chiave verso buildings.code)",
);
const IN_UNITS = 'u.building_id IN (SELECT id FROM sel_buildings)';
const PARCEL_KEY_SQL = 'p.comune, p.sezione, p.foglio, p.particella';
const PARCEL_KEY = UNIT_KEY.slice(0, 4);

export const EXPORT_LAYERS: ExportLayer[] = [
  {
    id: 'parcels',
    title: 'Particelle catastali',
    description: 'Catasto Terreni: particelle con qualità, classe e redditi',
    personal: false,
    geometry: { kind: 'area', table: 'parcels' },
    columns: [
      ...PARCEL_KEY,
      col('tipo', 'TEXT', 'Tipo', 'particella, strada o acqua'),
      col('qualita', 'TEXT', 'Qualità di coltura'),
      col('classe', 'TEXT', 'Classe'),
      col('superficie', 'REAL', 'Superficie (m²)'),
      col('reddito_dominicale', 'REAL', 'Reddito dominicale (€)'),
      col('reddito_agrario', 'REAL', 'Reddito agrario (€)'),
    ],
    sql: `SELECT p.geom, ${PARCEL_KEY_SQL}, p.kind, p.qualita, p.classe, p.superficie, p.reddito_dominicale,
        p.reddito_agrario
      FROM parcels p JOIN sel_parcels s ON s.id = p.id ORDER BY p.id`,
  },
  {
    id: 'buildings',
    title: 'Edifici',
    description: 'Edificio Digitale: impronta e attributi fisici, uso e stato',
    personal: false,
    geometry: { kind: 'area', table: 'buildings' },
    columns: [
      col('code', 'TEXT', 'Codice edificio', "Codice stabile dell'Edificio Digitale"),
      col('comune', 'TEXT', 'Comune'),
      col('height', 'REAL', 'Altezza (m)'),
      col('floors_above', 'INTEGER', 'Piani fuori terra'),
      col('floors_below', 'INTEGER', 'Piani interrati'),
      col('volume', 'REAL', 'Volume (m³)'),
      col('year_built', 'INTEGER', 'Anno di costruzione'),
      col('use', 'TEXT', "Destinazione d'uso"),
      col('status', 'TEXT', 'Stato'),
      col('structure', 'TEXT', 'Struttura'),
      col('public_owner', 'TEXT', 'Proprietà pubblica'),
      col('note', 'TEXT', 'Nota'),
      col('updated_at', 'TEXT', 'Ultima modifica', "Data e ora dell'ultima modifica (UTC)"),
    ],
    sql: `SELECT b.geom, b.code, b.comune, b.height, b.floors_above, b.floors_below, b.volume, b.year_built, b.use,
        b.status, b.structure, b.public_owner, b.note, b.updated_at
      FROM buildings b JOIN sel_buildings s ON s.id = b.id ORDER BY b.id`,
  },
  {
    id: 'units',
    title: 'Unità immobiliari',
    description: 'Catasto Fabbricati: unità degli edifici esportati',
    personal: false,
    columns: [
      BUILDING_CODE,
      ...UNIT_KEY,
      col('categoria', 'TEXT', 'Categoria catastale'),
      col('classe', 'TEXT', 'Classe'),
      col('consistenza', 'REAL', 'Consistenza', 'vani (A), m³ (B), m² (C)'),
      col('rendita', 'REAL', 'Rendita catastale (€)'),
      col('superficie_catastale', 'REAL', 'Superficie catastale (m²)', 'DPR 138/1998'),
      col('superficie_escluse_scoperte', 'REAL', 'Superficie escluse aree scoperte (m²)'),
      col('piano', 'TEXT', 'Piano'),
    ],
    sql: `SELECT b.code, ${UNIT_KEY_SQL}, u.categoria, u.classe, u.consistenza, u.rendita, u.superficie_catastale,
        u.superficie_escluse_scoperte, u.floor
      FROM units u JOIN buildings b ON b.id = u.building_id WHERE ${IN_UNITS} ORDER BY u.id`,
  },
  {
    id: 'addresses',
    title: 'Numeri civici',
    description: 'Indirizzi degli edifici esportati',
    personal: false,
    columns: [
      BUILDING_CODE,
      col('street', 'TEXT', 'Via'),
      col('civico', 'TEXT', 'Numero civico'),
      col('cap', 'TEXT', 'CAP'),
    ],
    sql: `SELECT b.code, a.street, a.civico, a.cap FROM addresses a JOIN buildings b ON b.id = a.building_id
      WHERE a.building_id IN (SELECT id FROM sel_buildings) ORDER BY a.id`,
  },
  {
    id: 'permits',
    title: 'Pratiche edilizie',
    description: 'PdC, SCIA, CILA, agibilità degli edifici esportati',
    personal: false,
    columns: [
      BUILDING_CODE,
      col('type', 'TEXT', 'Tipo di pratica'),
      col('number', 'TEXT', 'Numero'),
      col('date', 'TEXT', 'Data'),
      col('state', 'TEXT', 'Stato'),
      col('description', 'TEXT', 'Descrizione'),
    ],
    sql: `SELECT b.code, p.type, p.number, p.date, p.state, p.description
      FROM permits p JOIN buildings b ON b.id = p.building_id
      WHERE p.building_id IN (SELECT id FROM sel_buildings) ORDER BY p.id`,
  },
  {
    id: 'energy',
    title: 'Attestati di prestazione energetica',
    description: 'APE delle unità esportate',
    personal: false,
    columns: [
      ...UNIT_KEY,
      col('classe_energetica', 'TEXT', 'Classe energetica'),
      col('ep', 'REAL', 'EP (kWh/m²anno)'),
      col('issued_on', 'TEXT', 'Data di rilascio'),
      col('valid_until', 'TEXT', 'Valido fino al'),
    ],
    sql: `SELECT ${UNIT_KEY_SQL}, e.class, e.ep, e.issued_on, e.valid_until
      FROM energy_certificates e JOIN units u ON u.id = e.unit_id WHERE ${IN_UNITS} ORDER BY e.id`,
  },
  {
    id: 'events',
    title: 'Eventi degli edifici',
    description: "Costruzione, ampliamenti, cambi d'uso, demolizioni",
    personal: false,
    columns: [
      BUILDING_CODE,
      col('kind', 'TEXT', 'Evento'),
      col('date', 'TEXT', 'Data'),
      col('who', 'TEXT', 'Chi'),
      col('why', 'TEXT', 'Motivo'),
    ],
    sql: `SELECT b.code, e.kind, e.date, e.who, e.why FROM building_events e JOIN buildings b ON b.id = e.building_id
      WHERE e.building_id IN (SELECT id FROM sel_buildings) ORDER BY e.id`,
  },
  {
    id: 'streets',
    title: 'Stradario',
    description: 'Assi stradali',
    personal: false,
    geometry: { kind: 'line', table: 'streets' },
    columns: [col('comune', 'TEXT', 'Comune'), col('name', 'TEXT', 'Denominazione')],
    sql: 'SELECT s.geom, s.comune, s.name FROM streets s WHERE s.id IN (SELECT id FROM sel_streets) ORDER BY s.id',
  },
  ...(['zoning', 'hazards', 'constraints'] as const).map(
    (id): ExportLayer => ({
      id,
      title: { zoning: 'Azzonamento PGT', hazards: 'Pericolosità idraulica e da frana', constraints: 'Vincoli' }[id],
      description: {
        zoning: 'Ambiti del Piano di Governo del Territorio',
        hazards: 'Aree PGRA/PAI',
        constraints: 'Vincoli e fasce di rispetto',
      }[id],
      personal: false,
      geometry: { kind: 'area', table: 'overlays' },
      columns: [
        col('comune', 'TEXT', 'Comune'),
        col('kind', 'TEXT', 'Tipo'),
        col('code', 'TEXT', 'Codice'),
        col('name', 'TEXT', 'Denominazione'),
        col('buildable', 'BOOLEAN', 'Edificabile'),
      ],
      sql: `SELECT o.geom, o.comune, o.kind, o.code, o.name, o.buildable FROM overlays o
      WHERE o.id IN (SELECT id FROM sel_overlays)
      AND o.kind IN (${{ zoning: "'zoning'", hazards: "'flood', 'landslide'", constraints: "'constraint'" }[id]})
      ORDER BY o.id`,
    }),
  ),
  // Personal data: only on explicit request by tributi/admin, and logged.
  {
    id: 'subjects',
    title: 'Soggetti',
    description: 'Proprietari, residenti e contribuenti delle unità e particelle esportate (dati personali)',
    personal: true,
    columns: [
      col('codice_fiscale', 'TEXT', 'Codice fiscale'),
      col('surname', 'TEXT', 'Cognome o denominazione'),
      col('name', 'TEXT', 'Nome'),
      col('sex', 'TEXT', 'Sesso'),
      col('birth_date', 'TEXT', 'Data di nascita'),
      col('birth_place', 'TEXT', 'Comune di nascita (Belfiore)'),
    ],
    sql: `SELECT s.codice_fiscale, s.surname, s.name, s.sex, s.birth_date, s.birth_place FROM subjects s WHERE s.id IN (
      SELECT o.subject_id FROM ownership o JOIN units u ON u.id = o.unit_id WHERE ${IN_UNITS}
      UNION SELECT o.subject_id FROM ownership o WHERE o.parcel_id IN (SELECT id FROM sel_parcels)
      UNION SELECT r.subject_id FROM residents r JOIN units u ON u.id = r.unit_id WHERE ${IN_UNITS}
      UNION SELECT t.subject_id FROM tari_positions t JOIN units u ON u.id = t.unit_id WHERE ${IN_UNITS})
      ORDER BY s.id`,
  },
  {
    id: 'ownership',
    title: 'Diritti reali',
    description: 'Titolarità di unità e particelle, con quota (dati personali)',
    personal: true,
    columns: [
      col('codice_fiscale', 'TEXT', 'Codice fiscale'),
      ...UNIT_KEY,
      col('right', 'TEXT', 'Diritto'),
      col('share_num', 'INTEGER', 'Quota: numeratore'),
      col('share_den', 'INTEGER', 'Quota: denominatore'),
    ],
    sql: `SELECT s.codice_fiscale, ${UNIT_KEY_SQL}, o.right, o.share_num, o.share_den
      FROM ownership o JOIN units u ON u.id = o.unit_id JOIN subjects s ON s.id = o.subject_id WHERE ${IN_UNITS}
      UNION ALL SELECT s.codice_fiscale, ${PARCEL_KEY_SQL}, NULL, o.right, o.share_num, o.share_den
      FROM ownership o JOIN parcels p ON p.id = o.parcel_id JOIN subjects s ON s.id = o.subject_id
      WHERE o.parcel_id IN (SELECT id FROM sel_parcels)`,
  },
  {
    id: 'residents',
    title: 'Residenti',
    description: 'Residenti per unità (dati personali)',
    personal: true,
    columns: [
      col('codice_fiscale', 'TEXT', 'Codice fiscale'),
      ...UNIT_KEY,
      col('since', 'TEXT', 'Residente dal'),
      col('until', 'TEXT', 'Residente fino al'),
    ],
    sql: `SELECT s.codice_fiscale, ${UNIT_KEY_SQL}, r.since, r.until FROM residents r JOIN units u ON u.id = r.unit_id
      JOIN subjects s ON s.id = r.subject_id WHERE ${IN_UNITS} ORDER BY r.id`,
  },
  {
    id: 'imu_positions',
    title: 'Posizioni IMU',
    description: 'Dichiarazioni e versamenti IMU (dati personali)',
    personal: true,
    columns: [
      col('year', 'INTEGER', 'Anno'),
      col('codice_fiscale', 'TEXT', 'Codice fiscale'),
      ...UNIT_KEY,
      col('kind', 'TEXT', 'Tipo di immobile'),
      col('share', 'REAL', 'Quota'),
      col('months', 'INTEGER', 'Mesi'),
      col('main_home', 'BOOLEAN', 'Abitazione principale'),
      col('due', 'REAL', 'Dovuto dichiarato (€)'),
      col('paid', 'REAL', 'Versato (€)'),
    ],
    sql: `SELECT i.year, s.codice_fiscale, ${UNIT_KEY_SQL}, i.kind, i.share, i.months, i.main_home, i.due,
        (SELECT total(amount) FROM imu_payments m WHERE m.position_id = i.id)
      FROM imu_positions i JOIN units u ON u.id = i.unit_id JOIN subjects s ON s.id = i.subject_id WHERE ${IN_UNITS}
      UNION ALL SELECT i.year, s.codice_fiscale, ${PARCEL_KEY_SQL}, NULL, i.kind, i.share, i.months, i.main_home, i.due,
        (SELECT total(amount) FROM imu_payments m WHERE m.position_id = i.id)
      FROM imu_positions i JOIN parcels p ON p.id = i.parcel_id JOIN subjects s ON s.id = i.subject_id
      WHERE i.parcel_id IN (SELECT id FROM sel_parcels)`,
  },
  {
    id: 'tari_positions',
    title: 'Posizioni TARI',
    description: 'Utenze TARI (dati personali)',
    personal: true,
    columns: [
      col('year', 'INTEGER', 'Anno'),
      col('codice_fiscale', 'TEXT', 'Codice fiscale'),
      ...UNIT_KEY,
      col('kind', 'TEXT', 'Utenza'),
      col('surface', 'REAL', 'Superficie dichiarata (m²)'),
      col('occupants', 'INTEGER', 'Occupanti'),
      col('category', 'TEXT', 'Categoria'),
    ],
    sql: `SELECT t.year, s.codice_fiscale, ${UNIT_KEY_SQL}, t.kind, t.surface, t.occupants, t.category
      FROM tari_positions t JOIN units u ON u.id = t.unit_id
      JOIN subjects s ON s.id = t.subject_id WHERE ${IN_UNITS} ORDER BY t.id`,
  },
  {
    // The worklist's filtered findings (temp table sel_findings), on their building, or parcel for land (rule 7).
    id: 'audit_findings',
    title: 'Segnalazioni della verifica tributaria',
    description: "Segnalazioni di recupero IMU e TARI dell'elenco di lavoro, con importi e stato (dati personali)",
    personal: true,
    geometry: { kind: 'multiarea' },
    columns: [
      col('finding_id', 'INTEGER', 'Segnalazione', 'Identificativo stabile della segnalazione'),
      col('rule', 'INTEGER', 'Regola', 'Regola di verifica 1…7'),
      col('year', 'INTEGER', "Anno d'imposta"),
      col('foglio', 'TEXT', 'Foglio'),
      BUILDING_CODE,
      col('codice_fiscale', 'TEXT', 'Codice fiscale'),
      col('amount_eur', 'REAL', 'Imposta non versata (€)'),
      col('claimable_eur', 'REAL', 'Recuperabile (€)', 'Imposta, sanzione e interessi alla data della verifica'),
      col('state', 'TEXT', 'Stato'),
      col('assignee', 'TEXT', 'Assegnatario'),
      col('summary', 'TEXT', 'Descrizione'),
    ],
    sql: `SELECT COALESCE(b.geom, p.geom), f.id, f.rule, f.year, f.foglio, b.code, s.codice_fiscale, f.amount_eur,
      f.claimable_eur, f.state, f.assignee, json_extract(f.evidence, '$.summary')
      FROM audit_findings f JOIN sel_findings sf ON sf.id = f.id
      LEFT JOIN buildings b ON b.id = f.building_id LEFT JOIN parcels p ON p.id = f.parcel_id
      LEFT JOIN subjects s ON s.id = f.subject_id
      WHERE (f.building_id IN (SELECT id FROM sel_buildings) OR f.parcel_id IN (SELECT id FROM sel_parcels))
        AND COALESCE(b.geom, p.geom) IS NOT NULL
      ORDER BY f.claimable_eur DESC, f.id`,
  },
];

export const DEFAULT_EXPORT_LAYERS = EXPORT_LAYERS.filter((l) => !l.personal).map((l) => l.id);
