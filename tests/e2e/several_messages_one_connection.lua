-- several messages on one connection: rejection, offer (with a control header that must
-- be removed), rejection to an internal recipient only (accepted at end of header, before
-- the body), rejection again
-- invitations: 2
dofile(os.getenv("CRM_E2E_DIR") .. "/common.lua.inc")

local conn = open_conn("127.0.0.1")

local r = send_short(conn, "recruiting@example.com", { "jordan.lee@example.org" },
    SHORT_REJECTION, "QMSG001")
check_reply(conn, SMFIR_CONTINUE, "eom 1")
expect_invited(conn, "message 1 (rejection)")

r = send_short(conn, "recruiting@example.com", { "jordan.lee@example.org" }, SHORT_OFFER,
    "QMSG002", with_field(SHORT_OFFER, "X-CareerRelay-Tags", " job-1234"))
check_reply(conn, SMFIR_CONTINUE, "eom 2")
expect_untouched(conn, "message 2 (offer)")
if not mt.eom_check(conn, MT_HDRDELETE, "X-CareerRelay-Tags") then
    error("message 2: got X-CareerRelay-Tags kept, want it deleted")
end

r = send_head(conn, "recruiting@example.com", { "sato@example.com" }, SHORT_REJECTION.fields,
    "QMSG003")
if r ~= SMFIR_ACCEPT then
    error(string.format("internal recipient only, eoh: got %q, want 'a'", string.char(r)))
end

r = send_short(conn, "recruiting@example.com", { "jordan.lee@example.org" },
    SHORT_REJECTION, "QMSG004")
check_reply(conn, SMFIR_CONTINUE, "eom 4")
expect_invited(conn, "message 4 (rejection)")
mt.disconnect(conn)
