-- AlterTable
ALTER TABLE "tracks" ADD COLUMN     "notes" TEXT;
