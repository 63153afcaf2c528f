import type { CsvKind } from '../csv-formats.ts';
import { dealImporter } from './deals.ts';
import { feedbackImporter } from './feedback.ts';
import { goalImporter } from './goals.ts';
import type { ImporterFactory } from './importer.ts';
import { memberImporter } from './members.ts';

/** The importer of each kind of file. */
export const IMPORTERS: Readonly<Record<CsvKind, ImporterFactory>> = {
  deals: dealImporter as ImporterFactory,
  members: memberImporter as ImporterFactory,
  goals: goalImporter as ImporterFactory,
  feedback: feedbackImporter as ImporterFactory,
};
