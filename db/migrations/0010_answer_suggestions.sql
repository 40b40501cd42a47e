ALTER TABLE `scores` ADD `model` text;--> statement-breakpoint
ALTER TABLE `scores` ADD `prompt_version` text;--> statement-breakpoint
ALTER TABLE `scores` ADD `criteria` text;--> statement-breakpoint
ALTER TABLE `scores` ADD `fallback_reason` text;--> statement-breakpoint
ALTER TABLE `scores` ADD `input_tokens` integer;--> statement-breakpoint
ALTER TABLE `scores` ADD `output_tokens` integer;--> statement-breakpoint
ALTER TABLE `scores` ADD `latency_ms` integer;--> statement-breakpoint
ALTER TABLE `scores` ADD `response` text;--> statement-breakpoint
ALTER TABLE `scores` ADD `responded_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `scores` ADD `responded_at` integer;