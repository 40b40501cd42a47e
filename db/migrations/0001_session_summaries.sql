CREATE TABLE `session_summaries` (
	`session_id` integer PRIMARY KEY NOT NULL,
	`computed_at` integer NOT NULL,
	`summary` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
