ALTER TABLE `screenings` ADD `fit` text;--> statement-breakpoint
ALTER TABLE `screenings` ADD `fit_at` integer;