-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password_hash" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'Europe/Paris',
    "is_public" BOOLEAN NOT NULL DEFAULT false,
    "start_lat" DOUBLE PRECISION,
    "start_lon" DOUBLE PRECISION,
    "dest_lat" DOUBLE PRECISION,
    "dest_lon" DOUBLE PRECISION,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "participants" (
    "id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "bib" TEXT,
    "user_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "participants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY['tracks:read', 'tracks:write', 'tracks:delete']::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tracks" (
    "id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "device_track_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "activity_type" TEXT NOT NULL DEFAULT 'run',
    "state" TEXT NOT NULL DEFAULT 'running',
    "start_ts" TIMESTAMPTZ(3) NOT NULL,
    "end_ts" TIMESTAMPTZ(3),
    "image_url" TEXT,
    "user_id" TEXT,
    "points_count" INTEGER NOT NULL DEFAULT 0,
    "pauses" JSONB NOT NULL DEFAULT '[]',
    "live_stats" JSONB,
    "distance_meters" DOUBLE PRECISION,
    "duration_sec" DOUBLE PRECISION,
    "moving_time_sec" DOUBLE PRECISION,
    "elevation_gain_m" DOUBLE PRECISION,
    "elevation_loss_m" DOUBLE PRECISION,
    "mean_speed_mps" DOUBLE PRECISION,
    "pace_sec_per_km" DOUBLE PRECISION,
    "max_speed_mps" DOUBLE PRECISION,
    "max_altitude_m" DOUBLE PRECISION,
    "min_altitude_m" DOUBLE PRECISION,
    "stats_computed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tracks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "points" (
    "track_id" UUID NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "lat" DOUBLE PRECISION NOT NULL,
    "lon" DOUBLE PRECISION NOT NULL,
    "altitude" DOUBLE PRECISION,
    "accuracy" DOUBLE PRECISION,
    "speed_mps" DOUBLE PRECISION,
    "heading" DOUBLE PRECISION,
    "battery" DOUBLE PRECISION,
    "origin" TEXT,

    CONSTRAINT "points_pkey" PRIMARY KEY ("track_id","ts")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "events_owner_id_starts_at_idx" ON "events"("owner_id", "starts_at");

-- CreateIndex
CREATE UNIQUE INDEX "events_owner_id_name_key" ON "events"("owner_id", "name");

-- CreateIndex
CREATE INDEX "participants_event_id_idx" ON "participants"("event_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens"("hash");

-- CreateIndex
CREATE INDEX "api_tokens_event_id_idx" ON "api_tokens"("event_id");

-- CreateIndex
CREATE INDEX "tracks_event_id_start_ts_idx" ON "tracks"("event_id", "start_ts");

-- CreateIndex
CREATE UNIQUE INDEX "tracks_event_id_device_track_id_key" ON "tracks"("event_id", "device_track_id");

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participants" ADD CONSTRAINT "participants_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tracks" ADD CONSTRAINT "tracks_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "points" ADD CONSTRAINT "points_track_id_fkey" FOREIGN KEY ("track_id") REFERENCES "tracks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
