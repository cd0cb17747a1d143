-- AlterTable
ALTER TABLE "Person" ADD COLUMN "retiredAt" DATETIME;

