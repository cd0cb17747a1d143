-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Council" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'Asia/Tokyo',
    "officeHoursStart" TEXT NOT NULL DEFAULT '08:30',
    "officeHoursEnd" TEXT NOT NULL DEFAULT '18:00',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Council_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Body" (
    "id" TEXT NOT NULL,
    "councilId" TEXT NOT NULL,
    "code" TEXT,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Body_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BodyStatistic" (
    "id" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "value" INTEGER NOT NULL,
    "asOf" TIMESTAMP(3),
    "source" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BodyStatistic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "councilId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'ja',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonRole" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PersonRole_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffMembership" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "primaryContact" BOOLEAN NOT NULL DEFAULT false,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "StaffMembership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organ" (
    "id" TEXT NOT NULL,
    "councilId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT,
    "kind" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dissolvedAt" TIMESTAMP(3),

    CONSTRAINT "Organ_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Seat" (
    "id" TEXT NOT NULL,
    "organId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "representativeId" TEXT,
    "role" TEXT NOT NULL DEFAULT 'member',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Seat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SeatAlternate" (
    "id" TEXT NOT NULL,
    "seatId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "delegatedFrom" TIMESTAMP(3),
    "delegatedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SeatAlternate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatIdentity" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "workspace" TEXT NOT NULL,
    "externalUserId" TEXT NOT NULL,
    "verifiedAt" TIMESTAMP(3) NOT NULL,
    "directRef" TEXT,
    "unreachableReason" TEXT,
    "unreachableSince" TIMESTAMP(3),
    "unreachableToldAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EnrolmentCode" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EnrolmentCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LinkAttempt" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LinkAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationState" (
    "key" TEXT NOT NULL,
    "flow" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "step" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConversationState_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ProcessedEvent" (
    "key" TEXT NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessedEvent_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "InboxEvent" (
    "id" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "replyContext" TEXT,
    "mode" TEXT NOT NULL DEFAULT 'inbox',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "availableAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedBy" TEXT,
    "lastError" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "InboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lease" (
    "key" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lease_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ActionPayload" (
    "key" TEXT NOT NULL,
    "actionId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActionPayload_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "keyId" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "keyId" TEXT NOT NULL,
    "mac" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 5,
    "lastError" TEXT,
    "leaseHolder" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecurringJob" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'Asia/Tokyo',
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "nextRunAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecurringJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deadline" (
    "id" TEXT NOT NULL,
    "councilId" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "reminderOffsets" TEXT NOT NULL,
    "reminderTime" TEXT NOT NULL DEFAULT '09:00',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelledAt" TIMESTAMP(3),

    CONSTRAINT "Deadline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Broadcast" (
    "id" TEXT NOT NULL,
    "councilId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "channels" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "sendAt" TIMESTAMP(3) NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'scheduled',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Broadcast_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" TEXT NOT NULL,
    "broadcastId" TEXT,
    "source" TEXT NOT NULL,
    "personId" TEXT,
    "bodyId" TEXT,
    "platform" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "lastError" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "batchKey" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrganConversation" (
    "id" TEXT NOT NULL,
    "organId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "linkedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrganConversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Inquiry" (
    "id" TEXT NOT NULL,
    "councilId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Inquiry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InquiryTarget" (
    "id" TEXT NOT NULL,
    "inquiryId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,

    CONSTRAINT "InquiryTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InquiryResponse" (
    "id" TEXT NOT NULL,
    "inquiryId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "note" TEXT,
    "current" BOOLEAN NOT NULL DEFAULT true,
    "respondedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InquiryResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Ballot" (
    "id" TEXT NOT NULL,
    "councilId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "organId" TEXT NOT NULL,
    "rules" TEXT NOT NULL,
    "opensAt" TIMESTAMP(3) NOT NULL,
    "deadline" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "announcedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closedReason" TEXT,

    CONSTRAINT "Ballot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BallotSeat" (
    "id" TEXT NOT NULL,
    "ballotId" TEXT NOT NULL,
    "seatId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "role" TEXT NOT NULL,

    CONSTRAINT "BallotSeat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Motion" (
    "id" TEXT NOT NULL,
    "ballotId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "attachments" TEXT NOT NULL DEFAULT '[]',
    "options" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "outcome" TEXT,
    "tally" TEXT,

    CONSTRAINT "Motion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MotionRevision" (
    "id" TEXT NOT NULL,
    "motionId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "attachments" TEXT NOT NULL,
    "editedBy" TEXT NOT NULL,
    "editedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MotionRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MotionRecusal" (
    "id" TEXT NOT NULL,
    "motionId" TEXT NOT NULL,
    "seatId" TEXT NOT NULL,
    "reason" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MotionRecusal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MotionVote" (
    "id" TEXT NOT NULL,
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
    "castAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MotionVote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Survey" (
    "id" TEXT NOT NULL,
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
    "opensAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Survey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyTarget" (
    "id" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,

    CONSTRAINT "SurveyTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveySubmission" (
    "id" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "answers" TEXT NOT NULL,
    "receiptCode" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "current" BOOLEAN NOT NULL DEFAULT true,
    "submittedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SurveySubmission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyDraft" (
    "id" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "answers" TEXT NOT NULL,
    "position" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SurveyDraft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SharedSystem" (
    "id" TEXT NOT NULL,
    "councilId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT,
    "slaPercent" TEXT,
    "organId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SharedSystem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageFigure" (
    "id" TEXT NOT NULL,
    "systemId" TEXT NOT NULL,
    "bodyKey" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "month" INTEGER NOT NULL,
    "metric" TEXT NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'total',
    "value" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsageFigure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CostShare" (
    "id" TEXT NOT NULL,
    "councilId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "systemId" TEXT,
    "total" TEXT NOT NULL,
    "spec" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CostShare_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CostShareLine" (
    "id" TEXT NOT NULL,
    "shareId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "exact" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "basis" TEXT NOT NULL,

    CONSTRAINT "CostShareLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Settlement" (
    "id" TEXT NOT NULL,
    "councilId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "systemId" TEXT,
    "spec" TEXT NOT NULL,
    "balance" TEXT NOT NULL,
    "disposal" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Settlement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SettlementLine" (
    "id" TEXT NOT NULL,
    "settlementId" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "item" TEXT NOT NULL,
    "budget" TEXT NOT NULL,
    "actual" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "SettlementLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SettlementRefund" (
    "id" TEXT NOT NULL,
    "settlementId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "paid" TEXT NOT NULL,
    "refund" TEXT NOT NULL,

    CONSTRAINT "SettlementRefund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CandidateSettings" (
    "id" TEXT NOT NULL,
    "councilId" TEXT NOT NULL,
    "thresholdNumerator" INTEGER NOT NULL DEFAULT 1,
    "thresholdDenominator" INTEGER NOT NULL DEFAULT 4,
    "countedLevels" TEXT NOT NULL DEFAULT '["next_year","year_after"]',
    "membersMayPropose" BOOLEAN NOT NULL DEFAULT false,
    "dropBelowRule" BOOLEAN NOT NULL DEFAULT false,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CandidateSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcurementCandidate" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "shortlistedAt" TIMESTAMP(3),
    "shortlistBasis" TEXT,
    "workingGroupId" TEXT,
    "archivedAt" TIMESTAMP(3),
    "archiveReason" TEXT,

    CONSTRAINT "ProcurementCandidate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CandidateInterest" (
    "id" TEXT NOT NULL,
    "candidateId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "fiscalYear" INTEGER,
    "note" TEXT NOT NULL DEFAULT '',
    "via" TEXT NOT NULL,
    "current" BOOLEAN NOT NULL DEFAULT true,
    "currentKey" TEXT,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CandidateInterest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CandidateRanking" (
    "id" TEXT NOT NULL,
    "councilId" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "candidateIds" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CandidateRanking_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailAlias" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailAlias_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BallotMailToken" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "ballotId" TEXT NOT NULL,
    "seatId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "messageKey" TEXT NOT NULL,
    "threadKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BallotMailToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundMail" (
    "id" TEXT NOT NULL,
    "messageKey" TEXT NOT NULL,
    "messageId" TEXT,
    "envelopeFrom" TEXT,
    "recipient" TEXT NOT NULL,
    "fromAddress" TEXT,
    "subject" TEXT,
    "remoteIp" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "arrivals" INTEGER NOT NULL DEFAULT 1,
    "size" INTEGER NOT NULL,
    "raw" BYTEA NOT NULL,
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
    "resolvedAt" TIMESTAMP(3),
    "resolution" TEXT,

    CONSTRAINT "InboundMail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Council_slug_key" ON "Council"("slug");

-- CreateIndex
CREATE INDEX "Body_councilId_nameKey_idx" ON "Body"("councilId", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "Body_councilId_code_key" ON "Body"("councilId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "BodyStatistic_bodyId_kind_fiscalYear_key" ON "BodyStatistic"("bodyId", "kind", "fiscalYear");

-- CreateIndex
CREATE UNIQUE INDEX "Person_councilId_handle_key" ON "Person"("councilId", "handle");

-- CreateIndex
CREATE UNIQUE INDEX "PersonRole_personId_role_key" ON "PersonRole"("personId", "role");

-- CreateIndex
CREATE INDEX "StaffMembership_bodyId_idx" ON "StaffMembership"("bodyId");

-- CreateIndex
CREATE INDEX "StaffMembership_personId_idx" ON "StaffMembership"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Organ_councilId_slug_key" ON "Organ"("councilId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "Seat_organId_bodyId_key" ON "Seat"("organId", "bodyId");

-- CreateIndex
CREATE UNIQUE INDEX "SeatAlternate_seatId_personId_key" ON "SeatAlternate"("seatId", "personId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatIdentity_platform_workspace_externalUserId_key" ON "ChatIdentity"("platform", "workspace", "externalUserId");

-- CreateIndex
CREATE UNIQUE INDEX "EnrolmentCode_codeHash_key" ON "EnrolmentCode"("codeHash");

-- CreateIndex
CREATE INDEX "LinkAttempt_key_at_idx" ON "LinkAttempt"("key", "at");

-- CreateIndex
CREATE UNIQUE INDEX "InboxEvent_dedupeKey_key" ON "InboxEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "InboxEvent_status_availableAt_idx" ON "InboxEvent"("status", "availableAt");

-- CreateIndex
CREATE INDEX "InboxEvent_receivedAt_idx" ON "InboxEvent"("receivedAt");

-- CreateIndex
CREATE INDEX "ActionPayload_expiresAt_idx" ON "ActionPayload"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_hash_key" ON "AuditEntry"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "Job_key_key" ON "Job"("key");

-- CreateIndex
CREATE INDEX "Job_state_dueAt_idx" ON "Job"("state", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "RecurringJob_name_key" ON "RecurringJob"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Deadline_subjectType_subjectId_key" ON "Deadline"("subjectType", "subjectId");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_idempotencyKey_key" ON "Delivery"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Delivery_state_nextAttemptAt_idx" ON "Delivery"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Delivery_broadcastId_idx" ON "Delivery"("broadcastId");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_source_platform_target_key" ON "Delivery"("source", "platform", "target");

-- CreateIndex
CREATE UNIQUE INDEX "OrganConversation_organId_platform_target_key" ON "OrganConversation"("organId", "platform", "target");

-- CreateIndex
CREATE UNIQUE INDEX "Inquiry_councilId_number_key" ON "Inquiry"("councilId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "InquiryTarget_inquiryId_bodyId_key" ON "InquiryTarget"("inquiryId", "bodyId");

-- CreateIndex
CREATE INDEX "InquiryResponse_inquiryId_bodyId_current_idx" ON "InquiryResponse"("inquiryId", "bodyId", "current");

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

-- CreateIndex
CREATE UNIQUE INDEX "SharedSystem_councilId_slug_key" ON "SharedSystem"("councilId", "slug");

-- CreateIndex
CREATE INDEX "UsageFigure_systemId_fiscalYear_month_idx" ON "UsageFigure"("systemId", "fiscalYear", "month");

-- CreateIndex
CREATE UNIQUE INDEX "UsageFigure_systemId_bodyKey_fiscalYear_month_metric_channe_key" ON "UsageFigure"("systemId", "bodyKey", "fiscalYear", "month", "metric", "channel");

-- CreateIndex
CREATE INDEX "CostShare_councilId_fiscalYear_idx" ON "CostShare"("councilId", "fiscalYear");

-- CreateIndex
CREATE UNIQUE INDEX "CostShare_councilId_number_key" ON "CostShare"("councilId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "CostShareLine_shareId_bodyId_key" ON "CostShareLine"("shareId", "bodyId");

-- CreateIndex
CREATE INDEX "Settlement_councilId_fiscalYear_idx" ON "Settlement"("councilId", "fiscalYear");

-- CreateIndex
CREATE UNIQUE INDEX "Settlement_councilId_number_key" ON "Settlement"("councilId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "SettlementLine_settlementId_side_position_key" ON "SettlementLine"("settlementId", "side", "position");

-- CreateIndex
CREATE UNIQUE INDEX "SettlementRefund_settlementId_bodyId_key" ON "SettlementRefund"("settlementId", "bodyId");

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

-- AddForeignKey
ALTER TABLE "Body" ADD CONSTRAINT "Body_councilId_fkey" FOREIGN KEY ("councilId") REFERENCES "Council"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BodyStatistic" ADD CONSTRAINT "BodyStatistic_bodyId_fkey" FOREIGN KEY ("bodyId") REFERENCES "Body"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_councilId_fkey" FOREIGN KEY ("councilId") REFERENCES "Council"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonRole" ADD CONSTRAINT "PersonRole_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffMembership" ADD CONSTRAINT "StaffMembership_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffMembership" ADD CONSTRAINT "StaffMembership_bodyId_fkey" FOREIGN KEY ("bodyId") REFERENCES "Body"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Organ" ADD CONSTRAINT "Organ_councilId_fkey" FOREIGN KEY ("councilId") REFERENCES "Council"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Seat" ADD CONSTRAINT "Seat_organId_fkey" FOREIGN KEY ("organId") REFERENCES "Organ"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Seat" ADD CONSTRAINT "Seat_bodyId_fkey" FOREIGN KEY ("bodyId") REFERENCES "Body"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Seat" ADD CONSTRAINT "Seat_representativeId_fkey" FOREIGN KEY ("representativeId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeatAlternate" ADD CONSTRAINT "SeatAlternate_seatId_fkey" FOREIGN KEY ("seatId") REFERENCES "Seat"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeatAlternate" ADD CONSTRAINT "SeatAlternate_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatIdentity" ADD CONSTRAINT "ChatIdentity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnrolmentCode" ADD CONSTRAINT "EnrolmentCode_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_broadcastId_fkey" FOREIGN KEY ("broadcastId") REFERENCES "Broadcast"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InquiryTarget" ADD CONSTRAINT "InquiryTarget_inquiryId_fkey" FOREIGN KEY ("inquiryId") REFERENCES "Inquiry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InquiryResponse" ADD CONSTRAINT "InquiryResponse_inquiryId_fkey" FOREIGN KEY ("inquiryId") REFERENCES "Inquiry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BallotSeat" ADD CONSTRAINT "BallotSeat_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Motion" ADD CONSTRAINT "Motion_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MotionRevision" ADD CONSTRAINT "MotionRevision_motionId_fkey" FOREIGN KEY ("motionId") REFERENCES "Motion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MotionRecusal" ADD CONSTRAINT "MotionRecusal_motionId_fkey" FOREIGN KEY ("motionId") REFERENCES "Motion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MotionVote" ADD CONSTRAINT "MotionVote_motionId_fkey" FOREIGN KEY ("motionId") REFERENCES "Motion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyTarget" ADD CONSTRAINT "SurveyTarget_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveySubmission" ADD CONSTRAINT "SurveySubmission_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyDraft" ADD CONSTRAINT "SurveyDraft_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageFigure" ADD CONSTRAINT "UsageFigure_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "SharedSystem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CostShareLine" ADD CONSTRAINT "CostShareLine_shareId_fkey" FOREIGN KEY ("shareId") REFERENCES "CostShare"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SettlementLine" ADD CONSTRAINT "SettlementLine_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SettlementRefund" ADD CONSTRAINT "SettlementRefund_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CandidateInterest" ADD CONSTRAINT "CandidateInterest_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "ProcurementCandidate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

