-- CreateTable
CREATE TABLE "ActionPayload" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "actionId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "ActionPayload_expiresAt_idx" ON "ActionPayload"("expiresAt");

