CREATE TABLE `question_drafts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`batch_id` text NOT NULL,
	`provider` text NOT NULL,
	`model` text,
	`fallback_reason` text,
	`fields` text NOT NULL,
	`covers` text NOT NULL,
	`source_question_id` integer,
	`note` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`question_id` integer,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `question_drafts_job_status_idx` ON `question_drafts` (`job_id`,`status`);--> statement-breakpoint
ALTER TABLE `questions` ADD `generated_by` text;