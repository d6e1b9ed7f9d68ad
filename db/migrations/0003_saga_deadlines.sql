-- Durable deadlines (step time-outs and retry backoffs) for the deadline scanner, and what operators see of a saga.
-- next_deadline is the earliest deadline of the saga's scheduled or running steps (NULL: nothing pending);
-- the scanner claims due rows with SELECT ... FOR UPDATE SKIP LOCKED and leases them by moving next_deadline ahead.
ALTER TABLE onboarding_sagas
    ADD COLUMN failure_reason VARCHAR(2000) NULL,
    ADD COLUMN next_deadline DATETIME(6) NULL,
    ADD COLUMN ignored_events INT NOT NULL DEFAULT 0,
    ADD COLUMN notes_json LONGTEXT NOT NULL DEFAULT ('[]'),
    ADD INDEX ix_onboarding_sagas_next_deadline (next_deadline);
