-- CreateTable
CREATE TABLE "SharedSystem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "councilId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT,
    "slaPercent" TEXT,
    "organId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "UsageFigure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "systemId" TEXT NOT NULL,
    "bodyKey" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "month" INTEGER NOT NULL,
    "metric" TEXT NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'total',
    "value" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "UsageFigure_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "SharedSystem" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CostShare" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "councilId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "systemId" TEXT,
    "total" TEXT NOT NULL,
    "spec" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "CostShareLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shareId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "exact" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    CONSTRAINT "CostShareLine_shareId_fkey" FOREIGN KEY ("shareId") REFERENCES "CostShare" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Settlement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "councilId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "systemId" TEXT,
    "spec" TEXT NOT NULL,
    "balance" TEXT NOT NULL,
    "disposal" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SettlementLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "settlementId" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "item" TEXT NOT NULL,
    "budget" TEXT NOT NULL,
    "actual" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "SettlementLine_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SettlementRefund" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "settlementId" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "paid" TEXT NOT NULL,
    "refund" TEXT NOT NULL,
    CONSTRAINT "SettlementRefund_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "SharedSystem_councilId_slug_key" ON "SharedSystem"("councilId", "slug");

-- CreateIndex
CREATE INDEX "UsageFigure_systemId_fiscalYear_month_idx" ON "UsageFigure"("systemId", "fiscalYear", "month");

-- CreateIndex
CREATE UNIQUE INDEX "UsageFigure_systemId_bodyKey_fiscalYear_month_metric_channel_key" ON "UsageFigure"("systemId", "bodyKey", "fiscalYear", "month", "metric", "channel");

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

