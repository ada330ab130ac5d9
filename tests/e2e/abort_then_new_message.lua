-- abort mid-message (after part of the body), then a new message on the same connection
-- invitations: 1
dofile(os.getenv("CRM_E2E_DIR") .. "/common.lua.inc")

local conn = open_conn("127.0.0.1")
local r = send_head(conn, "recruiting@example.com", { "jordan.lee@example.org" },
    SHORT_REJECTION.fields, "QABORT1")
if r ~= SMFIR_CONTINUE then
    error(string.format("eoh: got %q, want 'c'", string.char(r)))
end
step(mt.bodystring(conn, SHORT_REJECTION.body:sub(1, 60)), "body")
check_reply(conn, SMFIR_CONTINUE, "body")
step(mt.abort(conn), "abort")

-- the next message on the connection is handled from scratch
r = send_short(conn, "recruiting@example.com", { "jordan.lee@example.org" }, SHORT_REJECTION,
    "QNEXT02")
check_reply(conn, SMFIR_CONTINUE, "eom after abort")
expect_invited(conn, "message after abort")

-- an abort right after the envelope leaves nothing behind either
step(mt.mailfrom(conn, "<recruiting@example.com>"), "mailfrom")
check_reply(conn, SMFIR_CONTINUE, "mailfrom")
step(mt.abort(conn), "abort")
r = send_short(conn, "recruiting@example.com", { "jordan.lee@example.org" }, SHORT_OFFER,
    "QNEXT03")
check_reply(conn, SMFIR_CONTINUE, "eom of the offer")
expect_untouched(conn, "offer after abort")
mt.disconnect(conn)
