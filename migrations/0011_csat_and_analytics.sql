ALTER TABLE "chat_sessions" ADD COLUMN "csat_status" text;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "csat_skip_reason" text;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "csat_asked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "csat_rating" integer;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "csat_comment" text;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "csat_rated_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "chat_sessions_started_at_idx" ON "chat_sessions" USING btree ("started_at");