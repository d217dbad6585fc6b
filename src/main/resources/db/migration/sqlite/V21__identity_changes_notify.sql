-- On PostgreSQL this version tells the other nodes' ban-check indexes when a handle is linked or unlinked (NOTIFY).
-- SQLite serves one node, whose index is told in-process: nothing to add here.
SELECT 1;
