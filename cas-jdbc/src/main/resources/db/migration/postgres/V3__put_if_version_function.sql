-- A MatchVersion write in ONE round trip that, when it loses, returns what it lost to.
--
-- The conditional UPDATE runs first. If it matched no row, the function reads the row again: a VOLATILE function
-- takes a fresh snapshot for each statement under READ COMMITTED, so this read sees every write committed before
-- it started, including the one that made the UPDATE miss (a CTE beside the UPDATE would read in the UPDATE's own
-- snapshot and could report the expected version as "current"). If the fresh read still shows the expected
-- version, that row was committed after the UPDATE's snapshot (only a caller naming a version it never read can
-- see this) and the UPDATE is tried again, at most 8 times, then the function fails with 40001 (nothing applied,
-- retryable).
--
-- Result: no row = absent; written = true with the new version and timestamps; written = false with the whole
-- current row (the object the caller lost to: its next basis, no separate read needed).
CREATE FUNCTION put_if_version(
    p_kind TEXT, p_id TEXT, p_expected BIGINT, p_name TEXT, p_labels TEXT, p_payload BYTEA, p_now TIMESTAMPTZ)
RETURNS TABLE (
    written BOOLEAN, name TEXT, labels TEXT, payload BYTEA, resource_version BIGINT,
    created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    cur objects%ROWTYPE;
BEGIN
    FOR attempt IN 1..8 LOOP
        UPDATE objects o SET name = p_name, labels = p_labels, payload = p_payload,
            resource_version = nextval('object_rv'), updated_at = p_now
        WHERE o.kind = p_kind AND o.id = p_id AND o.resource_version = p_expected
        RETURNING o.resource_version, o.created_at, o.updated_at
        INTO put_if_version.resource_version, put_if_version.created_at, put_if_version.updated_at;
        IF FOUND THEN
            written := TRUE;
            RETURN NEXT;
            RETURN;
        END IF;
        SELECT * INTO cur FROM objects o WHERE o.kind = p_kind AND o.id = p_id;
        IF NOT FOUND THEN
            RETURN;
        END IF;
        IF cur.resource_version <> p_expected THEN
            written := FALSE;
            name := cur.name;
            labels := cur.labels;
            payload := cur.payload;
            resource_version := cur.resource_version;
            created_at := cur.created_at;
            updated_at := cur.updated_at;
            RETURN NEXT;
            RETURN;
        END IF;
    END LOOP;
    RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE = format(
        'put_if_version %s/%s: the row at v%s was visible to the conflict check but not to the conditional update 8 times in a row',
        p_kind, p_id, p_expected);
END
$$;
