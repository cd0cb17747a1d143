-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CandidateSettings" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "councilId" TEXT NOT NULL,
    "thresholdNumerator" INTEGER NOT NULL DEFAULT 1,
    "thresholdDenominator" INTEGER NOT NULL DEFAULT 4,
    "countedLevels" TEXT NOT NULL DEFAULT '["next_year","year_after"]',
    "membersMayPropose" BOOLEAN NOT NULL DEFAULT false,
    "dropBelowRule" BOOLEAN NOT NULL DEFAULT false,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_CandidateSettings" ("councilId", "countedLevels", "id", "membersMayPropose", "thresholdDenominator", "thresholdNumerator", "updatedAt", "updatedBy") SELECT "councilId", "countedLevels", "id", "membersMayPropose", "thresholdDenominator", "thresholdNumerator", "updatedAt", "updatedBy" FROM "CandidateSettings";
DROP TABLE "CandidateSettings";
ALTER TABLE "new_CandidateSettings" RENAME TO "CandidateSettings";
CREATE UNIQUE INDEX "CandidateSettings_councilId_key" ON "CandidateSettings"("councilId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

