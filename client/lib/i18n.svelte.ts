// Italian first, English second. Strings by key; the language is remembered in localStorage.
const it = {
  appTitle: 'edigit · Anagrafe Territoriale', login: 'Accedi', username: 'Nome utente', password: 'Password', logout: 'Esci',
  loginFailed: 'Accesso non riuscito', layers: 'Livelli', basemaps: 'Mappe di base (server esterni)', search: 'Cerca indirizzo, foglio/particella, codice edificio',
  noResults: 'Nessun risultato', dossier: 'Edificio Digitale', identification: 'Identificazione', units: 'Unità immobiliari', permits: 'Pratiche edilizie',
  ape: 'Certificazione energetica (APE)', risks: 'Rischi e vincoli', events: 'Eventi', tributi: 'Tributi (IMU e TARI)', history: 'Storico modifiche',
  edit: 'Modifica', save: 'Salva', cancel: 'Annulla', saved: 'Modifiche salvate', conflict: 'Conflitto: un altro utente ha modificato l\'edificio. Ricarica la scheda e ripeti la modifica.',
  reload: 'Ricarica scheda', close: 'Chiudi', code: 'Codice', address: 'Indirizzo', cadastral: 'Riferimenti catastali', use: 'Destinazione d\'uso', status: 'Stato',
  height: 'Altezza (m)', floorsAbove: 'Piani fuori terra', floorsBelow: 'Piani interrati', volume: 'Volume (m³)', yearBuilt: 'Anno di costruzione',
  structure: 'Struttura', publicOwner: 'Proprietà pubblica', note: 'Nota', area: 'Superficie impronta (m²)', none: 'Nessuno', owners: 'Proprietari', residents: 'Residenti',
  personalHidden: 'Dati personali e tributi non visibili per il tuo ruolo: sono mostrati solo i conteggi.', loading: 'Caricamento…', invalid: 'Correggere i campi evidenziati',
  comune: 'Comune', role: 'Ruolo', language: 'English', selectBuilding: 'Fai clic su un edificio per aprirne il fascicolo.', noHistory: 'Nessuna modifica registrata',
  zoomIn: 'Avvicinati per vedere particelle ed edifici', export: 'Esporta', exportTitle: 'Esporta GeoPackage', exportLayers: 'Livelli',
  exportArea: 'Area', areaComune: 'Tutto il comune', areaView: 'Vista corrente', areaPolygon: 'Poligono disegnato', draw: 'Disegna sulla mappa',
  drawAgain: 'Ridisegna', drawHint: 'Clic per aggiungere vertici, doppio clic per chiudere.', drawDone: 'Fine', crs: 'Sistema di riferimento',
  personalData: 'dati personali', personalExportNote: 'L\'esportazione contiene dati personali e viene registrata.', progress: 'Avanzamento',
  exportDone: 'Esportazione completata', download: 'Scarica', exportStart: 'Esporta',
  // Rates editor of the tax office (aliquote IMU, tariffe TARI, aree fabbricabili, interessi).
  rTitle: 'Aliquote e tariffe', rYear: 'Anno', rOtherYear: 'Altro anno', rImu: 'IMU: delibera delle aliquote',
  rPublished: 'Pubblicata sul portale del MEF entro il termine (altrimenti valgono quelle dell\'anno prima)',
  rOrdinary: 'Aliquota ordinaria (%)', rMainHome: 'Abitazione principale A/1, A/8, A/9 (%)', rDeduction: 'Detrazione abitazione principale (€)',
  rGroupD: 'Gruppo D (%)', rRural: 'Fabbricati rurali strumentali (%)', rBeniMerce: 'Beni merce (%)', rAgricultural: 'Terreni agricoli (%)',
  rBuildingLandRate: 'Aree fabbricabili (%)', rCanone: 'Locazioni a canone concordato (%, vuoto = ordinaria)', rSource: 'Fonte (delibera, data)',
  rCategories: 'Aliquote per categoria catastale', rCategoria: 'Categoria', rRate: 'Aliquota (%)', rAddRow: 'Aggiungi riga', rRemoveRow: 'Togli riga',
  rTari: 'TARI: tariffe', rDomesticFixed: 'Utenze domestiche, parte fissa (€/m²)', rDomesticVariable: 'Utenze domestiche, parte variabile (€/anno) per occupanti',
  rOccupants: 'occupanti', rNonDomestic: 'Utenze non domestiche (€/m²)', rFixed: 'Fissa', rVariable: 'Variabile', rTefa: 'TEFA provinciale (%)',
  rLand: 'Valori delle aree fabbricabili (€/m²) per zona', rZone: 'Zona', rValue: '€/m²', rSpread: 'Maggiorazione del tasso di interesse (punti, da -3 a +3)',
  rSave: 'Salva aliquote', rSaved: 'Aliquote salvate', rNoChanges: 'Nessuna modifica da salvare', rNoImu: 'Nessuna delibera IMU per l\'anno: compilarla per crearla.',
  rNoTari: 'Nessuna tariffa TARI per l\'anno: compilarla per crearla.', rConflict: 'Un altro utente ha salvato queste aliquote nel frattempo: le tue modifiche sono ancora nel modulo, accanto ai valori ora sul server.',
  rReapply: 'Riapplica le mie modifiche', rServerNow: 'sul server:', rLoadFile: 'Carica da file', rFileHint: 'JSON come l\'API o CSV anno;voce;valore',
  rImported: 'File caricato, anni:', rImportRefused: 'File rifiutato: nessuna modifica',
  editFootprint: 'Modifica impronta', footprintHint: 'Trascina i vertici (o i punti intermedi per aggiungerne) e salva.', saveFootprint: 'Salva impronta',
  import: 'Importa', importTitle: 'Importa dati', format: 'Formato', file: 'File', sourceCrs: 'Sistema di riferimento del file', mapping: 'Mappatura dei campi', target: 'Il layer contiene', parcelsTarget: 'particelle', buildingsTarget: 'edifici',
  partial: 'Importazione parziale: salta gli oggetti rifiutati', dryRun: 'Verifica (prova)', doImport: 'Importa', chooseFile: 'Scegliere un file',
  imported: 'Importazione completata', dryRunDone: 'Prova: nessuna modifica scritta', refused: 'Importazione rifiutata: nessuna modifica', comuneAdded: 'comune aggiunto al registro', comuneWouldBeAdded: 'il comune verrebbe aggiunto al registro',
  read: 'Letti', added: 'Aggiunti', updatedN: 'Aggiornati', unchanged: 'Invariati', rejected: 'Rifiutati', repairedN: 'Riparati', paid: 'Versato', mainHome: 'Abitazione principale',
  // Dossier tax section
  taxOwners: 'Titolari', taxpayer: 'Contribuente', right: 'Diritto', share: 'Quota', period: 'Periodo', year: 'Anno',
  computed: 'Calcolato', declared: 'Dichiarato', difference: 'Differenza', months: 'Mesi', base: 'Base imponibile',
  rate: 'Aliquota',
  cadastralSurface: 'sup. catastale',
};
type Dict = typeof it;
const en: Dict = {
  appTitle: 'edigit · Land Register', login: 'Sign in', username: 'Username', password: 'Password', logout: 'Sign out',
  loginFailed: 'Sign-in failed', layers: 'Layers', basemaps: 'Basemaps (external servers)', search: 'Search address, sheet/parcel, building code',
  noResults: 'No results', dossier: 'Digital Building', identification: 'Identification', units: 'Units', permits: 'Building permits',
  ape: 'Energy certificates (APE)', risks: 'Hazards and constraints', events: 'Events', tributi: 'Taxes (IMU and TARI)', history: 'Change history',
  edit: 'Edit', save: 'Save', cancel: 'Cancel', saved: 'Changes saved', conflict: 'Conflict: another user changed this building. Reload the dossier and repeat your change.',
  reload: 'Reload dossier', close: 'Close', code: 'Code', address: 'Address', cadastral: 'Cadastral references', use: 'Use', status: 'Status',
  height: 'Height (m)', floorsAbove: 'Floors above ground', floorsBelow: 'Floors below ground', volume: 'Volume (m³)', yearBuilt: 'Year built',
  structure: 'Structure', publicOwner: 'Public owner', note: 'Note', area: 'Footprint area (m²)', none: 'None', owners: 'Owners', residents: 'Residents',
  personalHidden: 'Personal and tax data are not visible to your role: only counts are shown.', loading: 'Loading…', invalid: 'Please correct the highlighted fields',
  comune: 'Municipality', role: 'Role', language: 'Italiano', selectBuilding: 'Click a building to open its dossier.', noHistory: 'No recorded changes',
  zoomIn: 'Zoom in to see parcels and buildings', export: 'Export', exportTitle: 'Export GeoPackage', exportLayers: 'Layers',
  exportArea: 'Area', areaComune: 'Whole municipality', areaView: 'Current view', areaPolygon: 'Drawn polygon', draw: 'Draw on the map',
  drawAgain: 'Draw again', drawHint: 'Click to add vertices, double-click to close.', drawDone: 'Done', crs: 'Coordinate reference system',
  personalData: 'personal data', personalExportNote: 'The export contains personal data and is logged.', progress: 'Progress',
  exportDone: 'Export complete', download: 'Download', exportStart: 'Export',
  rTitle: 'Rates and tariffs', rYear: 'Year', rOtherYear: 'Other year', rImu: 'IMU: rates resolution',
  rPublished: 'Published on the MEF portal by the deadline (otherwise last year\'s apply)',
  rOrdinary: 'Ordinary rate (%)', rMainHome: 'Main home A/1, A/8, A/9 (%)', rDeduction: 'Main home deduction (€)',
  rGroupD: 'Group D (%)', rRural: 'Rural instrumental buildings (%)', rBeniMerce: 'Unsold new buildings (%)', rAgricultural: 'Agricultural land (%)',
  rBuildingLandRate: 'Building land (%)', rCanone: 'Agreed-rent leases (%, empty = ordinary)', rSource: 'Source (resolution, date)',
  rCategories: 'Rates by cadastral category', rCategoria: 'Category', rRate: 'Rate (%)', rAddRow: 'Add row', rRemoveRow: 'Remove row',
  rTari: 'TARI: tariffs', rDomesticFixed: 'Households, fixed part (€/m²)', rDomesticVariable: 'Households, variable part (€/year) by occupants',
  rOccupants: 'occupants', rNonDomestic: 'Businesses (€/m²)', rFixed: 'Fixed', rVariable: 'Variable', rTefa: 'Provincial TEFA (%)',
  rLand: 'Building land values (€/m²) by zone', rZone: 'Zone', rValue: '€/m²', rSpread: 'Interest rate spread (points, -3 to +3)',
  rSave: 'Save rates', rSaved: 'Rates saved', rNoChanges: 'Nothing to save', rNoImu: 'No IMU resolution for the year: fill it in to create it.',
  rNoTari: 'No TARI tariff for the year: fill it in to create it.', rConflict: 'Another user saved these rates meanwhile: your changes are still in the form, beside the values now on the server.',
  rReapply: 'Reapply my changes', rServerNow: 'on the server:', rLoadFile: 'Load from file', rFileHint: 'JSON like the API or CSV anno;voce;valore',
  rImported: 'File loaded, years:', rImportRefused: 'File refused: nothing changed',
  editFootprint: 'Edit footprint', footprintHint: 'Drag the vertices (or the midpoints to add one) and save.', saveFootprint: 'Save footprint',
  import: 'Import', importTitle: 'Import data', format: 'Format', file: 'File', sourceCrs: 'CRS of the file', mapping: 'Field mapping', target: 'The layer holds', parcelsTarget: 'parcels', buildingsTarget: 'buildings',
  partial: 'Partial import: skip refused features', dryRun: 'Check (dry run)', doImport: 'Import', chooseFile: 'Choose a file',
  imported: 'Import complete', dryRunDone: 'Dry run: nothing written', refused: 'Import refused: nothing changed', comuneAdded: 'municipality added to the register', comuneWouldBeAdded: 'the municipality would be added to the register',
  read: 'Read', added: 'Added', updatedN: 'Updated', unchanged: 'Unchanged', rejected: 'Refused', repairedN: 'Repaired', paid: 'Paid', mainHome: 'Main home',
  // Dossier tax section
  taxOwners: 'Holders', taxpayer: 'Taxpayer', right: 'Right', share: 'Share', period: 'Period', year: 'Year',
  computed: 'Computed', declared: 'Declared', difference: 'Difference', months: 'Months', base: 'Taxable base',
  rate: 'Rate',
  cadastralSurface: 'cadastral surface',
};

export type Lang = 'it' | 'en';
const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('edigit.lang') : null;
export const i18n = $state<{ lang: Lang }>({ lang: stored === 'en' ? 'en' : 'it' });

export function t(key: keyof Dict): string {
  return (i18n.lang === 'en' ? en : it)[key];
}

export function toggleLang(): void {
  i18n.lang = i18n.lang === 'it' ? 'en' : 'it';
  localStorage.setItem('edigit.lang', i18n.lang);
}
