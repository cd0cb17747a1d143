-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "retiredAt" TIMESTAMP(3);

