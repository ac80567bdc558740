-- AlterTable
ALTER TABLE "points" ADD COLUMN     "cadence_rpm" DOUBLE PRECISION,
ADD COLUMN     "distance_m" DOUBLE PRECISION,
ADD COLUMN     "heart_rate_bpm" DOUBLE PRECISION,
ADD COLUMN     "power_w" DOUBLE PRECISION,
ADD COLUMN     "temperature_c" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "tracks" ADD COLUMN     "altitude_source" TEXT,
ADD COLUMN     "avg_cadence_rpm" DOUBLE PRECISION,
ADD COLUMN     "avg_heart_rate_bpm" DOUBLE PRECISION,
ADD COLUMN     "avg_power_w" DOUBLE PRECISION,
ADD COLUMN     "avg_temperature_c" DOUBLE PRECISION,
ADD COLUMN     "device_totals" JSONB,
ADD COLUMN     "max_cadence_rpm" DOUBLE PRECISION,
ADD COLUMN     "max_heart_rate_bpm" DOUBLE PRECISION,
ADD COLUMN     "max_power_w" DOUBLE PRECISION,
ADD COLUMN     "paused_time_sec" DOUBLE PRECISION,
ADD COLUMN     "samples" JSONB,
ADD COLUMN     "summary" JSONB;
