CREATE TRIGGER coc_version_no_update BEFORE UPDATE ON coc_version
BEGIN
    SELECT RAISE(ABORT, 'published Code of Conduct versions are immutable');
END;

CREATE TRIGGER coc_version_no_delete BEFORE DELETE ON coc_version
BEGIN
    SELECT RAISE(ABORT, 'published Code of Conduct versions are immutable');
END;
