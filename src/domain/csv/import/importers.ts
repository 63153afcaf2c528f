import type { CsvKind } from '../csv-formats.ts';
import { dealImporter } from './deals.ts';
import type { ImporterFactory } from './importer.ts';

/** The importer of each kind of file. */
export const IMPORTERS: Readonly<Partial<Record<CsvKind, ImporterFactory>>> = {
  deals: dealImporter as ImporterFactory,
};
