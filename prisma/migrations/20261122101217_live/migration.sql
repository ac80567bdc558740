-- AlterTable
ALTER TABLE "events" ADD COLUMN     "live_seq" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "spectator_delay_sec" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "share_links" (
    "id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "share_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "live_batches" (
    "event_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "track_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "min_ts" TIMESTAMPTZ(3),
    "max_ts" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "live_batches_pkey" PRIMARY KEY ("event_id","seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "share_links_hash_key" ON "share_links"("hash");

-- CreateIndex
CREATE INDEX "share_links_event_id_idx" ON "share_links"("event_id");

-- AddForeignKey
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "live_batches" ADD CONSTRAINT "live_batches_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;
