-- CreateTable
CREATE TABLE "LinkAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "LinkAttempt_key_at_idx" ON "LinkAttempt"("key", "at");

