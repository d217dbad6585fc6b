-- A change to the sanctions (or a merge of two people's records) tells every node's ban-check index at once: a NOTIFY
-- sent by the changing transaction itself, so it is delivered when that transaction commits and never if it rolls back.
-- The payload names the schema, since several Ombuds schemas may share one database (and its notification channels).
CREATE FUNCTION ban_index_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ombuds_ban_index', current_schema());
    RETURN NULL;
END
$$;

CREATE TRIGGER sanction_changed AFTER INSERT OR UPDATE OR DELETE ON sanction
    FOR EACH STATEMENT EXECUTE FUNCTION ban_index_changed();

CREATE TRIGGER person_merged AFTER UPDATE OF merged_into ON person
    FOR EACH STATEMENT EXECUTE FUNCTION ban_index_changed();
