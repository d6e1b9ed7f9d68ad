-- The ASP.NET Core data-protection key ring of the operator console: every replica of `knapscen serve` reads the same
-- keys, so a sign-in cookie issued by one replica is accepted by the others and survives a restart.
CREATE TABLE IF NOT EXISTS data_protection_keys (
    friendly_name VARCHAR(255) NOT NULL,
    xml           LONGTEXT     NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (friendly_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
