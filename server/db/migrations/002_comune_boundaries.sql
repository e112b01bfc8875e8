-- Comune boundaries become a spatial layer like the others: bbox columns and an R*Tree (on rowid,
-- since the key is the Belfiore code).
ALTER TABLE comuni RENAME COLUMN boundary TO geom;
ALTER TABLE comuni ADD COLUMN minx REAL;
ALTER TABLE comuni ADD COLUMN miny REAL;
ALTER TABLE comuni ADD COLUMN maxx REAL;
ALTER TABLE comuni ADD COLUMN maxy REAL;

CREATE VIRTUAL TABLE comuni_rtree USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER comuni_rtree_insert AFTER INSERT ON comuni WHEN NEW.minx IS NOT NULL BEGIN
  INSERT INTO comuni_rtree VALUES (NEW.rowid, NEW.minx, NEW.maxx, NEW.miny, NEW.maxy);
END;
CREATE TRIGGER comuni_rtree_update AFTER UPDATE OF minx, miny, maxx, maxy ON comuni BEGIN
  DELETE FROM comuni_rtree WHERE id = OLD.rowid;
  INSERT INTO comuni_rtree SELECT NEW.rowid, NEW.minx, NEW.maxx, NEW.miny, NEW.maxy WHERE NEW.minx IS NOT NULL;
END;
CREATE TRIGGER comuni_rtree_delete AFTER DELETE ON comuni BEGIN
  DELETE FROM comuni_rtree WHERE id = OLD.rowid;
END;
