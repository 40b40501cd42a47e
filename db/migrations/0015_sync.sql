CREATE TABLE `sync_confirmations` (
	`session_id` integer PRIMARY KEY NOT NULL,
	`confirmed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` text NOT NULL,
	`kind` text NOT NULL,
	`revision` integer NOT NULL,
	`session_id` integer,
	`candidate_id` integer,
	`payload` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`reason` text,
	`sent_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sync_items_state_idx` ON `sync_items` (`state`,`id`);--> statement-breakpoint
CREATE INDEX `sync_items_session_idx` ON `sync_items` (`session_id`);--> statement-breakpoint
CREATE TABLE `sync_revisions` (
	`key` text PRIMARY KEY NOT NULL,
	`revision` integer NOT NULL,
	`digest` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_uploads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`local_media_id` integer NOT NULL,
	`media_id` text NOT NULL,
	`session_id` integer NOT NULL,
	`session_uuid` text NOT NULL,
	`candidate_id` integer,
	`kind` text NOT NULL,
	`content_type` text NOT NULL,
	`relative_path` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`total_bytes` integer,
	`sent_bytes` integer DEFAULT 0 NOT NULL,
	`sha256` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`done_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_uploads_localMediaId_unique` ON `sync_uploads` (`local_media_id`);--> statement-breakpoint
CREATE INDEX `sync_uploads_state_idx` ON `sync_uploads` (`state`,`id`);