-- AlterTable
ALTER TABLE "ChatIdentity" ADD COLUMN "unreachableReason" TEXT;
ALTER TABLE "ChatIdentity" ADD COLUMN "unreachableSince" DATETIME;
ALTER TABLE "ChatIdentity" ADD COLUMN "unreachableToldAt" DATETIME;

