CREATE TABLE `dropped_frames` (
	`session_id` integer NOT NULL,
	`second` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`session_id`, `second`),
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
