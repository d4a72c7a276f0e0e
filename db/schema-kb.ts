// The knowledge base: the data lake loaded into PostgreSQL, one group of tables per dataset, with
// the indexes the environment's tools query by. Loaded by env/kb/load.ts (`helixrl kb load`).
import { boolean, doublePrecision, index, integer, pgTable, real, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/** One row per loaded dataset: the sha256 of its files when loaded, so reloads are no-ops. */
export const kbLoadState = pgTable('kb_load_state', {
  dataset: text('dataset').primaryKey(),
  sha256: text('sha256').notNull(),
  rows: integer('rows').notNull(),
  seconds: real('seconds').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});

// ---- genes (hgnc, orghs) ----

export const kbHgncGenes = pgTable(
  'kb_hgnc_genes',
  {
    hgncId: text('hgnc_id').primaryKey(),
    symbol: text('symbol').notNull(),
    name: text('name').notNull(),
    locusGroup: text('locus_group').notNull(),
    location: text('location').notNull(),
    entrezId: integer('entrez_id'),
    ensemblId: text('ensembl_id'),
    prevSymbols: text('prev_symbols').notNull(),
    aliasSymbols: text('alias_symbols').notNull(),
  },
  (t) => [index('kb_hgnc_genes_symbol_idx').on(t.symbol), index('kb_hgnc_genes_entrez_idx').on(t.entrezId), index('kb_hgnc_genes_ensembl_idx').on(t.ensemblId)],
);

export const kbGenes = pgTable(
  'kb_genes',
  {
    entrezId: integer('entrez_id').primaryKey(),
    symbol: text('symbol').notNull(),
    name: text('name').notNull(),
    geneType: text('gene_type').notNull(),
    chromosome: text('chromosome').notNull(),
    cytoband: text('cytoband').notNull(),
    ensemblIds: text('ensembl_ids').notNull(),
    omimIds: text('omim_ids').notNull(),
  },
  (t) => [index('kb_genes_symbol_idx').on(t.symbol), index('kb_genes_cytoband_idx').on(t.cytoband)],
);

/** Every name a gene goes by (upper-cased), from HGNC (symbol, prev, alias) and org.Hs.eg.db. */
export const kbGeneAliases = pgTable(
  'kb_gene_aliases',
  {
    alias: text('alias').notNull(),
    symbol: text('symbol').notNull(),
    entrezId: integer('entrez_id'),
    /** hgnc_symbol | hgnc_prev | hgnc_alias | orghs_symbol | orghs_alias — also the resolution priority. */
    kind: text('kind').notNull(),
    dataset: text('dataset').notNull(),
  },
  (t) => [index('kb_gene_aliases_alias_idx').on(t.alias)],
);

export const kbGeneLocations = pgTable(
  'kb_gene_locations',
  {
    entrezId: integer('entrez_id').notNull(),
    symbol: text('symbol').notNull(),
    geneType: text('gene_type').notNull(),
    chrom: text('chrom').notNull(),
    start: integer('start_pos').notNull(),
    end: integer('end_pos').notNull(),
    strand: text('strand').notNull(),
  },
  (t) => [index('kb_gene_locations_region_idx').on(t.chrom, t.start, t.end), index('kb_gene_locations_entrez_idx').on(t.entrezId)],
);

// ---- Gene Ontology (go, orghs) ----

export const kbGoTerms = pgTable(
  'kb_go_terms',
  {
    goId: text('go_id').primaryKey(),
    name: text('name').notNull(),
    ontology: text('ontology').notNull(),
    isObsolete: boolean('is_obsolete').notNull(),
  },
  (t) => [index('kb_go_terms_name_idx').on(sql`lower(${t.name})`)],
);

export const kbGoParents = pgTable(
  'kb_go_parents',
  {
    goId: text('go_id').notNull(),
    parentGoId: text('parent_go_id').notNull(),
    relationship: text('relationship').notNull(),
  },
  (t) => [index('kb_go_parents_child_idx').on(t.goId), index('kb_go_parents_parent_idx').on(t.parentGoId)],
);

export const kbGoAnnotations = pgTable(
  'kb_go_annotations',
  {
    entrezId: integer('entrez_id').notNull(),
    symbol: text('symbol').notNull(),
    goId: text('go_id').notNull(),
    evidence: text('evidence').notNull(),
    aspect: text('aspect').notNull(),
  },
  (t) => [index('kb_go_annotations_go_idx').on(t.goId), index('kb_go_annotations_gene_idx').on(t.entrezId)],
);

// ---- HPO (hpo, hpo_gene_disease) ----

export const kbHpoTerms = pgTable('kb_hpo_terms', {
  hpoId: text('hpo_id').primaryKey(),
  name: text('name').notNull(),
  isObsolete: boolean('is_obsolete').notNull(),
  replacedBy: text('replaced_by'),
});

export const kbHpoIsA = pgTable(
  'kb_hpo_is_a',
  { hpoId: text('hpo_id').notNull(), parentHpoId: text('parent_hpo_id').notNull() },
  (t) => [index('kb_hpo_is_a_child_idx').on(t.hpoId), index('kb_hpo_is_a_parent_idx').on(t.parentHpoId)],
);

export const kbDiseases = pgTable('kb_diseases', {
  diseaseId: text('disease_id').primaryKey(),
  name: text('name').notNull(),
  nHpoTerms: integer('n_hpo_terms').notNull(),
});

export const kbDiseasePhenotypes = pgTable(
  'kb_disease_phenotypes',
  { diseaseId: text('disease_id').notNull(), hpoId: text('hpo_id').notNull() },
  (t) => [index('kb_disease_phenotypes_disease_idx').on(t.diseaseId), index('kb_disease_phenotypes_hpo_idx').on(t.hpoId)],
);

export const kbGenePhenotypes = pgTable(
  'kb_gene_phenotypes',
  { entrezId: integer('entrez_id').notNull(), symbol: text('symbol').notNull(), hpoId: text('hpo_id').notNull() },
  (t) => [index('kb_gene_phenotypes_gene_idx').on(t.entrezId), index('kb_gene_phenotypes_hpo_idx').on(t.hpoId)],
);

export const kbDiseaseGenes = pgTable(
  'kb_disease_genes',
  {
    diseaseId: text('disease_id').notNull(),
    entrezId: integer('entrez_id').notNull(),
    symbol: text('symbol').notNull(),
    associationType: text('association_type').notNull(),
  },
  (t) => [index('kb_disease_genes_disease_idx').on(t.diseaseId), index('kb_disease_genes_gene_idx').on(t.entrezId)],
);

// ---- GWAS (gwas_gold_standards, gwas_catalog_2012) ----

export const kbGwasGold = pgTable(
  'kb_gwas_gold',
  {
    id: serial('id').primaryKey(),
    source: text('source').notNull(),
    otgId: text('otg_id').notNull(),
    studyId: text('study_id'),
    trait: text('trait').notNull(),
    chrom: text('chrom'),
    pos38: integer('pos38'),
    pos37: integer('pos37'),
    rsid: text('rsid'),
    ref: text('ref'),
    alt: text('alt'),
    geneEnsembl: text('gene_ensembl').notNull(),
    confidence: text('confidence').notNull(),
    setLabel: text('set_label'),
    negLogP: doublePrecision('neg_log_p'),
  },
  (t) => [index('kb_gwas_gold_rsid_idx').on(t.rsid), index('kb_gwas_gold_pos_idx').on(t.chrom, t.pos38)],
);

export const kbGwasCatalog = pgTable(
  'kb_gwas_catalog',
  {
    id: serial('id').primaryKey(),
    pubmedId: text('pubmed_id').notNull(),
    trait: text('trait').notNull(),
    region: text('region'),
    chrom: text('chrom'),
    pos37: integer('pos37'),
    reportedGenes: text('reported_genes'),
    mappedGene: text('mapped_gene'),
    rsid: text('rsid').notNull(),
    riskAllele: text('risk_allele'),
    pValue: doublePrecision('p_value'),
    pValueMlog: doublePrecision('p_value_mlog'),
    orBeta: text('or_beta'),
  },
  (t) => [index('kb_gwas_catalog_rsid_idx').on(t.rsid), index('kb_gwas_catalog_trait_idx').on(t.trait)],
);

// ---- CRISPR screen (bagel) ----

export const kbScreenGuides = pgTable(
  'kb_screen_guides',
  {
    sequence: text('sequence').notNull(),
    gene: text('gene').notNull(),
    t0: real('t0').notNull(),
    t18a: real('t18a').notNull(),
    t18b: real('t18b').notNull(),
    t18c: real('t18c').notNull(),
    /** log2 fold change T18 (mean of replicates) vs T0, on depth-normalised counts. */
    lfc: real('lfc').notNull(),
  },
  (t) => [index('kb_screen_guides_gene_idx').on(t.gene)],
);

export const kbScreenGenes = pgTable('kb_screen_genes', {
  gene: text('gene').primaryKey(),
  nGuides: integer('n_guides').notNull(),
  meanLfc: real('mean_lfc').notNull(),
  /** 1 = most depleted gene in the screen. */
  depletionRank: integer('depletion_rank').notNull(),
  /** CEGv2 (core essential) | NEGv1 (non-essential) | null. */
  referenceSet: text('reference_set'),
});

export const kbScreenReference = pgTable('kb_screen_reference', {
  gene: text('gene').notNull(),
  referenceSet: text('reference_set').notNull(),
  hgncId: text('hgnc_id'),
  entrezId: integer('entrez_id'),
});
