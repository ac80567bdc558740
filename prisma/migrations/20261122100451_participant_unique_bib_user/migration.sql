-- CreateIndex
CREATE UNIQUE INDEX "participants_event_id_bib_key" ON "participants"("event_id", "bib");

-- CreateIndex
CREATE UNIQUE INDEX "participants_event_id_user_id_key" ON "participants"("event_id", "user_id");
