CREATE TABLE `self_identifications` (
	`interview_id` integer PRIMARY KEY NOT NULL,
	`sex` text,
	`race_ethnicity` text,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE cascade
);
