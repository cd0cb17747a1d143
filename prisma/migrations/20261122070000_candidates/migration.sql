-- CreateTable
CREATE TABLE "CandidateSettings" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "councilId" TEXT NOT NULL,
    "thresholdNumerator" INTEGER NOT NULL DEFAULT 1,
    "thresholdDenominator" INTEGER NOT NULL DEFAULT 4,
    "countedLevels" TEXT NOT NULL DEFAULT '["next_year","year_after"]',
    "membersMayPropose" BOOLEAN NOT NULL DEFAULT false,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ProcurementCandidate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "councilId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "products" TEXT NOT NULL DEFAULT '[]',
    "roughCost" TEXT NOT NULL DEFAULT '',
    "links" TEXT NOT NULL DEFAULT '[]',
    "proposedBy" TEXT NOT NULL,
    "proposedForBodyId" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "shortlistedAt" DATETIME,
    "shortlistBasis" TEXT,
    "workingGroupId" TEXT,
    "archivedAt" DATETIME,
    "archiveReason" TEXT
);

-- CreateTable
CREATE TABLE "CandidateInterest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "candidateId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "fiscalYear" INTEGER,
    "note" TEXT NOT NULL DEFAULT '',
    "via" TEXT NOT NULL,
    "current" BOOLEAN NOT NULL DEFAULT true,
    "currentKey" TEXT,
    "recordedAt" DATETIME NOT NULL,
    CONSTRAINT "CandidateInterest_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "ProcurementCandidate" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CandidateRanking" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "councilId" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "candidateIds" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "CandidateSettings_councilId_key" ON "CandidateSettings"("councilId");

-- CreateIndex
CREATE UNIQUE INDEX "ProcurementCandidate_councilId_number_key" ON "ProcurementCandidate"("councilId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "CandidateInterest_currentKey_key" ON "CandidateInterest"("currentKey");

-- CreateIndex
CREATE INDEX "CandidateInterest_candidateId_current_idx" ON "CandidateInterest"("candidateId", "current");

-- CreateIndex
CREATE INDEX "CandidateInterest_bodyId_current_idx" ON "CandidateInterest"("bodyId", "current");

-- CreateIndex
CREATE UNIQUE INDEX "CandidateRanking_surveyId_key" ON "CandidateRanking"("surveyId");

-- CreateIndex
CREATE INDEX "CandidateRanking_councilId_createdAt_idx" ON "CandidateRanking"("councilId", "createdAt");

