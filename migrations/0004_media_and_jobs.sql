CREATE TABLE "jobs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "jobs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "media_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" bigint NOT NULL,
	"direction" text NOT NULL,
	"whatsapp_id" text,
	"kind" text NOT NULL,
	"mime_type" text,
	"filename" text,
	"caption" text,
	"size" bigint,
	"sha256" text,
	"storage_key" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stored_at" timestamp with time zone,
	"uploaded_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "reply_to" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "reactions" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "location" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "contacts" jsonb;--> statement-breakpoint
ALTER TABLE "media_files" ADD CONSTRAINT "media_files_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_kind_subject_uq" ON "jobs" USING btree ("kind","subject_id");--> statement-breakpoint
CREATE INDEX "jobs_waiting_idx" ON "jobs" USING btree ("next_attempt_at","id") WHERE "jobs"."status" in ('pending', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "media_files_message_uq" ON "media_files" USING btree ("message_id");--> statement-breakpoint
-- Media received before this migration was never fetched: give each its row, a job while WhatsApp still
-- keeps the file (7 days), and the message the API's media shape.
INSERT INTO "media_files" ("message_id", "direction", "whatsapp_id", "kind", "mime_type", "filename", "caption", "status", "error")
SELECT m."id", 'inbound', m."media"->>'id', m."type", m."media"->>'mimeType', m."media"->>'filename', m."media"->>'caption',
  CASE WHEN m."created_at" > now() - interval '7 days' THEN 'pending' ELSE 'failed' END,
  CASE WHEN m."created_at" > now() - interval '7 days' THEN NULL ELSE 'WhatsApp keeps a file for 7 days; this one was received before wadesk fetched media and has expired.' END
FROM "messages" m
WHERE m."media" IS NOT NULL AND m."media" ? 'mimeType' AND m."type" IN ('image', 'document', 'audio', 'video', 'sticker');--> statement-breakpoint
INSERT INTO "jobs" ("kind", "subject_id") SELECT 'media.download', f."id"::text FROM "media_files" f WHERE f."status" = 'pending';--> statement-breakpoint
UPDATE "messages" m SET "media" = jsonb_build_object(
  'id', f."id", 'kind', f."kind", 'mime_type', f."mime_type", 'filename', f."filename", 'size', f."size",
  'caption', f."caption", 'status', f."status", 'error', f."error")
FROM "media_files" f WHERE f."message_id" = m."id";--> statement-breakpoint
UPDATE "messages" SET "media" = NULL WHERE "media" IS NOT NULL AND NOT ("media" ? 'status');
--> statement-breakpoint
-- Locations received before were kept only in the raw payload: the API shows them as places now.
UPDATE "messages" SET "location" = jsonb_build_object(
  'latitude', ("payload"->'location'->>'latitude')::float8, 'longitude', ("payload"->'location'->>'longitude')::float8,
  'name', "payload"->'location'->>'name', 'address', "payload"->'location'->>'address')
WHERE "direction" = 'inbound' AND "type" = 'location'
  AND jsonb_typeof("payload"->'location'->'latitude') = 'number' AND jsonb_typeof("payload"->'location'->'longitude') = 'number';
