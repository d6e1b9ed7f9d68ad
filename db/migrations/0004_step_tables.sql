-- What the built-in notify-marketing and order-swag steps record (the original images were placeholders that wrote
-- nothing). One row per customer: the primary key makes a rerun of the step a no-op, and the compensations mark the
-- row ('retracted', 'cancelled') instead of deleting it, so what marketing was told or what was ordered stays visible.
-- Deleting the corporate customer (its compensation) removes these rows with it.

CREATE TABLE IF NOT EXISTS marketing_notices (
    customer_id       CHAR(36)     NOT NULL,
    customer_name     VARCHAR(64)  NOT NULL,
    subscription_tier VARCHAR(16)  NOT NULL,
    user_count        INT          NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    event_id          VARCHAR(255) NULL,
    notified_at       DATETIME(6)  NOT NULL,
    retracted_at      DATETIME(6)  NULL,
    PRIMARY KEY (customer_id),
    CONSTRAINT ck_marketing_notices_status CHECK (status IN ('notified', 'retracted')),
    CONSTRAINT fk_marketing_notices_customer FOREIGN KEY (customer_id) REFERENCES corporate_customers (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS swag_orders (
    customer_id       CHAR(36)     NOT NULL,
    customer_name     VARCHAR(64)  NOT NULL,
    subscription_tier VARCHAR(16)  NOT NULL,
    shipping_address  VARCHAR(512) NULL,
    status            VARCHAR(16)  NOT NULL,
    event_id          VARCHAR(255) NULL,
    ordered_at        DATETIME(6)  NOT NULL,
    cancelled_at      DATETIME(6)  NULL,
    PRIMARY KEY (customer_id),
    CONSTRAINT ck_swag_orders_status CHECK (status IN ('ordered', 'cancelled')),
    CONSTRAINT fk_swag_orders_customer FOREIGN KEY (customer_id) REFERENCES corporate_customers (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
