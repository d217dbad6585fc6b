-- A handle linked to or unlinked from a person changes who a ban reaches: tell every node's ban-check index, as V19
-- does for sanctions and merges.
CREATE TRIGGER identity_handle_changed AFTER INSERT OR UPDATE OR DELETE ON identity_handle
    FOR EACH STATEMENT EXECUTE FUNCTION ban_index_changed();
