-- Data only: a Kyodo process without a channel (a console `npm start` without SMTP_URL beside the server)
-- used to mark every queued delivery of that channel failed for good. That was never about the recipient
-- or the platform, so those deliveries are queued again; a process that runs the channel sends them.
UPDATE "Delivery"
SET "state" = 'queued', "attempts" = 0, "lastError" = NULL
WHERE "state" = 'failed' AND "lastError" LIKE 'channel % is not running';
