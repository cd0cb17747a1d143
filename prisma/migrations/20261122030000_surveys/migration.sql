-- CreateTable
CREATE TABLE "Survey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "councilId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "titleEn" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "descriptionEn" TEXT,
    "series" TEXT,
    "fiscalYear" INTEGER,
    "questions" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "opensAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME
);

-- CreateTable
CREATE TABLE "SurveyTarget" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "surveyId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    CONSTRAINT "SurveyTarget_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SurveySubmission" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "surveyId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "answers" TEXT NOT NULL,
    "receiptCode" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "current" BOOLEAN NOT NULL DEFAULT true,
    "submittedAt" DATETIME NOT NULL,
    CONSTRAINT "SurveySubmission_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SurveyDraft" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "surveyId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "answers" TEXT NOT NULL,
    "position" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SurveyDraft_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Survey_councilId_series_fiscalYear_idx" ON "Survey"("councilId", "series", "fiscalYear");

-- CreateIndex
CREATE UNIQUE INDEX "Survey_councilId_number_key" ON "Survey"("councilId", "number");

-- CreateIndex
CREATE INDEX "SurveyTarget_bodyId_idx" ON "SurveyTarget"("bodyId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyTarget_surveyId_bodyId_key" ON "SurveyTarget"("surveyId", "bodyId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveySubmission_receiptCode_key" ON "SurveySubmission"("receiptCode");

-- CreateIndex
CREATE INDEX "SurveySubmission_surveyId_bodyId_current_idx" ON "SurveySubmission"("surveyId", "bodyId", "current");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyDraft_surveyId_personId_key" ON "SurveyDraft"("surveyId", "personId");

