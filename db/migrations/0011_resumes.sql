CREATE TABLE `resumes` (
	`candidate_id` integer PRIMARY KEY NOT NULL,
	`file_name` text NOT NULL,
	`format` text NOT NULL,
	`text` text NOT NULL,
	`pages` integer,
	`byte_size` integer NOT NULL,
	`uploaded_at` integer NOT NULL,
	`uploaded_by` integer NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
