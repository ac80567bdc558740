-- CreateTable
CREATE TABLE "races" (
    "id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "activity_type" TEXT NOT NULL DEFAULT 'run',
    "start_mode" TEXT NOT NULL DEFAULT 'gun',
    "start_ts" TIMESTAMPTZ(3) NOT NULL,
    "start_closes_ts" TIMESTAMPTZ(3),
    "end_ts" TIMESTAMPTZ(3),
    "inactivity_dnf_sec" INTEGER,
    "cutoffs" JSONB NOT NULL DEFAULT '[]',
    "laps" INTEGER NOT NULL DEFAULT 1,
    "split_every_m" DOUBLE PRECISION,
    "off_course_m" DOUBLE PRECISION,
    "off_course_sec" INTEGER,
    "route" JSONB,
    "course_file" TEXT,
    "distance_m" DOUBLE PRECISION,
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "races_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "race_checkpoints" (
    "id" UUID NOT NULL,
    "race_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "distance_m" DOUBLE PRECISION,
    "lat" DOUBLE PRECISION,
    "lon" DOUBLE PRECISION,
    "near_m" DOUBLE PRECISION,
    "every_lap" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "race_checkpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "race_participants" (
    "race_id" UUID NOT NULL,
    "participant_id" UUID NOT NULL,
    "wave_start_ts" TIMESTAMPTZ(3),
    "status_override" TEXT,
    "start_override" TIMESTAMPTZ(3),
    "finish_override" TIMESTAMPTZ(3),

    CONSTRAINT "race_participants_pkey" PRIMARY KEY ("race_id","participant_id")
);

-- CreateTable
CREATE TABLE "race_progress" (
    "race_id" UUID NOT NULL,
    "track_id" UUID NOT NULL,
    "participant_id" UUID NOT NULL,
    "state" JSONB NOT NULL,
    "last_fix_ts" TIMESTAMPTZ(3),
    "progress_m" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "race_progress_pkey" PRIMARY KEY ("race_id","track_id")
);

-- CreateTable
CREATE TABLE "race_samples" (
    "race_id" UUID NOT NULL,
    "track_id" UUID NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "decided_ts" TIMESTAMPTZ(3) NOT NULL,
    "progress_m" DOUBLE PRECISION NOT NULL,
    "along_m" DOUBLE PRECISION,
    "offset_m" DOUBLE PRECISION,
    "speed_mps" DOUBLE PRECISION,
    "off_course" BOOLEAN NOT NULL DEFAULT false,
    "jump" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "race_samples_pkey" PRIMARY KEY ("race_id","track_id","ts")
);

-- CreateTable
CREATE TABLE "race_passings" (
    "race_id" UUID NOT NULL,
    "track_id" UUID NOT NULL,
    "checkpoint_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "ts" TIMESTAMPTZ(3),
    "gap_sec" DOUBLE PRECISION,
    "gap_m" DOUBLE PRECISION,
    "reason" TEXT,
    "known_ts" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "race_passings_pkey" PRIMARY KEY ("race_id","track_id","checkpoint_id")
);

-- CreateIndex
CREATE INDEX "races_event_id_idx" ON "races"("event_id");

-- CreateIndex
CREATE UNIQUE INDEX "races_event_id_name_key" ON "races"("event_id", "name");

-- CreateIndex
CREATE INDEX "race_checkpoints_race_id_idx" ON "race_checkpoints"("race_id");

-- CreateIndex
CREATE UNIQUE INDEX "race_participants_participant_id_key" ON "race_participants"("participant_id");

-- CreateIndex
CREATE INDEX "race_progress_race_id_participant_id_idx" ON "race_progress"("race_id", "participant_id");

-- CreateIndex
CREATE INDEX "race_samples_race_id_track_id_progress_m_idx" ON "race_samples"("race_id", "track_id", "progress_m");

-- AddForeignKey
ALTER TABLE "races" ADD CONSTRAINT "races_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "race_checkpoints" ADD CONSTRAINT "race_checkpoints_race_id_fkey" FOREIGN KEY ("race_id") REFERENCES "races"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "race_participants" ADD CONSTRAINT "race_participants_race_id_fkey" FOREIGN KEY ("race_id") REFERENCES "races"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "race_participants" ADD CONSTRAINT "race_participants_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "race_progress" ADD CONSTRAINT "race_progress_race_id_fkey" FOREIGN KEY ("race_id") REFERENCES "races"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "race_progress" ADD CONSTRAINT "race_progress_track_id_fkey" FOREIGN KEY ("track_id") REFERENCES "tracks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "race_samples" ADD CONSTRAINT "race_samples_race_id_fkey" FOREIGN KEY ("race_id") REFERENCES "races"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "race_samples" ADD CONSTRAINT "race_samples_track_id_fkey" FOREIGN KEY ("track_id") REFERENCES "tracks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "race_passings" ADD CONSTRAINT "race_passings_race_id_fkey" FOREIGN KEY ("race_id") REFERENCES "races"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "race_passings" ADD CONSTRAINT "race_passings_track_id_fkey" FOREIGN KEY ("track_id") REFERENCES "tracks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
