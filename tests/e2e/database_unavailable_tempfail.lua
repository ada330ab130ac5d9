-- OnError tempfail: with the database unavailable a considered message gets a temporary
-- failure at end of message (the MTA retries later); mail outside the scope still passes
-- conf: Database /proc/careerrelay-no-such-dir/careerrelay.db
-- conf: OnError tempfail
dofile(os.getenv("CRM_E2E_DIR") .. "/common.lua.inc")

local conn = open_conn("127.0.0.1")
local r = send_short(conn, "recruiting@example.com", { "jordan.lee@example.org" },
    SHORT_REJECTION, "QDBTMP1")
check_reply(conn, SMFIR_TEMPFAIL, "eom with the database unavailable and OnError tempfail")
expect_untouched(conn, "tempfailed message")
mt.disconnect(conn)

conn = open_conn("192.0.2.10")
step(mt.mailfrom(conn, "<recruiting@example.com>"), "mailfrom")
check_reply(conn, SMFIR_ACCEPT, "mailfrom from an outside client")
mt.disconnect(conn)
