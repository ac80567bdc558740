-- Another instance's runtime reads the progress states written since it last looked (services/race-live.ts).
-- CreateIndex
CREATE INDEX "race_progress_race_id_updated_at_idx" ON "race_progress"("race_id", "updated_at");
