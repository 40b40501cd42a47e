CREATE TABLE `interview_aggregates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`scheduled_on` text NOT NULL,
	`held_on` text,
	`purged_on` text NOT NULL,
	`status` text NOT NULL,
	`decision` text NOT NULL,
	`overall_score` integer,
	`question_count` integer NOT NULL,
	`answered_count` integer NOT NULL,
	`session_minutes` integer,
	`consented_recording` integer,
	`consented_signals` integer,
	`event_counts` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `interview_aggregates_job_idx` ON `interview_aggregates` (`job_id`,`scheduled_on`);--> statement-breakpoint
CREATE TABLE `legal_holds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`interview_id` integer NOT NULL,
	`reason` text NOT NULL,
	`set_by` integer NOT NULL,
	`set_at` integer NOT NULL,
	`lifted_by` integer,
	`lifted_at` integer,
	`lift_reason` text,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`set_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lifted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `legal_holds_interview_idx` ON `legal_holds` (`interview_id`,`lifted_at`);--> statement-breakpoint
CREATE TABLE `purges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`interview_id` integer NOT NULL,
	`session_id` integer,
	`started_at` integer NOT NULL,
	`rows_deleted_at` integer,
	`files` text NOT NULL,
	`rows` text DEFAULT '{}' NOT NULL,
	`files_deleted` integer DEFAULT 0 NOT NULL,
	`bytes_deleted` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purges_interviewId_unique` ON `purges` (`interview_id`);