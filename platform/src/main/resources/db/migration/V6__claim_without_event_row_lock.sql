-- Every viewer session's foreign key to its event made each claim lock the event's row (FOR KEY SHARE, from the
-- foreign-key trigger): all validations of one event, e.g. viewers arriving for a live show, queued on that one row
-- and PostgreSQL had to create a multixact for every concurrent claim. The key is redundant: a session's event is
-- its code's event, the code's row is locked for the whole claim, and deleting an event still deletes its sessions
-- through access_codes (ON DELETE CASCADE on viewer_sessions.code_id). claim_viewer_session now takes the event id
-- from the locked code row instead of trusting its caller, so the column cannot disagree with the code.
ALTER TABLE viewer_sessions DROP CONSTRAINT IF EXISTS viewer_sessions_event_id_fkey;

-- As V4, except for v_event. Concurrency is unchanged: the code's row is locked for the whole check-and-insert, and
-- viewer_sessions_one_active backs it up.
CREATE OR REPLACE FUNCTION claim_viewer_session(p_code_id uuid, p_event_id uuid, p_device_id text, p_client_addr text,
                                                p_user_agent text, p_now timestamptz, p_stale_before timestamptz,
                                                p_new_session uuid)
    RETURNS TABLE (o_outcome text, o_session uuid, o_taken_over uuid)
    LANGUAGE plpgsql AS
$$
DECLARE
    v_revoked   timestamptz;
    v_event     uuid;
    v_active    uuid;
    v_device    text;
    v_heartbeat timestamptz;
BEGIN
    SELECT c.revoked_at, c.event_id INTO v_revoked, v_event FROM access_codes c WHERE c.id = p_code_id FOR UPDATE;
    IF NOT FOUND OR v_event <> p_event_id THEN
        RETURN QUERY SELECT 'invalid_code'::text, NULL::uuid, NULL::uuid;
        RETURN;
    END IF;
    IF v_revoked IS NOT NULL THEN
        RETURN QUERY SELECT 'revoked'::text, NULL::uuid, NULL::uuid;
        RETURN;
    END IF;
    SELECT s.id, s.device_id, s.last_heartbeat_at INTO v_active, v_device, v_heartbeat
    FROM viewer_sessions s WHERE s.code_id = p_code_id AND s.ended_at IS NULL;
    IF v_active IS NOT NULL THEN
        IF p_device_id IS NOT NULL AND p_device_id = v_device THEN
            UPDATE viewer_sessions SET last_heartbeat_at = p_now, client_addr = p_client_addr WHERE id = v_active;
            RETURN QUERY SELECT 'resumed'::text, v_active, NULL::uuid;
            RETURN;
        END IF;
        IF v_heartbeat > p_stale_before THEN
            RETURN QUERY SELECT 'in_use'::text, NULL::uuid, NULL::uuid;
            RETURN;
        END IF;
        UPDATE viewer_sessions SET ended_at = p_now, revoked_at = p_now, end_reason = 'taken_over' WHERE id = v_active;
    END IF;
    INSERT INTO viewer_sessions (id, code_id, event_id, device_id, client_addr, user_agent, started_at, last_heartbeat_at)
    VALUES (p_new_session, p_code_id, v_event, p_device_id, p_client_addr, p_user_agent, p_now, p_now);
    UPDATE access_codes SET redeemed_at = COALESCE(redeemed_at, p_now) WHERE id = p_code_id;
    IF v_active IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(73120501);
        INSERT INTO revocation_changes (kind, target_id, revoked, at) VALUES ('session', v_active, true, p_now);
        PERFORM pg_notify('streamgate_revocations', '');
    END IF;
    RETURN QUERY SELECT 'claimed'::text, p_new_session, v_active;
END
$$;
