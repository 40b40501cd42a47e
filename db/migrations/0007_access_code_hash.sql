ALTER TABLE `interviews` RENAME COLUMN "access_code" TO "access_code_hash";--> statement-breakpoint
DROP INDEX `interviews_accessCode_unique`;--> statement-breakpoint
ALTER TABLE `interviews` ADD `code_issued_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `interviews_accessCodeHash_unique` ON `interviews` (`access_code_hash`);