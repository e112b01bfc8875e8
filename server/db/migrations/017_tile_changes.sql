-- Where the map's data changed, for the tile caches of every web process: a process drops only the cached tiles
-- of the changed tables over the changed boxes (an edit, an import's objects), instead of all of them whenever
-- another connection commits anything (a finding's state, a rate). Triggers write it, so that no writer (an
-- edit, an import's worker, the command line, an administrator's SQL) can change a tile's data unlogged.
-- source: the table whose rows changed ('*' when anything may have); box in WGS84 degrees, NULL = everywhere.
CREATE TABLE tile_changes (
  seq INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  minx REAL,
  miny REAL,
  maxx REAL,
  maxy REAL
);
-- The last 10,000 changes are kept: a process further behind drops its whole cache.
CREATE TRIGGER tile_changes_prune AFTER INSERT ON tile_changes WHEN NEW.seq % 1000 = 0 BEGIN
  DELETE FROM tile_changes WHERE seq <= NEW.seq - 10000;
END;
CREATE TRIGGER parcels_tile_insert AFTER INSERT ON parcels BEGIN
  INSERT INTO tile_changes (source, minx, miny, maxx, maxy)
    VALUES ('parcels', NEW.minx, NEW.miny, NEW.maxx, NEW.maxy);
END;
CREATE TRIGGER parcels_tile_update AFTER UPDATE ON parcels BEGIN
  INSERT INTO tile_changes (source, minx, miny, maxx, maxy) VALUES ('parcels', min(OLD.minx, NEW.minx),
    min(OLD.miny, NEW.miny), max(OLD.maxx, NEW.maxx), max(OLD.maxy, NEW.maxy));
END;
CREATE TRIGGER parcels_tile_delete AFTER DELETE ON parcels BEGIN
  INSERT INTO tile_changes (source, minx, miny, maxx, maxy)
    VALUES ('parcels', OLD.minx, OLD.miny, OLD.maxx, OLD.maxy);
END;
CREATE TRIGGER buildings_tile_insert AFTER INSERT ON buildings BEGIN
  INSERT INTO tile_changes (source, minx, miny, maxx, maxy)
    VALUES ('buildings', NEW.minx, NEW.miny, NEW.maxx, NEW.maxy);
END;
CREATE TRIGGER buildings_tile_update AFTER UPDATE ON buildings BEGIN
  INSERT INTO tile_changes (source, minx, miny, maxx, maxy) VALUES ('buildings', min(OLD.minx, NEW.minx),
    min(OLD.miny, NEW.miny), max(OLD.maxx, NEW.maxx), max(OLD.maxy, NEW.maxy));
END;
CREATE TRIGGER buildings_tile_delete AFTER DELETE ON buildings BEGIN
  INSERT INTO tile_changes (source, minx, miny, maxx, maxy)
    VALUES ('buildings', OLD.minx, OLD.miny, OLD.maxx, OLD.maxy);
END;
CREATE TRIGGER overlays_tile_insert AFTER INSERT ON overlays BEGIN
  INSERT INTO tile_changes (source, minx, miny, maxx, maxy)
    VALUES ('overlays', NEW.minx, NEW.miny, NEW.maxx, NEW.maxy);
END;
CREATE TRIGGER overlays_tile_update AFTER UPDATE ON overlays BEGIN
  INSERT INTO tile_changes (source, minx, miny, maxx, maxy) VALUES ('overlays', min(OLD.minx, NEW.minx),
    min(OLD.miny, NEW.miny), max(OLD.maxx, NEW.maxx), max(OLD.maxy, NEW.maxy));
END;
CREATE TRIGGER overlays_tile_delete AFTER DELETE ON overlays BEGIN
  INSERT INTO tile_changes (source, minx, miny, maxx, maxy)
    VALUES ('overlays', OLD.minx, OLD.miny, OLD.maxx, OLD.maxy);
END;
CREATE TRIGGER streets_tile_insert AFTER INSERT ON streets BEGIN
  INSERT INTO tile_changes (source, minx, miny, maxx, maxy)
    VALUES ('streets', NEW.minx, NEW.miny, NEW.maxx, NEW.maxy);
END;
CREATE TRIGGER streets_tile_update AFTER UPDATE ON streets BEGIN
  INSERT INTO tile_changes (source, minx, miny, maxx, maxy) VALUES ('streets', min(OLD.minx, NEW.minx),
    min(OLD.miny, NEW.miny), max(OLD.maxx, NEW.maxx), max(OLD.maxy, NEW.maxy));
END;
CREATE TRIGGER streets_tile_delete AFTER DELETE ON streets BEGIN
  INSERT INTO tile_changes (source, minx, miny, maxx, maxy)
    VALUES ('streets', OLD.minx, OLD.miny, OLD.maxx, OLD.maxy);
END;
-- Comuni have no box of their own: a boundary drawn, moved or removed redraws the boundaries everywhere.
CREATE TRIGGER comuni_tile_insert AFTER INSERT ON comuni BEGIN
  INSERT INTO tile_changes (source) VALUES ('comuni');
END;
CREATE TRIGGER comuni_tile_update AFTER UPDATE OF boundary, name ON comuni BEGIN
  INSERT INTO tile_changes (source) VALUES ('comuni');
END;
CREATE TRIGGER comuni_tile_delete AFTER DELETE ON comuni BEGIN
  INSERT INTO tile_changes (source) VALUES ('comuni');
END;
