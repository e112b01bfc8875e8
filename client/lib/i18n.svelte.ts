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
  editFootprint: 'Modifica impronta', footprintHint: 'Trascina i vertici (o i punti intermedi per aggiungerne) e salva.', saveFootprint: 'Salva impronta',
  import: 'Importa', importTitle: 'Importa dati', format: 'Formato', file: 'File', sourceCrs: 'Sistema di riferimento del file', mapping: 'Mappatura dei campi', target: 'Il layer contiene', parcelsTarget: 'particelle', buildingsTarget: 'edifici',
  partial: 'Importazione parziale: salta gli oggetti rifiutati', dryRun: 'Verifica (prova)', doImport: 'Importa', chooseFile: 'Scegliere un file',
  imported: 'Importazione completata', dryRunDone: 'Prova: nessuna modifica scritta', refused: 'Importazione rifiutata: nessuna modifica', comuneAdded: 'comune aggiunto al registro', comuneWouldBeAdded: 'il comune verrebbe aggiunto al registro',
  read: 'Letti', added: 'Aggiunti', updatedN: 'Aggiornati', unchanged: 'Invariati', rejected: 'Rifiutati', repairedN: 'Riparati', paid: 'Versato', due: 'Dovuto', cadastreDue: 'Dovuto da catasto', surface: 'Superficie', occupants: 'Occupanti', mainHome: 'Abitazione principale',
  // Tax calculator (public page) and the tax office's worklist.
  calcTitle: 'Calcolo IMU / TARI', calcLoginNote: 'Pagina pubblica: non serve accedere.', calcIntro: 'Calcola l\'IMU o la TARI di un immobile con le aliquote deliberate dal comune e stampa le righe del modello F24. Nessun dato personale viene richiesto o conservato.',
  calcDisclaimer: 'Calcolo indicativo secondo la L. 160/2019 (IMU) e il DPR 158/1999 (TARI), con le aliquote e le tariffe del comune per l\'anno scelto. Fa fede l\'avviso del comune.',
  ratesUnavailable: 'Elenco dei comuni non disponibile: indicare l\'aliquota a mano.', imuTitle: 'Calcolo IMU', tariTitle: 'Calcolo TARI', taxYear: 'Anno d\'imposta', objectKind: 'Tipo di immobile',
  categoria: 'Categoria catastale', rendita: 'Rendita catastale (€)', redditoDominicale: 'Reddito dominicale (€)', valoreVenale: 'Valore venale al 1° gennaio (€)',
  rateSource: 'Aliquota', ratesOf: 'Delibera del comune di', manualRate: 'Aliquota indicata a mano', ratePercent: 'Aliquota (%)', ordinaryRate: 'ordinaria', mainHomeRate: 'abitazione principale A/1, A/8, A/9',
  groupD: 'gruppo D', unpublished: 'delibera non pubblicata in tempo: si applicano le aliquote dell\'anno precedente', sharePercent: 'Quota di possesso (%)', holdingPeriod: 'Periodo di possesso nell\'anno',
  byMonths: 'Numero di mesi', byDates: 'Date (la regola dei mesi la applica il calcolo)', months: 'Mesi', from: 'Dal', to: 'Al', circumstances: 'Condizioni',
  mainHomeFlag: 'Abitazione principale (residenza e dimora abituale)', pertinenzaFlag: 'Pertinenza dell\'abitazione principale', pertinenzaRank: 'Quale pertinenza della stessa categoria', rankFirst: 'la prima (esente)',
  historicFlag: 'Immobile di interesse storico o artistico (base dimezzata)', unfitFlag: 'Inagibile o inabitabile (base dimezzata)', freeLoanFlag: 'Comodato gratuito a genitori o figli (base dimezzata)',
  concordatoFlag: 'Locato a canone concordato (imposta al 75%)', calculate: 'Calcola', imuResult: 'IMU dovuta per il', taxBase: 'Base imponibile', monthsHeld: 'Mesi di possesso', rateApplied: 'Aliquota applicata',
  deduction: 'Detrazione', imuDue: 'IMU dovuta', stateShare: 'di cui allo Stato', comuneShare: 'di cui al Comune', exempt: 'Immobile esente per l\'anno indicato.', instalments: 'Rate',
  instalment: 'Rata', dueDate: 'Scadenza', amount: 'Importo', singlePayment: 'Unica soluzione', acconto: 'Acconto', saldo: 'Saldo',
  f24Lines: 'Righe del modello F24 (sezione IMU e altri tributi locali)', nothingToPay: 'Nulla da versare.', f24Section: 'Sezione', f24Ente: 'Codice ente', f24Code: 'Codice tributo',
  f24Description: 'Descrizione', f24Year: 'Anno di riferimento', f24Amount: 'Importo a debito', f24Hint: 'Importi arrotondati all\'euro, come si scrivono nel modello F24.', print: 'Stampa',
  howComputed: 'Come è stato calcolato', rule: 'Norma', stepText: 'Passaggio', tariKind: 'Utenza', domestica: 'Domestica (abitazione)', nonDomestica: 'Non domestica (attività)',
  surfaceM2: 'Superficie calpestabile (m²)', tariCategory: 'Categoria di attività (DPR 158/1999)', tariffSource: 'Tariffe', tariffsOf: 'Tariffe del comune di', manualTariff: 'Tariffe indicate a mano',
  fixedPerM2: 'Parte fissa', variablePerYear: 'Parte variabile (€/anno)', variablePerM2: 'Parte variabile (€/m²)', tefaPercent: 'TEFA provinciale (%)', occupationPeriod: 'Periodo di occupazione',
  wholeYear: 'Tutto l\'anno', tariResult: 'TARI dovuta per il', daysHeld: 'Giorni di occupazione', taxedSurface: 'Superficie tassata', fixedPart: 'Parte fissa', variablePart: 'Parte variabile',
  tefa: 'TEFA (tributo provinciale)', totalDue: 'Totale dovuto',
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
  editFootprint: 'Edit footprint', footprintHint: 'Drag the vertices (or the midpoints to add one) and save.', saveFootprint: 'Save footprint',
  import: 'Import', importTitle: 'Import data', format: 'Format', file: 'File', sourceCrs: 'CRS of the file', mapping: 'Field mapping', target: 'The layer holds', parcelsTarget: 'parcels', buildingsTarget: 'buildings',
  partial: 'Partial import: skip refused features', dryRun: 'Check (dry run)', doImport: 'Import', chooseFile: 'Choose a file',
  imported: 'Import complete', dryRunDone: 'Dry run: nothing written', refused: 'Import refused: nothing changed', comuneAdded: 'municipality added to the register', comuneWouldBeAdded: 'the municipality would be added to the register',
  read: 'Read', added: 'Added', updatedN: 'Updated', unchanged: 'Unchanged', rejected: 'Refused', repairedN: 'Repaired', paid: 'Paid', due: 'Declared', cadastreDue: 'Due per cadastre', surface: 'Surface', occupants: 'Occupants', mainHome: 'Main home',
  calcTitle: 'IMU / TARI calculator', calcLoginNote: 'Public page: no sign-in needed.', calcIntro: 'Compute the IMU or TARI of a property with the rates set by the municipality and print the F24 lines. No personal data is asked for or kept.',
  calcDisclaimer: 'Indicative computation under L. 160/2019 (IMU) and DPR 158/1999 (TARI), with the municipality\'s rates and tariffs for the chosen year. The municipality\'s notice prevails.',
  ratesUnavailable: 'List of municipalities unavailable: enter the rate by hand.', imuTitle: 'IMU calculator', tariTitle: 'TARI calculator', taxYear: 'Tax year', objectKind: 'Kind of property',
  categoria: 'Cadastral category', rendita: 'Cadastral income (€)', redditoDominicale: 'Landowner income (€)', valoreVenale: 'Market value at 1 January (€)',
  rateSource: 'Rate', ratesOf: 'Resolution of', manualRate: 'Rate entered by hand', ratePercent: 'Rate (%)', ordinaryRate: 'ordinary', mainHomeRate: 'main home A/1, A/8, A/9',
  groupD: 'group D', unpublished: 'resolution not published in time: last year\'s rates apply', sharePercent: 'Ownership share (%)', holdingPeriod: 'Holding period in the year',
  byMonths: 'Number of months', byDates: 'Dates (the month rule is applied by the computation)', months: 'Months', from: 'From', to: 'To', circumstances: 'Circumstances',
  mainHomeFlag: 'Main home (residence and habitual dwelling)', pertinenzaFlag: 'Appurtenance of the main home', pertinenzaRank: 'Which appurtenance of the same category', rankFirst: 'the first (exempt)',
  historicFlag: 'Listed historic building (base halved)', unfitFlag: 'Unfit for use (base halved)', freeLoanFlag: 'Free loan to parents or children (base halved)',
  concordatoFlag: 'Let at the agreed rent (tax at 75%)', calculate: 'Compute', imuResult: 'IMU due for', taxBase: 'Taxable base', monthsHeld: 'Months held', rateApplied: 'Rate applied',
  deduction: 'Deduction', imuDue: 'IMU due', stateShare: 'of which to the State', comuneShare: 'of which to the municipality', exempt: 'Exempt for the given year.', instalments: 'Instalments',
  instalment: 'Instalment', dueDate: 'Due date', amount: 'Amount', singlePayment: 'Single payment', acconto: 'First instalment', saldo: 'Balance',
  f24Lines: 'F24 lines (IMU and local taxes section)', nothingToPay: 'Nothing to pay.', f24Section: 'Section', f24Ente: 'Body code', f24Code: 'Tax code',
  f24Description: 'Description', f24Year: 'Reference year', f24Amount: 'Amount due', f24Hint: 'Amounts rounded to the euro, as written on the F24 form.', print: 'Print',
  howComputed: 'How it was computed', rule: 'Rule', stepText: 'Step', tariKind: 'Premises', domestica: 'Household', nonDomestica: 'Business',
  surfaceM2: 'Walkable surface (m²)', tariCategory: 'Business category (DPR 158/1999)', tariffSource: 'Tariffs', tariffsOf: 'Tariffs of', manualTariff: 'Tariffs entered by hand',
  fixedPerM2: 'Fixed part', variablePerYear: 'Variable part (€/year)', variablePerM2: 'Variable part (€/m²)', tefaPercent: 'Provincial TEFA (%)', occupationPeriod: 'Occupation period',
  wholeYear: 'Whole year', tariResult: 'TARI due for', daysHeld: 'Days occupied', taxedSurface: 'Taxed surface', fixedPart: 'Fixed part', variablePart: 'Variable part',
  tefa: 'TEFA (provincial surcharge)', totalDue: 'Total due',
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
