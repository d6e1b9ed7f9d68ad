-- A CloudEvent's source and id are compared as written: two events whose ids differ only in case are two events.
-- Under the table's case-insensitive collation the inbox took the second for the first and dropped it as already
-- applied. A binary collation also makes every comparison of the inbox key cheaper, on each transition.
ALTER TABLE processed_events
    MODIFY event_source VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    MODIFY event_id     VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
