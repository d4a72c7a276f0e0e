// How each data-lake dataset becomes KB rows: its tables and a streaming loader per dataset.
import { join } from 'node:path';
import type { PoolClient } from 'pg';
import type { DatasetName } from '../data-lake/manifest';
import { BulkInserter, type ColumnType } from './bulk-insert';
import { floatOrNull, intOrNull, readJsonLines, readTsv } from './read';

export interface DatasetLoader {
  /** Tables wholly owned by the dataset (truncated before a reload). */
  tables: string[];
  /** Rows in shared tables the dataset owns: deleted by `dataset = name` before a reload. */
  sharedTables?: string[];
  load(client: PoolClient, dir: string): Promise<number>;
}

const inserter = (client: PoolClient, table: string, columns: Array<[string, ColumnType]>) => new BulkInserter(client, table, columns);

async function finish(...inserters: BulkInserter[]): Promise<number> {
  let total = 0;
  for (const i of inserters) {
    await i.flush();
    total += i.count;
  }
  return total;
}

const ALIAS_COLUMNS: Array<[string, ColumnType]> = [['alias', 'text'], ['symbol', 'text'], ['entrez_id', 'int'], ['kind', 'text'], ['dataset', 'text']];
const splitBar = (value: string) => value.split('|').map((s) => s.trim()).filter(Boolean);

export const DATASET_LOADERS: Record<DatasetName, DatasetLoader> = {
  hgnc: {
    tables: ['kb_hgnc_genes'],
    sharedTables: ['kb_gene_aliases'],
    async load(client, dir) {
      const genes = inserter(client, 'kb_hgnc_genes', [
        ['hgnc_id', 'text'], ['symbol', 'text'], ['name', 'text'], ['locus_group', 'text'], ['location', 'text'],
        ['entrez_id', 'int'], ['ensembl_id', 'text'], ['prev_symbols', 'text'], ['alias_symbols', 'text'],
      ]);
      const aliases = inserter(client, 'kb_gene_aliases', ALIAS_COLUMNS);
      for await (const row of readTsv(join(dir, 'hgnc_complete_set.txt.gz'))) {
        if (row.get('status') !== 'Approved') continue;
        const symbol = row.get('symbol');
        const entrez = intOrNull(row.get('entrez_id'));
        const prev = splitBar(row.get('prev_symbol'));
        const alias = splitBar(row.get('alias_symbol'));
        await genes.add([row.get('hgnc_id'), symbol, row.get('name'), row.get('locus_group'), row.get('location'), entrez,
          row.get('ensembl_gene_id') || null, prev.join('|'), alias.join('|')]);
        await aliases.add([symbol.toUpperCase(), symbol, entrez, 'hgnc_symbol', 'hgnc']);
        for (const p of prev) await aliases.add([p.toUpperCase(), symbol, entrez, 'hgnc_prev', 'hgnc']);
        for (const a of alias) await aliases.add([a.toUpperCase(), symbol, entrez, 'hgnc_alias', 'hgnc']);
      }
      return finish(genes, aliases);
    },
  },
  orghs: {
    tables: ['kb_genes', 'kb_gene_locations', 'kb_go_annotations'],
    sharedTables: ['kb_gene_aliases'],
    async load(client, dir) {
      const genes = inserter(client, 'kb_genes', [
        ['entrez_id', 'int'], ['symbol', 'text'], ['name', 'text'], ['gene_type', 'text'], ['chromosome', 'text'],
        ['cytoband', 'text'], ['ensembl_ids', 'text'], ['omim_ids', 'text'],
      ]);
      const aliases = inserter(client, 'kb_gene_aliases', ALIAS_COLUMNS);
      for await (const row of readTsv(join(dir, 'orghs_gene_info.tsv.gz'))) {
        const entrez = Number(row.get('entrez_id'));
        const symbol = row.get('symbol');
        await genes.add([entrez, symbol, row.get('name'), row.get('gene_type'), row.get('chromosome'), row.get('cytoband'),
          row.get('ensembl_ids'), row.get('omim_ids')]);
        await aliases.add([symbol.toUpperCase(), symbol, entrez, 'orghs_symbol', 'orghs']);
        for (const a of splitBar(row.get('aliases'))) if (a !== symbol) await aliases.add([a.toUpperCase(), symbol, entrez, 'orghs_alias', 'orghs']);
      }
      const locations = inserter(client, 'kb_gene_locations', [
        ['entrez_id', 'int'], ['symbol', 'text'], ['gene_type', 'text'], ['chrom', 'text'], ['start_pos', 'int'], ['end_pos', 'int'], ['strand', 'text'],
      ]);
      for await (const row of readTsv(join(dir, 'gene_coordinates_grch38.tsv.gz'))) {
        await locations.add([Number(row.get('entrez_id')), row.get('symbol'), row.get('gene_type'), row.get('chrom'),
          Number(row.get('start')), Number(row.get('end')), row.get('strand')]);
      }
      const go = inserter(client, 'kb_go_annotations', [['entrez_id', 'int'], ['symbol', 'text'], ['go_id', 'text'], ['evidence', 'text'], ['aspect', 'text']]);
      for await (const row of readTsv(join(dir, 'go_gene_annotations.tsv.gz'))) {
        await go.add([Number(row.get('entrez_id')), row.get('symbol'), row.get('go_id'), row.get('evidence'), row.get('aspect')]);
      }
      return finish(genes, aliases, locations, go);
    },
  },
  go: {
    tables: ['kb_go_terms', 'kb_go_parents'],
    async load(client, dir) {
      const terms = inserter(client, 'kb_go_terms', [['go_id', 'text'], ['name', 'text'], ['ontology', 'text'], ['is_obsolete', 'bool']]);
      const seen = new Set<string>();
      for await (const row of readTsv(join(dir, 'go_terms.tsv.gz'))) {
        const id = row.get('go_id');
        if (!id.startsWith('GO:') || seen.has(id)) continue; // drops GO.db's `all` pseudo-term
        seen.add(id);
        await terms.add([id, row.get('name'), row.get('ontology'), row.get('is_obsolete') === '1']);
      }
      const parents = inserter(client, 'kb_go_parents', [['go_id', 'text'], ['parent_go_id', 'text'], ['relationship', 'text']]);
      for await (const row of readTsv(join(dir, 'go_parents.tsv.gz'))) {
        if (!row.get('parent_go_id').startsWith('GO:')) continue;
        await parents.add([row.get('go_id'), row.get('parent_go_id'), row.get('relationship_type')]);
      }
      return finish(terms, parents);
    },
  },
  hpo: {
    tables: ['kb_hpo_terms', 'kb_hpo_is_a', 'kb_diseases', 'kb_disease_phenotypes', 'kb_gene_phenotypes'],
    async load(client, dir) {
      const terms = inserter(client, 'kb_hpo_terms', [['hpo_id', 'text'], ['name', 'text'], ['is_obsolete', 'bool'], ['replaced_by', 'text']]);
      for await (const row of readTsv(join(dir, 'hpo_terms.tsv'))) {
        await terms.add([row.get('hpo_id'), row.get('name'), row.get('is_obsolete') === '1', row.get('replaced_by') || null]);
      }
      const isA = inserter(client, 'kb_hpo_is_a', [['hpo_id', 'text'], ['parent_hpo_id', 'text']]);
      for await (const row of readTsv(join(dir, 'hpo_is_a.tsv'))) await isA.add([row.get('hpo_id'), row.get('parent_hpo_id')]);
      const diseases = inserter(client, 'kb_diseases', [['disease_id', 'text'], ['name', 'text'], ['n_hpo_terms', 'int']]);
      for await (const row of readTsv(join(dir, 'hpo_diseases.tsv'))) {
        await diseases.add([normalizeDiseaseId(row.get('disease_id')), row.get('disease_name'), Number(row.get('n_hpo_terms'))]);
      }
      const phenotypes = inserter(client, 'kb_disease_phenotypes', [['disease_id', 'text'], ['hpo_id', 'text']]);
      for await (const row of readTsv(join(dir, 'hpo_disease_phenotypes.tsv.gz'))) {
        await phenotypes.add([normalizeDiseaseId(row.get('disease_id')), row.get('hpo_id')]);
      }
      const genes = inserter(client, 'kb_gene_phenotypes', [['entrez_id', 'int'], ['symbol', 'text'], ['hpo_id', 'text']]);
      for await (const row of readTsv(join(dir, 'hpo_gene_phenotypes.tsv.gz'))) {
        await genes.add([Number(row.get('ncbi_gene_id')), row.get('gene_symbol'), row.get('hpo_id')]);
      }
      return finish(terms, isA, diseases, phenotypes, genes);
    },
  },
  hpo_gene_disease: {
    tables: ['kb_disease_genes'],
    async load(client, dir) {
      const links = inserter(client, 'kb_disease_genes', [['disease_id', 'text'], ['entrez_id', 'int'], ['symbol', 'text'], ['association_type', 'text']]);
      for await (const row of readTsv(join(dir, 'hpo_genes_to_disease.txt'))) {
        await links.add([normalizeDiseaseId(row.get('disease_id')), Number(row.get('ncbi_gene_id').replace('NCBIGene:', '')),
          row.get('gene_symbol'), row.get('association_type')]);
      }
      return finish(links);
    },
  },
  gwas_gold_standards: {
    tables: ['kb_gwas_gold'],
    async load(client, dir) {
      const gold = inserter(client, 'kb_gwas_gold', [
        ['source', 'text'], ['otg_id', 'text'], ['study_id', 'text'], ['trait', 'text'], ['chrom', 'text'], ['pos38', 'int'], ['pos37', 'int'],
        ['rsid', 'text'], ['ref', 'text'], ['alt', 'text'], ['gene_ensembl', 'text'], ['confidence', 'text'], ['set_label', 'text'], ['neg_log_p', 'float8'],
      ]);
      for await (const row of readTsv(join(dir, 'gwas_gold_standards.191108.tsv'))) {
        await gold.add(['gwas_gold_standards.191108', row.get('association_info.otg_id'), row.get('association_info.gwas_catalog_id') || null,
          row.get('trait_info.reported_trait_name'), row.get('sentinel_variant.locus_GRCh38.chromosome') || null,
          intOrNull(row.get('sentinel_variant.locus_GRCh38.position')), intOrNull(row.get('sentinel_variant.locus_GRCh37.position')),
          row.get('sentinel_variant.rsid') || null, row.get('sentinel_variant.alleles.reference') || null,
          row.get('sentinel_variant.alleles.alternative') || null, row.get('gold_standard_info.gene_id'),
          row.get('gold_standard_info.highest_confidence'), row.get('metadata.set_label') || null,
          floatOrNull(row.get('association_info.neg_log_pval'))]);
      }
      for (const name of ['otg_gs_230511.json', 'otg_gs_best_study.json']) {
        for await (const r of readJsonLines(join(dir, name))) {
          const locus = r.sentinel_variant?.locus_GRCh38 ?? {};
          await gold.add([name, r.association_info?.otg_id ?? '', null, (r.trait_info?.ontology ?? []).join('|'),
            locus.chromosome ? String(locus.chromosome) : null, typeof locus.position === 'number' ? locus.position : null, null, null,
            r.sentinel_variant?.alleles?.reference || null, r.sentinel_variant?.alleles?.alternative || null,
            r.gold_standard_info?.gene_id ?? '', r.gold_standard_info?.highest_confidence ?? '', r.metadata?.set_label ?? null, null]);
        }
      }
      return finish(gold);
    },
  },
  gwas_catalog_2012: {
    tables: ['kb_gwas_catalog'],
    async load(client, dir) {
      const rows = inserter(client, 'kb_gwas_catalog', [
        ['pubmed_id', 'text'], ['trait', 'text'], ['region', 'text'], ['chrom', 'text'], ['pos37', 'int'], ['reported_genes', 'text'],
        ['mapped_gene', 'text'], ['rsid', 'text'], ['risk_allele', 'text'], ['p_value', 'float8'], ['p_value_mlog', 'float8'], ['or_beta', 'text'],
      ]);
      for await (const row of readTsv(join(dir, 'gwascatalog20120320.txt.gz'), 'latin1')) {
        const rsid = row.get('SNPs').trim();
        if (!/^rs\d+$/.test(rsid)) continue; // haplotypes and SNP×SNP interactions have no single variant
        const chrom = row.get('Chr_id').trim();
        await rows.add([row.get('PUBMEDID').trim(), row.get('Disease/Trait').trim(), row.get('Region').trim() || null,
          chrom === '23' ? 'X' : chrom || null, intOrNull(row.get('Chr_pos')), row.get('Reported Gene(s)').trim() || null,
          row.get('Mapped_gene').trim() || null, rsid, row.get('Strongest SNP-Risk Allele').trim() || null,
          floatOrNull(row.get('p-Value')), floatOrNull(row.get('Pvalue_mlog')), row.get('OR or beta').trim() || null]);
      }
      return finish(rows);
    },
  },
  bagel: {
    tables: ['kb_screen_guides', 'kb_screen_genes', 'kb_screen_reference'],
    async load(client, dir) {
      return loadScreen(client, dir);
    },
  },
};

export function normalizeDiseaseId(id: string): string {
  return id.trim().replace(/^MIM:/, 'OMIM:');
}

/** Guides with fewer T0 reads than this are too noisy to score (BAGEL's default filter). */
const MIN_T0_READS = 30;
const PSEUDOCOUNT = 5;

async function loadScreen(client: PoolClient, dir: string): Promise<number> {
  const guides: Array<{ sequence: string; gene: string; counts: number[] }> = [];
  for await (const row of readTsv(join(dir, 'bagel_reads_hap1.txt.gz'))) {
    guides.push({
      sequence: row.get('SEQUENCE'),
      gene: row.get('GENE'),
      counts: ['HAP1_T0', 'HAP1_T18A', 'HAP1_T18B', 'HAP1_T18C'].map((c) => Number(row.get(c)) || 0),
    });
  }
  // Normalise every sample to 500 reads per guide on average (BAGEL's convention), then log2 FC.
  const totals = [0, 1, 2, 3].map((s) => guides.reduce((sum, g) => sum + g.counts[s], 0));
  const scale = totals.map((t) => (500 * guides.length) / t);
  const insertGuides = inserter(client, 'kb_screen_guides', [
    ['sequence', 'text'], ['gene', 'text'], ['t0', 'real'], ['t18a', 'real'], ['t18b', 'real'], ['t18c', 'real'], ['lfc', 'real'],
  ]);
  const perGene = new Map<string, number[]>();
  for (const g of guides) {
    const norm = g.counts.map((c, s) => c * scale[s]);
    const t18 = (norm[1] + norm[2] + norm[3]) / 3;
    const lfc = Math.log2((t18 + PSEUDOCOUNT) / (norm[0] + PSEUDOCOUNT));
    await insertGuides.add([g.sequence, g.gene, ...g.counts, lfc]);
    if (g.counts[0] < MIN_T0_READS) continue;
    const list = perGene.get(g.gene) ?? [];
    list.push(lfc);
    perGene.set(g.gene, list);
  }
  const reference = new Map<string, string>();
  const insertReference = inserter(client, 'kb_screen_reference', [['gene', 'text'], ['reference_set', 'text'], ['hgnc_id', 'text'], ['entrez_id', 'int']]);
  for (const [file, set] of [['bagel_CEGv2.txt', 'CEGv2'], ['bagel_NEGv1.txt', 'NEGv1']] as const) {
    for await (const row of readTsv(join(dir, file))) {
      reference.set(row.get('GENE'), set);
      await insertReference.add([row.get('GENE'), set, row.get('HGNC_ID') || null, intOrNull(row.get('ENTREZ_ID'))]);
    }
  }
  const genes = [...perGene].map(([gene, lfcs]) => ({ gene, n: lfcs.length, mean: lfcs.reduce((a, b) => a + b, 0) / lfcs.length }));
  genes.sort((a, b) => a.mean - b.mean || a.gene.localeCompare(b.gene));
  const insertGenes = inserter(client, 'kb_screen_genes', [['gene', 'text'], ['n_guides', 'int'], ['mean_lfc', 'real'], ['depletion_rank', 'int'], ['reference_set', 'text']]);
  for (const [i, g] of genes.entries()) await insertGenes.add([g.gene, g.n, g.mean, i + 1, reference.get(g.gene) ?? null]);
  return finish(insertGuides, insertReference, insertGenes);
}
