-- AlterTable
ALTER TABLE "track_derived" ADD COLUMN     "segments" JSONB;
