/** What the Catasto Fabbricati says of a unit: its category and class, size and rendita (c. 745: the tax base). */
export interface UnitAttributes {
  categoria: string;
  classe: string | null;
  consistenza: number | null;
  rendita: number | null;
  superficie_catastale: number | null;
  superficie_escluse_scoperte: number | null;
}
