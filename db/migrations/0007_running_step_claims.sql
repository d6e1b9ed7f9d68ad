-- Running-step limits (StepLimits:MaxRunning, Steps:<step>:MaxRunning), counted where every replica sees them.
-- A saga transaction that launches a limited step locks the one gate row (so launches under a limit are serialised
-- across replicas until that transaction ends), counts the claims still running, launches what fits and inserts a claim
-- per started attempt. A claim is released by its attempt's history row getting finished_at, which the saga writes in
-- the same transaction as the result: nothing has to remember to give a slot back. Released claims are deleted by the
-- next launch under the gate.
CREATE TABLE IF NOT EXISTS running_step_gate (
    name VARCHAR(64) NOT NULL,
    PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT IGNORE INTO running_step_gate (name) VALUES ('launches');

-- The key is saga_step_history's unique attempt key, so a claim joins its history row by index.
CREATE TABLE IF NOT EXISTS running_step_claims (
    saga_id    CHAR(36)     NOT NULL,
    step       VARCHAR(128) NOT NULL,
    user_index INT          NOT NULL,
    attempt    INT          NOT NULL,
    claimed_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (saga_id, step, user_index, attempt)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
