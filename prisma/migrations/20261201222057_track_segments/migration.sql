-- AlterTable
ALTER TABLE "tracks" ADD COLUMN     "segment_starts" JSONB;
