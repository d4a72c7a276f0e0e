// Type II restriction enzymes: recognition site (5'→3') and the top-strand cut offset
// within it (G^AATTC cuts after 1 base). All sites below are palindromic.
export interface RestrictionEnzyme {
  name: string;
  site: string;
  cutOffset: number;
}

export const RESTRICTION_ENZYMES: readonly RestrictionEnzyme[] = [
  { name: 'EcoRI', site: 'GAATTC', cutOffset: 1 },
  { name: 'BamHI', site: 'GGATCC', cutOffset: 1 },
  { name: 'HindIII', site: 'AAGCTT', cutOffset: 1 },
  { name: 'XhoI', site: 'CTCGAG', cutOffset: 1 },
  { name: 'SalI', site: 'GTCGAC', cutOffset: 1 },
  { name: 'XbaI', site: 'TCTAGA', cutOffset: 1 },
  { name: 'SpeI', site: 'ACTAGT', cutOffset: 1 },
  { name: 'NcoI', site: 'CCATGG', cutOffset: 1 },
  { name: 'PstI', site: 'CTGCAG', cutOffset: 5 },
  { name: 'SacI', site: 'GAGCTC', cutOffset: 5 },
  { name: 'KpnI', site: 'GGTACC', cutOffset: 5 },
  { name: 'SmaI', site: 'CCCGGG', cutOffset: 3 },
  { name: 'EcoRV', site: 'GATATC', cutOffset: 3 },
  { name: 'NdeI', site: 'CATATG', cutOffset: 2 },
  { name: 'NotI', site: 'GCGGCCGC', cutOffset: 2 },
];

export function findEnzyme(name: string): RestrictionEnzyme | undefined {
  const wanted = name.trim().toLowerCase();
  return RESTRICTION_ENZYMES.find((e) => e.name.toLowerCase() === wanted);
}
