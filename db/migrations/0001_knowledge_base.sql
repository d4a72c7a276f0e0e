CREATE TABLE "kb_disease_genes" (
	"disease_id" text NOT NULL,
	"entrez_id" integer NOT NULL,
	"symbol" text NOT NULL,
	"association_type" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_disease_phenotypes" (
	"disease_id" text NOT NULL,
	"hpo_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_diseases" (
	"disease_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"n_hpo_terms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_gene_aliases" (
	"alias" text NOT NULL,
	"symbol" text NOT NULL,
	"entrez_id" integer,
	"kind" text NOT NULL,
	"dataset" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_gene_locations" (
	"entrez_id" integer NOT NULL,
	"symbol" text NOT NULL,
	"gene_type" text NOT NULL,
	"chrom" text NOT NULL,
	"start_pos" integer NOT NULL,
	"end_pos" integer NOT NULL,
	"strand" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_gene_phenotypes" (
	"entrez_id" integer NOT NULL,
	"symbol" text NOT NULL,
	"hpo_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_genes" (
	"entrez_id" integer PRIMARY KEY NOT NULL,
	"symbol" text NOT NULL,
	"name" text NOT NULL,
	"gene_type" text NOT NULL,
	"chromosome" text NOT NULL,
	"cytoband" text NOT NULL,
	"ensembl_ids" text NOT NULL,
	"omim_ids" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_go_annotations" (
	"entrez_id" integer NOT NULL,
	"symbol" text NOT NULL,
	"go_id" text NOT NULL,
	"evidence" text NOT NULL,
	"aspect" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_go_parents" (
	"go_id" text NOT NULL,
	"parent_go_id" text NOT NULL,
	"relationship" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_go_terms" (
	"go_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"ontology" text NOT NULL,
	"is_obsolete" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_gwas_catalog" (
	"id" serial PRIMARY KEY NOT NULL,
	"pubmed_id" text NOT NULL,
	"trait" text NOT NULL,
	"region" text,
	"chrom" text,
	"pos37" integer,
	"reported_genes" text,
	"mapped_gene" text,
	"rsid" text NOT NULL,
	"risk_allele" text,
	"p_value" double precision,
	"p_value_mlog" double precision,
	"or_beta" text
);
--> statement-breakpoint
CREATE TABLE "kb_gwas_gold" (
	"id" serial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"otg_id" text NOT NULL,
	"study_id" text,
	"trait" text NOT NULL,
	"chrom" text,
	"pos38" integer,
	"pos37" integer,
	"rsid" text,
	"ref" text,
	"alt" text,
	"gene_ensembl" text NOT NULL,
	"confidence" text NOT NULL,
	"set_label" text,
	"neg_log_p" double precision
);
--> statement-breakpoint
CREATE TABLE "kb_hgnc_genes" (
	"hgnc_id" text PRIMARY KEY NOT NULL,
	"symbol" text NOT NULL,
	"name" text NOT NULL,
	"locus_group" text NOT NULL,
	"location" text NOT NULL,
	"entrez_id" integer,
	"ensembl_id" text,
	"prev_symbols" text NOT NULL,
	"alias_symbols" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_hpo_is_a" (
	"hpo_id" text NOT NULL,
	"parent_hpo_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_hpo_terms" (
	"hpo_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"is_obsolete" boolean NOT NULL,
	"replaced_by" text
);
--> statement-breakpoint
CREATE TABLE "kb_load_state" (
	"dataset" text PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"rows" integer NOT NULL,
	"seconds" real NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_screen_genes" (
	"gene" text PRIMARY KEY NOT NULL,
	"n_guides" integer NOT NULL,
	"mean_lfc" real NOT NULL,
	"depletion_rank" integer NOT NULL,
	"reference_set" text
);
--> statement-breakpoint
CREATE TABLE "kb_screen_guides" (
	"sequence" text NOT NULL,
	"gene" text NOT NULL,
	"t0" real NOT NULL,
	"t18a" real NOT NULL,
	"t18b" real NOT NULL,
	"t18c" real NOT NULL,
	"lfc" real NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_screen_reference" (
	"gene" text NOT NULL,
	"reference_set" text NOT NULL,
	"hgnc_id" text,
	"entrez_id" integer
);
--> statement-breakpoint
CREATE INDEX "kb_disease_genes_disease_idx" ON "kb_disease_genes" USING btree ("disease_id");--> statement-breakpoint
CREATE INDEX "kb_disease_genes_gene_idx" ON "kb_disease_genes" USING btree ("entrez_id");--> statement-breakpoint
CREATE INDEX "kb_disease_phenotypes_disease_idx" ON "kb_disease_phenotypes" USING btree ("disease_id");--> statement-breakpoint
CREATE INDEX "kb_disease_phenotypes_hpo_idx" ON "kb_disease_phenotypes" USING btree ("hpo_id");--> statement-breakpoint
CREATE INDEX "kb_gene_aliases_alias_idx" ON "kb_gene_aliases" USING btree ("alias");--> statement-breakpoint
CREATE INDEX "kb_gene_locations_region_idx" ON "kb_gene_locations" USING btree ("chrom","start_pos","end_pos");--> statement-breakpoint
CREATE INDEX "kb_gene_locations_entrez_idx" ON "kb_gene_locations" USING btree ("entrez_id");--> statement-breakpoint
CREATE INDEX "kb_gene_phenotypes_gene_idx" ON "kb_gene_phenotypes" USING btree ("entrez_id");--> statement-breakpoint
CREATE INDEX "kb_gene_phenotypes_hpo_idx" ON "kb_gene_phenotypes" USING btree ("hpo_id");--> statement-breakpoint
CREATE INDEX "kb_genes_symbol_idx" ON "kb_genes" USING btree ("symbol");--> statement-breakpoint
CREATE INDEX "kb_genes_cytoband_idx" ON "kb_genes" USING btree ("cytoband");--> statement-breakpoint
CREATE INDEX "kb_go_annotations_go_idx" ON "kb_go_annotations" USING btree ("go_id");--> statement-breakpoint
CREATE INDEX "kb_go_annotations_gene_idx" ON "kb_go_annotations" USING btree ("entrez_id");--> statement-breakpoint
CREATE INDEX "kb_go_parents_child_idx" ON "kb_go_parents" USING btree ("go_id");--> statement-breakpoint
CREATE INDEX "kb_go_parents_parent_idx" ON "kb_go_parents" USING btree ("parent_go_id");--> statement-breakpoint
CREATE INDEX "kb_go_terms_name_idx" ON "kb_go_terms" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "kb_gwas_catalog_rsid_idx" ON "kb_gwas_catalog" USING btree ("rsid");--> statement-breakpoint
CREATE INDEX "kb_gwas_catalog_trait_idx" ON "kb_gwas_catalog" USING btree ("trait");--> statement-breakpoint
CREATE INDEX "kb_gwas_gold_rsid_idx" ON "kb_gwas_gold" USING btree ("rsid");--> statement-breakpoint
CREATE INDEX "kb_gwas_gold_pos_idx" ON "kb_gwas_gold" USING btree ("chrom","pos38");--> statement-breakpoint
CREATE INDEX "kb_hgnc_genes_symbol_idx" ON "kb_hgnc_genes" USING btree ("symbol");--> statement-breakpoint
CREATE INDEX "kb_hgnc_genes_entrez_idx" ON "kb_hgnc_genes" USING btree ("entrez_id");--> statement-breakpoint
CREATE INDEX "kb_hgnc_genes_ensembl_idx" ON "kb_hgnc_genes" USING btree ("ensembl_id");--> statement-breakpoint
CREATE INDEX "kb_hpo_is_a_child_idx" ON "kb_hpo_is_a" USING btree ("hpo_id");--> statement-breakpoint
CREATE INDEX "kb_hpo_is_a_parent_idx" ON "kb_hpo_is_a" USING btree ("parent_hpo_id");--> statement-breakpoint
CREATE INDEX "kb_screen_guides_gene_idx" ON "kb_screen_guides" USING btree ("gene");