export type Position = [number, number];
export type Ring = Position[];
export interface Polygon {
  type: 'Polygon';
  coordinates: Ring[];
}
export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}
export interface LineString {
  type: 'LineString';
  coordinates: Position[];
}
export interface Point {
  type: 'Point';
  coordinates: Position;
}
export type AreaGeometry = Polygon | MultiPolygon;
export type Geometry = AreaGeometry | LineString | Point;
export interface BBox {
  minx: number;
  miny: number;
  maxx: number;
  maxy: number;
}
