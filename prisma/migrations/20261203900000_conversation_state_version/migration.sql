-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ConversationState" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "flow" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "step" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_ConversationState" ("data", "expiresAt", "flow", "key", "reference", "step", "updatedAt") SELECT "data", "expiresAt", "flow", "key", "reference", "step", "updatedAt" FROM "ConversationState";
DROP TABLE "ConversationState";
ALTER TABLE "new_ConversationState" RENAME TO "ConversationState";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

