CREATE TABLE "episodes" (
	"id" text PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"task_id" text NOT NULL,
	"task_type" text NOT NULL,
	"epoch" integer DEFAULT 0 NOT NULL,
	"policy_version" text NOT NULL,
	"status" text NOT NULL,
	"correctness" real,
	"format_ok" boolean,
	"reward" double precision,
	"assistant_turns" integer DEFAULT 0 NOT NULL,
	"tokens" integer DEFAULT 0 NOT NULL,
	"tool_errors" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"task_type" text NOT NULL,
	"split" text NOT NULL,
	"prompt" text NOT NULL,
	"answer" jsonb NOT NULL,
	"meta" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "turns" (
	"episode_id" text NOT NULL,
	"idx" integer NOT NULL,
	"role" text NOT NULL,
	"content" text NOT NULL,
	"token_ids" integer[],
	"logprobs" real[],
	"action_kind" text,
	"well_formed" boolean,
	"tool" text,
	"tool_error" boolean,
	"tokens" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "turns_episode_id_idx_pk" PRIMARY KEY("episode_id","idx")
);
--> statement-breakpoint
ALTER TABLE "episodes" ADD CONSTRAINT "episodes_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "turns" ADD CONSTRAINT "turns_episode_id_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."episodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "episodes_run_idx" ON "episodes" USING btree ("run_id","epoch");--> statement-breakpoint
CREATE INDEX "tasks_type_split_idx" ON "tasks" USING btree ("task_type","split");