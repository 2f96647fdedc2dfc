DROP INDEX "outbox_due_idx";--> statement-breakpoint
DROP INDEX "outbox_conversation_idx";--> statement-breakpoint
CREATE INDEX "outbox_waiting_idx" ON "outbox" USING btree ("next_attempt_at","id") WHERE "outbox"."status" in ('pending', 'sending');--> statement-breakpoint
CREATE INDEX "outbox_waiting_messages_idx" ON "outbox" USING btree ("conversation_id","id") WHERE "outbox"."kind" = 'message' and "outbox"."status" in ('pending', 'sending');