-- CreateTable
CREATE TABLE "Ballot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "councilId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "organId" TEXT NOT NULL,
    "rules" TEXT NOT NULL,
    "opensAt" DATETIME NOT NULL,
    "deadline" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "announcedAt" DATETIME,
    "closedAt" DATETIME,
    "closedReason" TEXT
);

-- CreateTable
CREATE TABLE "BallotSeat" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ballotId" TEXT NOT NULL,
    "seatId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    CONSTRAINT "BallotSeat_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Motion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ballotId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "attachments" TEXT NOT NULL DEFAULT '[]',
    "options" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "outcome" TEXT,
    "tally" TEXT,
    CONSTRAINT "Motion_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MotionRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "motionId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "attachments" TEXT NOT NULL,
    "editedBy" TEXT NOT NULL,
    "editedAt" DATETIME NOT NULL,
    CONSTRAINT "MotionRevision_motionId_fkey" FOREIGN KEY ("motionId") REFERENCES "Motion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MotionRecusal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "motionId" TEXT NOT NULL,
    "seatId" TEXT NOT NULL,
    "reason" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MotionRecusal_motionId_fkey" FOREIGN KEY ("motionId") REFERENCES "Motion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MotionVote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ballotId" TEXT NOT NULL,
    "motionId" TEXT NOT NULL,
    "seatId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "capacity" TEXT NOT NULL,
    "choice" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "motionVersion" INTEGER NOT NULL,
    "current" BOOLEAN NOT NULL DEFAULT true,
    "currentKey" TEXT,
    "stale" BOOLEAN NOT NULL DEFAULT false,
    "receipt" TEXT NOT NULL,
    "castAt" DATETIME NOT NULL,
    CONSTRAINT "MotionVote_motionId_fkey" FOREIGN KEY ("motionId") REFERENCES "Motion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Ballot_organId_idx" ON "Ballot"("organId");

-- CreateIndex
CREATE UNIQUE INDEX "Ballot_councilId_number_key" ON "Ballot"("councilId", "number");

-- CreateIndex
CREATE INDEX "BallotSeat_seatId_idx" ON "BallotSeat"("seatId");

-- CreateIndex
CREATE UNIQUE INDEX "BallotSeat_ballotId_seatId_key" ON "BallotSeat"("ballotId", "seatId");

-- CreateIndex
CREATE UNIQUE INDEX "Motion_ballotId_number_key" ON "Motion"("ballotId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "MotionRevision_motionId_version_key" ON "MotionRevision"("motionId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "MotionRecusal_motionId_seatId_key" ON "MotionRecusal"("motionId", "seatId");

-- CreateIndex
CREATE UNIQUE INDEX "MotionVote_currentKey_key" ON "MotionVote"("currentKey");

-- CreateIndex
CREATE INDEX "MotionVote_ballotId_seatId_idx" ON "MotionVote"("ballotId", "seatId");

-- CreateIndex
CREATE INDEX "MotionVote_motionId_current_idx" ON "MotionVote"("motionId", "current");

-- CreateIndex
CREATE INDEX "MotionVote_receipt_idx" ON "MotionVote"("receipt");

