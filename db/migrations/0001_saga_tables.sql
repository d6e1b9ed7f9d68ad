-- Saga state, step history and the processed-event inbox.
-- Portable between MySQL 8 and MariaDB 10.11: JSON lives in LONGTEXT (MariaDB's JSON type is an alias
-- with different functions), timestamps are DATETIME(6) in UTC (TIMESTAMP wraps in 2038 and follows the session time zone).

-- One row per onboarding. current_state is the state machine's state name, so a person can read it.
CREATE TABLE IF NOT EXISTS onboarding_sagas (
    correlation_id            CHAR(36)      NOT NULL,
    current_state             VARCHAR(64)   NOT NULL,
    version                   INT           NOT NULL,
    customer_name             VARCHAR(255)  NOT NULL,
    subscription_tier         VARCHAR(64)   NOT NULL,
    users_json                LONGTEXT      NOT NULL,
    registration_data_json    LONGTEXT      NOT NULL,
    registration_event_id     VARCHAR(255)  NOT NULL,
    registration_event_source VARCHAR(255)  NOT NULL,
    registration_event_time   DATETIME(6)   NULL,
    trace_parent              VARCHAR(128)  NULL,
    steps_json                LONGTEXT      NOT NULL,
    last_error                VARCHAR(2000) NULL,
    created_at                DATETIME(6)   NOT NULL,
    updated_at                DATETIME(6)   NOT NULL,
    finished_at               DATETIME(6)   NULL,
    PRIMARY KEY (correlation_id),
    INDEX ix_onboarding_sagas_current_state (current_state),
    INDEX ix_onboarding_sagas_updated_at (updated_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per attempt of a step instance. user_index is -1 for steps that do not run per user
-- (a NULL would let the unique key accept duplicates); otherwise it indexes the saga's users_json array.
CREATE TABLE IF NOT EXISTS saga_step_history (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    saga_id     CHAR(36)      NOT NULL,
    step        VARCHAR(128)  NOT NULL,
    user_index  INT           NOT NULL DEFAULT -1,
    attempt     INT           NOT NULL,
    launch_id   VARCHAR(255)  NOT NULL,
    started_at  DATETIME(6)   NOT NULL,
    finished_at DATETIME(6)   NULL,
    outcome     VARCHAR(64)   NULL,
    error       VARCHAR(2000) NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_saga_step_history_attempt (saga_id, step, user_index, attempt)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The inbox: an event (source, id) applied to a saga is recorded in the same transaction as the saga change,
-- so a redelivered event is recognised and has no second effect.
CREATE TABLE IF NOT EXISTS processed_events (
    event_source VARCHAR(255) NOT NULL,
    event_id     VARCHAR(255) NOT NULL,
    event_type   VARCHAR(255) NULL,
    saga_id      CHAR(36)     NULL,
    processed_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (event_source, event_id),
    INDEX ix_processed_events_saga_id (saga_id),
    INDEX ix_processed_events_processed_at (processed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
