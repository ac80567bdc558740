-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "participant_id" UUID,
ADD COLUMN     "user_id" UUID,
ALTER COLUMN "event_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "events" ADD COLUMN     "registration_cap" INTEGER,
ADD COLUMN     "registration_open" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "require_approval" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "participants" ADD COLUMN     "email" TEXT,
ADD COLUMN     "invite_code" TEXT,
ADD COLUMN     "joined_at" TIMESTAMPTZ(3),
ADD COLUMN     "revoked_at" TIMESTAMPTZ(3),
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'invited';

-- AlterTable
ALTER TABLE "tracks" ADD COLUMN     "dest_lat" DOUBLE PRECISION,
ADD COLUMN     "dest_lon" DOUBLE PRECISION,
ADD COLUMN     "participant_id" UUID;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "disabled_at" TIMESTAMPTZ(3),
ADD COLUMN     "is_admin" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "sessions_valid_after" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "api_tokens_participant_id_idx" ON "api_tokens"("participant_id");

-- CreateIndex
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "participants_invite_code_key" ON "participants"("invite_code");

-- CreateIndex
CREATE INDEX "tracks_participant_id_idx" ON "tracks"("participant_id");

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tracks" ADD CONSTRAINT "tracks_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participants"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A token is an event's (event_id, and participant_id for a participant's own) or an organiser's (user_id).
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_kind_check"
  CHECK (("event_id" IS NOT NULL) <> ("user_id" IS NOT NULL) AND ("participant_id" IS NULL OR "event_id" IS NOT NULL));

-- Participants typed by the organiser before keep the status "invited": in the event, not joined (no token yet).
-- The oldest account becomes the instance's administrator (the demo organiser on a fresh install).
UPDATE "users" SET "is_admin" = true WHERE "id" = (SELECT "id" FROM "users" ORDER BY "created_at", "id" LIMIT 1);
