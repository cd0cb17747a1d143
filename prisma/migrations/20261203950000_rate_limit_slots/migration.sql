-- CreateTable
CREATE TABLE "RateLimitSlot" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "lastAt" DATETIME NOT NULL
);

