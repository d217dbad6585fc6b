-- db-scheduler's table for SQLite: times are stored as the driver writes JDBC timestamps (epoch milliseconds).
CREATE TABLE scheduled_tasks (
    task_name             TEXT NOT NULL,
    task_instance         TEXT NOT NULL,
    task_data             BLOB,
    execution_time        TIMESTAMP NOT NULL,
    picked                BOOLEAN NOT NULL,
    picked_by             TEXT,
    last_success          TIMESTAMP,
    last_failure          TIMESTAMP,
    consecutive_failures  INT,
    last_heartbeat        TIMESTAMP,
    version               BIGINT NOT NULL,
    priority              SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time ON scheduled_tasks (priority DESC, execution_time ASC);
