-- LLM tokens spent per credential (API key id or JWT subject) and UTC day, for the daily token budget.
CREATE TABLE token_usage (
    credential text    NOT NULL,
    day        date    NOT NULL,
    tokens     bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (credential, day)
);
