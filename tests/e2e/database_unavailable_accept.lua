-- OnError accept (the default): with the database unavailable the milter still runs, and a
-- rejection leaves unchanged (no edit at all, except removing our control header)
-- conf: Database /proc/careerrelay-no-such-dir/careerrelay.db
dofile(os.getenv("CRM_E2E_DIR") .. "/common.lua.inc")

local conn = open_conn("127.0.0.1")
local r = send_short(conn, "recruiting@example.com", { "jordan.lee@example.org" },
    SHORT_REJECTION, "QDBACC1", with_field(SHORT_REJECTION, "X-CareerRelay", " invite"))
check_reply(conn, SMFIR_CONTINUE, "eom with the database unavailable")
if mt.eom_check(conn, MT_BODYCHANGE) or mt.eom_check(conn, MT_HDRADD) then
    error("database unavailable: got an invitation, want the message unchanged")
end
if not mt.eom_check(conn, MT_HDRDELETE, "X-CareerRelay") then
    error("database unavailable: got X-CareerRelay kept, want it removed")
end
mt.disconnect(conn)
