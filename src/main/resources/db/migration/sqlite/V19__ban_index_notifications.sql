-- On PostgreSQL this version adds the triggers that tell the other nodes' ban-check indexes of a change (NOTIFY).
-- SQLite serves one node, whose index is told in-process: nothing to add here.
SELECT 1;
