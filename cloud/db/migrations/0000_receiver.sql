CREATE TABLE "enrolment_codes" (
	"code_sha256" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_by_station_id" uuid
);
--> statement-breakpoint
CREATE TABLE "erased_refs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"candidate_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "erasures" (
	"candidate_id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"station_id" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"erased_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"revision" integer NOT NULL,
	"candidate_id" uuid,
	"interview_id" uuid,
	"session_id" uuid,
	"answer_id" uuid,
	"body" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "media" (
	"media_id" uuid PRIMARY KEY NOT NULL,
	"station_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"content_type" text NOT NULL,
	"sha256" text NOT NULL,
	"byte_size" bigint NOT NULL,
	"state" text NOT NULL,
	"storage_key" text,
	"created_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "media_storageKey_unique" UNIQUE("storage_key")
);
--> statement-breakpoint
CREATE TABLE "stations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"credential_sha256" text NOT NULL,
	"enrolled_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "stations_credentialSha256_unique" UNIQUE("credential_sha256")
);
--> statement-breakpoint
ALTER TABLE "erasures" ADD CONSTRAINT "erasures_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media" ADD CONSTRAINT "media_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "items_candidate_idx" ON "items" USING btree ("candidate_id");--> statement-breakpoint
CREATE INDEX "items_interview_idx" ON "items" USING btree ("interview_id");--> statement-breakpoint
CREATE INDEX "items_session_idx" ON "items" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "items_answer_idx" ON "items" USING btree ("answer_id");--> statement-breakpoint
CREATE INDEX "media_session_idx" ON "media" USING btree ("session_id");