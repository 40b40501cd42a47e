ALTER TABLE `consents` ADD `kind` text DEFAULT 'notice' NOT NULL;--> statement-breakpoint
ALTER TABLE `consents` ADD `notice_text` text;--> statement-breakpoint
ALTER TABLE `consents` ADD `agreed` integer;--> statement-breakpoint
ALTER TABLE `consents` ADD `keep_answers` integer;--> statement-breakpoint
ALTER TABLE `consents` ADD `at_ms` integer;--> statement-breakpoint
ALTER TABLE `interviews` ADD `erasure_requested_at` integer;