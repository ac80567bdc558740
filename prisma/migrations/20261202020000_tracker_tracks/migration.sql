-- Tracks opened by a tracker app (OsmAnd / Traccar Client, OwnTracks, GPSLogger): the token that sent the
-- first fix. One personal token is one device, so "the device's current track" is the token's newest track.
ALTER TABLE "tracks" ADD COLUMN "tracker_token_id" UUID;

-- CreateIndex
CREATE INDEX "tracks_tracker_token_id_start_ts_idx" ON "tracks"("tracker_token_id", "start_ts");
