import type { CatalogueIndex } from '../catalogue/catalogueIndex';

/** "ER 7.1 (Materials: toxicity, flammability, biocompatibility)". */
export function erLabel(catalogue: CatalogueIndex, number: string): string {
  const er = catalogue.ers.get(number);
  return er ? `ER ${number} (${er.title})` : `ER ${number}`;
}
