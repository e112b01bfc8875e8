// The storage boundary of the request path: what the HTTP layer needs, with no SQL in it. The embedded
// SQLite implementation is sqlite-store.ts; a PostgreSQL/PostGIS one implements the same interfaces.
// (Bulk exchange — GeoPackage export, imports, open data — works on the SQLite file directly.)
import type { User } from '../domain/users/user.ts';
import type { AuditStore } from './audit.ts';
import type { BuildingStore } from './buildings.ts';
import type { JobRepository } from './jobs.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { TaxFactsRepository } from './tax-facts.ts';
import type { TaxRatesRepository } from './tax-rates.ts';
import type { TileChangeFeed } from './tile-changes.ts';
import type { LayerSource, TileFeature } from './tiles.ts';

/** One of the user's comuni with where the map opens on it (null: nothing there to show yet). */
export interface ComuneView {
  code: string;
  name: string;
  province: string;
  /** Where the map opens on the comune: W, S, E, N in degrees (null when it has no geometry yet). */
  bbox: [number, number, number, number] | null;
}

export interface SessionStore {
  login(username: string, password: string): Promise<{ token: string; user: User } | null>;
  userForToken(token: string): Promise<User | null>;
  logout(token: string): Promise<void>;
  /** The user's comuni, for the signed-in user's view (auth/me-view.ts). */
  meComuni(user: User): Promise<ComuneView[]>;
}

export interface ComuneRepository {
  exists(code: string): Promise<boolean>;
  /** Every comune of the register, by code. */
  list(): Promise<{ code: string; name: string }[]>;
}

/** Who read: a user, or the command line (no id, its own name). */
export type Reader = Pick<User, 'username'> & { id: number | null };

/** One export made, as export_log keeps it (exchange/export/export-log.ts makes it from the export's options). */
export interface ExportLogEntry {
  reader: Reader;
  comune: string;
  layers: string[];
  crs: string;
  /** How the area was chosen: comune, bbox or polygon. */
  area: string;
  /** Rows written, over every layer. */
  features: number;
  file: string;
  /** What personal data the export holds, for the read log; null when none. */
  personal: string | null;
}

/** The one writer of the GDPR read log (sqlite/read-log.ts): who read which personal data, when. */
export interface ReadLog {
  /** Resolves once the row is committed: nothing personal leaves unlogged. */
  record(user: Reader, entity: string, entityId: number, what: string): Promise<void>;
  /** An export made: its line in export_log, and a personal read when it holds personal data. */
  export(e: ExportLogEntry): Promise<void>;
}

/** A user to add (`edigit user add`); the password is checked and hashed by the repository. */
export interface NewUser {
  username: string;
  password: string;
  role: string;
  comuni: string[];
}

export interface UserRepository {
  /** Adds a user scoped to comuni already in the register (Error with the reason otherwise). */
  create(u: NewUser): Promise<User>;
  /** Extends a user's scope to more comuni (already in the register); the user as it is now. */
  grantComuni(username: string, comuni: string[]): Promise<User>;
  /** Which of these usernames the register has. */
  existing(usernames: string[]): Promise<string[]>;
}

/** What a search answers: a place in the user's comuni and where the map goes to show it. */
export interface SearchResult {
  kind: 'address' | 'building' | 'street' | 'parcel' | 'unit';
  label: string;
  comune: string;
  building_id: number | null;
  bbox: [number, number, number, number];
}

/** The comuni a piece of work may touch: a user's, or every one (command line, background work). */
export type ComuneScope = readonly string[] | 'all';

/** A vector tile encoded by the engine, with what the read log of personal layers needs to know of it. */
export interface EngineTile {
  bytes: Uint8Array;
  features: number;
  /** The first feature's id (the lowest), null when the tile is empty. */
  firstId: number | null;
}

export interface Store {
  ping(): Promise<void>;
  /**
   * Runs `work` (a request) within `scope`. The policy module decides what a user may see; an engine with row-level
   * security (PostgreSQL) enforces the scope a second time underneath, so a bug above cannot leak another comune's
   * rows. SQLite runs `work` as it is.
   */
  withComuni<T>(scope: ComuneScope, work: () => Promise<T>): Promise<T>;
  comuni: ComuneRepository;
  users: UserRepository;
  readLog: ReadLog;
  /** Background imports and exports (jobs.ts). */
  jobs: JobRepository;
  sessions: SessionStore;
  /** Failed logins per account and address (login-throttle.ts). */
  loginThrottle: LoginThrottle;
  buildings: BuildingStore;
  taxRates: TaxRatesRepository;
  /** The tax audit: runs, findings and their workflow (async). */
  audit: AuditStore;
  /** Rights, cadastre over time, residence, IMU/TARI declarations and payments (tax-facts.ts). */
  taxFacts: TaxFactsRepository;
  /** Features of a layer (its `source`) in tile z/x/y; `comuni` null = every comune (public, anonymous). */
  tileFeatures(source: LayerSource, z: number, x: number, y: number, comuni: string[] | null): Promise<TileFeature[]>;
  /**
   * The same tile clipped and encoded by the engine itself (PostGIS's ST_AsMVT), where it can: the tile route then
   * serves these bytes instead of encoding tileFeatures. `name` is the tile's layer name.
   */
  tileMvt?(
    source: LayerSource,
    z: number,
    x: number,
    y: number,
    comuni: string[] | null,
    name: string,
  ): Promise<EngineTile>;
  /** Where other connections changed what the map shows, for the tile cache (tile-changes.ts). */
  tileChanges: TileChangeFeed;
  search(comuni: string[], q: string): Promise<SearchResult[]>;
}
