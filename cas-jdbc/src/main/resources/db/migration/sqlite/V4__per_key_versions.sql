-- Versions per key, so that an update writes one page: the row. Until V3 every write drew its version from the one
-- rv_counter row, which made versions unique across keys but put a second page (the counter's) into every commit
-- of the hot path. From here a write of an existing row produces resource_version + 1 and only a new object
-- (a create, or a re-create after a delete) draws rv_counter + 1.
--
-- No ABA: the counter becomes a floor. This trigger raises it to the version of every row deleted (by a delete,
-- a reset, or any other statement), so a re-created object starts above every version its key has ever had.
-- The counter already holds the highest version issued so far (V2 started it at the maximum, V3 kept it there).
DROP TRIGGER objects_version_drawn;

CREATE TRIGGER objects_version_floor AFTER DELETE ON objects
WHEN OLD.resource_version > (SELECT value FROM rv_counter WHERE id = 1)
BEGIN
    UPDATE rv_counter SET value = OLD.resource_version WHERE id = 1;
END;
