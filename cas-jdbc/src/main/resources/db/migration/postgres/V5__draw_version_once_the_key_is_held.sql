-- A version is drawn only once the writing transaction holds its key, so that it is above every version the key
-- has had, in this incarnation and every earlier one, however the writers are scheduled.
--
-- Before this migration a create or an unconditional write drew nextval('object_rv') in the INSERT's VALUES,
-- before the row met the unique index. A create descheduled after that draw (a slow backend, a lock wait) could
-- commit after another writer had created AND deleted the key at higher versions: the new incarnation started
-- below the key's past (ABA). An unconditional write that found the row kept the value it drew before it locked
-- the row (DO UPDATE SET resource_version = EXCLUDED.resource_version), so it could write below an update that
-- committed in between, without any delete.
--
-- put_object writes the row first with a placeholder version (1, as the CHECK wants >= 1; no other transaction
-- can see it, and it is replaced before commit), then draws in a second statement of the same transaction. By
-- then the transaction holds the key:
--   * its INSERT returned, so its entry is in the primary key index: the unique check waited for any transaction
--     deleting an earlier incarnation and found it committed, and every write of that incarnation committed before
--     its delete. Every version the key had was drawn before this draw.
--   * or ON CONFLICT DO UPDATE locked the existing row, whose latest version committed before the lock was
--     granted: that version, and every earlier one of the key, was drawn before this draw.
-- The cost is a second row version per create and overwrite, in the same round trip; the UPDATE changes no
-- indexed column, so PostgreSQL can make it a heap-only (HOT) update when the page has room.
--
-- "Drawn before" means "smaller" only if nextval hands out values in real-time order. With CACHE n > 1 each
-- session pre-allocates n values, and a session's later nextval can return a value below one another session drew
-- earlier. CACHE 1 is the default V2 created the sequence with; this makes it explicit and undoes a change to it.
-- (A session that cached values before this ALTER uses them up first: restart writers if CACHE had been raised.)
--
-- The MatchVersion write (put_if_version, V3) keeps nextval in its UPDATE's SET: the UPDATE applies only to the
-- row at the expected version, found in the statement's snapshot (committed before the statement started, hence
-- before the draw) or re-read after waiting for its writer to commit (EvalPlanQual, which evaluates SET again).
-- Either way the expected version, the highest the key had, was drawn before.
--
-- There is no PostgreSQL V4: the dialects share migration numbers, and V4 is SQLite's per-key versions.
ALTER SEQUENCE object_rv CACHE 1;

-- MustCreate (p_overwrite false) and Unconditional (true) writes: the row first, with the placeholder version, then
-- the draw. A taken key fails a MustCreate with 23505 on objects_pkey, a name another object holds fails either
-- with 23505 on objects_name_unique: the server reports the constraint name from inside the function as from a
-- plain statement. An overwrite keeps the row's created_at.
CREATE FUNCTION put_object(
    p_kind TEXT, p_id TEXT, p_name TEXT, p_labels TEXT, p_payload BYTEA, p_now TIMESTAMPTZ, p_overwrite BOOLEAN)
RETURNS TABLE (resource_version BIGINT, created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
    IF p_overwrite THEN
        INSERT INTO objects (kind, id, name, labels, payload, resource_version, created_at, updated_at)
        VALUES (p_kind, p_id, p_name, p_labels, p_payload, 1, p_now, p_now)
        ON CONFLICT (kind, id) DO UPDATE SET name = EXCLUDED.name, labels = EXCLUDED.labels,
            payload = EXCLUDED.payload, updated_at = EXCLUDED.updated_at;
    ELSE
        INSERT INTO objects (kind, id, name, labels, payload, resource_version, created_at, updated_at)
        VALUES (p_kind, p_id, p_name, p_labels, p_payload, 1, p_now, p_now);
    END IF;
    UPDATE objects o SET resource_version = nextval('object_rv')
    WHERE o.kind = p_kind AND o.id = p_id
    RETURNING o.resource_version, o.created_at, o.updated_at
    INTO put_object.resource_version, put_object.created_at, put_object.updated_at;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'put_object %/%: the row this call wrote was not found to draw its version', p_kind, p_id;
    END IF;
    RETURN NEXT;
END
$$;
