-- A MatchVersion write as ONE autocommit statement: the conditional UPDATE takes its new version from the counter
-- in a subquery (SELECT value + 1), and this trigger moves the counter up to it within the same statement. A write
-- statement takes the write lock before it reads anything, so no other writer can draw the same value, and the
-- version check in its WHERE clause sees the last committed row. Writes that draw from the counter themselves
-- (value + 1 ... RETURNING, then a row with that version) leave the counter where it is: the WHEN clause skips them.
CREATE TRIGGER objects_version_drawn AFTER UPDATE OF resource_version ON objects
WHEN NEW.resource_version > (SELECT value FROM rv_counter WHERE id = 1)
BEGIN
    UPDATE rv_counter SET value = NEW.resource_version WHERE id = 1;
END;
