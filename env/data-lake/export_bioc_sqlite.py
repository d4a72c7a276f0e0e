# Exports the tables the data lake needs from the Bioconductor SQLite databases shipped in Debian's
# r-bioc-org.hs.eg.db and r-bioc-go.db, in the same TSV shapes as the offline mirror's files.
# Python is used only for its built-in sqlite3 module (Node 20 has no SQLite reader).
import gzip, sqlite3, sys

kind, db_path, out_dir = sys.argv[1], sys.argv[2], sys.argv[3]
con = sqlite3.connect(db_path)

def write(name, comment, header, rows):
    with gzip.open(f"{out_dir}/{name}", "wt", encoding="utf-8", newline="") as f:
        f.write(f"# {comment}\n" + "\t".join(header) + "\n")
        for row in rows:
            f.write("\t".join("" if v is None else str(v) for v in row) + "\n")

def multi(table, column):
    values = {}
    for _id, value in con.execute(f"SELECT _id, {column} FROM {table}"):
        values.setdefault(_id, []).append(str(value))
    return values

if kind == "orghs":
    genes = dict(con.execute("SELECT _id, gene_id FROM genes"))
    info = {i: (s, n) for i, n, s in con.execute("SELECT _id, gene_name, symbol FROM gene_info")}
    gtype = dict(con.execute("SELECT _id, gene_type FROM genetype"))
    chrom, band, ens, omim, uni, alias = (multi(t, c) for t, c in [
        ("chromosomes", "chromosome"), ("cytogenetic_locations", "cytogenetic_location"), ("ensembl", "ensembl_id"),
        ("omim", "omim_id"), ("uniprot", "uniprot_id"), ("alias", "alias_symbol")])
    src = "source: Debian r-bioc-org.hs.eg.db (registry export)"
    write("orghs_gene_info.tsv.gz", src,
          ["entrez_id", "symbol", "name", "gene_type", "chromosome", "cytoband", "ensembl_ids", "omim_ids", "uniprot_ids", "aliases"],
          ([genes[i], info.get(i, ("", ""))[0], info.get(i, ("", ""))[1], gtype.get(i, ""), "|".join(chrom.get(i, [])),
            "|".join(band.get(i, [])), "|".join(ens.get(i, [])), "|".join(omim.get(i, [])), "|".join(uni.get(i, [])),
            "|".join(alias.get(i, []))] for i in sorted(genes, key=lambda k: int(genes[k])) if gtype.get(i) != "biological-region"))
    primary = {str(n) for n in range(1, 23)} | {"X", "Y", "MT"}
    loci = {}
    for i, seq, start, end in con.execute("SELECT _id, seqname, start_location, end_location FROM chromosome_locations"):
        if seq not in primary:
            continue
        strand = "-" if start < 0 else "+"
        loci.setdefault((i, seq, strand), []).append((abs(start) + 1, abs(end)))
    rows = []
    for (i, seq, strand), spans in loci.items():
        spans.sort()
        merged = [list(spans[0])]
        for s, e in spans[1:]:
            if s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        for s, e in merged:
            rows.append([genes[i], info.get(i, ("", ""))[0], gtype.get(i, ""), seq, s, e, strand, len(merged)])
    rows.sort(key=lambda r: (r[3], r[4], int(r[0])))
    write("gene_coordinates_grch38.tsv.gz", src + " CHRLOC/CHRLOCEND; 1-based inclusive",
          ["entrez_id", "symbol", "gene_type", "chrom", "start", "end", "strand", "n_loci"], rows)
    go_rows = []
    for aspect in ("bp", "mf", "cc"):
        for i, go, ev in con.execute(f"SELECT _id, go_id, evidence FROM go_{aspect}"):
            go_rows.append([genes[i], info.get(i, ("", ""))[0], go, ev, aspect.upper()])
    write("go_gene_annotations.tsv.gz", src + " go_bp/go_mf/go_cc", ["entrez_id", "symbol", "go_id", "evidence", "aspect"], go_rows)
elif kind == "go":
    src = "source: Debian r-bioc-go.db (registry export)"
    terms = [[g, t, o, 0] for g, t, o in con.execute("SELECT go_id, term, ontology FROM go_term")]
    terms += [[g, t, o, 1] for g, t, o in con.execute("SELECT go_id, term, ontology FROM go_obsolete")]
    write("go_terms.tsv.gz", src, ["go_id", "name", "ontology", "is_obsolete"], terms)
    ids = dict(con.execute("SELECT _id, go_id FROM go_term"))
    edges = []
    for ont in ("bp", "mf", "cc"):
        for c, p, rel in con.execute(f"SELECT _id, _parent_id, relationship_type FROM go_{ont}_parents"):
            edges.append([ids[c], ids[p], rel, ont.upper()])
    write("go_parents.tsv.gz", src, ["go_id", "parent_go_id", "relationship_type", "ontology"], edges)
else:
    sys.exit(f"unknown export kind {kind}")
