-- The installation's secrets, created once and shared by every replica: 'launch-token' keys the HMAC that binds step
-- results to their launches (LaunchTokens). Rows are written by the orchestrator (INSERT IGNORE of a random key).
CREATE TABLE IF NOT EXISTS installation_keys (
    name       VARCHAR(64)    NOT NULL,
    key_value  VARBINARY(64)  NOT NULL,
    created_at DATETIME(6)    NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Which onboarding created a row: compensation undoes only what its saga created, and a registration that meets a row
-- created elsewhere (or before sagas) refuses it instead of taking it over. NULL: created outside any saga.
ALTER TABLE corporate_customers ADD COLUMN created_by_saga CHAR(36) NULL;
ALTER TABLE users ADD COLUMN created_by_saga CHAR(36) NULL;
