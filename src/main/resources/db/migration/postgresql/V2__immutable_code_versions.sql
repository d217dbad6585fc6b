CREATE FUNCTION coc_version_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'published Code of Conduct versions are immutable';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER coc_version_no_change BEFORE UPDATE OR DELETE ON coc_version
    FOR EACH ROW EXECUTE FUNCTION coc_version_immutable();
