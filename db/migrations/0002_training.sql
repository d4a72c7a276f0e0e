CREATE TABLE "epoch_metrics" (
	"run_id" text NOT NULL,
	"epoch" integer NOT NULL,
	"rollout_version" text NOT NULL,
	"trained_version" text,
	"metrics" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "epoch_metrics_run_id_epoch_pk" PRIMARY KEY("run_id","epoch")
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"run_id" text NOT NULL,
	"label" text NOT NULL,
	"policy_version" text NOT NULL,
	"split" text NOT NULL,
	"task_type" text NOT NULL,
	"episodes" integer NOT NULL,
	"mean_correctness" double precision NOT NULL,
	"format_rate" real NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluations_run_id_label_task_type_pk" PRIMARY KEY("run_id","label","task_type")
);
--> statement-breakpoint
CREATE TABLE "policy_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"parent_id" text,
	"kind" text NOT NULL,
	"step" integer NOT NULL,
	"checkpoint_dir" text NOT NULL,
	"model_dir" text NOT NULL,
	"metrics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" text PRIMARY KEY NOT NULL,
	"config" jsonb NOT NULL,
	"status" text NOT NULL,
	"phase" text NOT NULL,
	"epoch" integer DEFAULT 0 NOT NULL,
	"policy_version" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sft_examples" (
	"run_id" text NOT NULL,
	"content_hash" text NOT NULL,
	"episode_id" text NOT NULL,
	"task_type" text NOT NULL,
	"messages" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sft_examples_run_id_content_hash_pk" PRIMARY KEY("run_id","content_hash")
);
--> statement-breakpoint
CREATE INDEX "policy_versions_run_idx" ON "policy_versions" USING btree ("run_id","step");