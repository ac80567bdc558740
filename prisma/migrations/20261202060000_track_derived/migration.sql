-- CreateTable
CREATE TABLE "track_derived" (
    "track_id" UUID NOT NULL,
    "version" TEXT NOT NULL,
    "max_points" INTEGER NOT NULL,
    "chart" JSONB NOT NULL,
    "paths" JSONB NOT NULL DEFAULT '{}',
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "track_derived_pkey" PRIMARY KEY ("track_id")
);

-- AddForeignKey
ALTER TABLE "track_derived" ADD CONSTRAINT "track_derived_track_id_fkey" FOREIGN KEY ("track_id") REFERENCES "tracks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
