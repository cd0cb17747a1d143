-- CreateTable
CREATE TABLE "EmailAlias" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "BallotMailToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "ballotId" TEXT NOT NULL,
    "seatId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "messageKey" TEXT NOT NULL,
    "threadKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "InboundMail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "messageKey" TEXT NOT NULL,
    "messageId" TEXT,
    "envelopeFrom" TEXT,
    "recipient" TEXT NOT NULL,
    "fromAddress" TEXT,
    "subject" TEXT,
    "remoteIp" TEXT,
    "receivedAt" DATETIME NOT NULL,
    "arrivals" INTEGER NOT NULL DEFAULT 1,
    "size" INTEGER NOT NULL,
    "raw" BLOB NOT NULL,
    "truncated" BOOLEAN NOT NULL DEFAULT false,
    "tokenId" TEXT,
    "ballotId" TEXT,
    "seatId" TEXT,
    "personId" TEXT,
    "dkim" TEXT,
    "spf" TEXT,
    "dmarc" TEXT,
    "auth" TEXT NOT NULL DEFAULT '{}',
    "text" TEXT,
    "outcome" TEXT NOT NULL DEFAULT 'received',
    "detail" TEXT NOT NULL DEFAULT '{}',
    "receipt" TEXT,
    "answered" BOOLEAN NOT NULL DEFAULT false,
    "review" TEXT,
    "resolvedBy" TEXT,
    "resolvedAt" DATETIME,
    "resolution" TEXT
);

-- CreateIndex
CREATE INDEX "EmailAlias_address_idx" ON "EmailAlias"("address");

-- CreateIndex
CREATE UNIQUE INDEX "EmailAlias_personId_address_key" ON "EmailAlias"("personId", "address");

-- CreateIndex
CREATE UNIQUE INDEX "BallotMailToken_tokenHash_key" ON "BallotMailToken"("tokenHash");

-- CreateIndex
CREATE INDEX "BallotMailToken_ballotId_personId_idx" ON "BallotMailToken"("ballotId", "personId");

-- CreateIndex
CREATE UNIQUE INDEX "InboundMail_messageKey_key" ON "InboundMail"("messageKey");

-- CreateIndex
CREATE INDEX "InboundMail_review_receivedAt_idx" ON "InboundMail"("review", "receivedAt");

-- CreateIndex
CREATE INDEX "InboundMail_personId_receivedAt_idx" ON "InboundMail"("personId", "receivedAt");

-- CreateIndex
CREATE INDEX "InboundMail_ballotId_idx" ON "InboundMail"("ballotId");

