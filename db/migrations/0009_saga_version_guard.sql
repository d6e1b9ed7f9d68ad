-- A saga row is written as version = IF(version = <the version locked>, <the next>, -1): a row whose version changed
-- after the transaction locked it fails this check, in the same statement, on MySQL 8 and MariaDB alike, so a
-- transition needs no extra statement to learn how many rows its update matched.
ALTER TABLE onboarding_sagas
    ADD CONSTRAINT ck_onboarding_sagas_version CHECK (version >= 0);
