-- past MaxMessageSize the milter stops collecting; the MTA streams the body
-- without waiting for replies (SMFIP_NR_BODY), and at eom the message passes
-- unchanged and unrecorded; the connection stays usable
-- conf: MaxMessageSize 4k
-- invitations: 1
dofile(os.getenv("CRM_E2E_DIR") .. "/common.lua.inc")

local conn = open_conn("127.0.0.1")
if not mt.test_option(conn, 0x80000) then -- SMFIP_NR_BODY
    error("the milter did not select SMFIP_NR_BODY")
end
local r = send_head(conn, "recruiting@example.com", { "jordan.lee@example.org" },
    SHORT_REJECTION.fields, "QOVER01")
if r ~= SMFIR_CONTINUE then
    error(string.format("eoh: got %q, want 'c'", string.char(r)))
end
step(mt.bodystring(conn, SHORT_REJECTION.body), "body")
check_reply(conn, SMFIR_CONTINUE, "body under the cap")
step(mt.bodystring(conn, string.rep("quoted thread line\r\n", 300)), "body")
check_reply(conn, SMFIR_CONTINUE, "body past the cap (no reply expected)")
step(mt.bodystring(conn, string.rep("more quoted thread\r\n", 300)), "body")
check_reply(conn, SMFIR_CONTINUE, "body after the cap (no reply expected)")
step(mt.eom(conn), "eom")
check_reply(conn, SMFIR_CONTINUE, "eom of the oversize message")
expect_untouched(conn, "oversize message")

r = send_short(conn, "recruiting@example.com", { "jordan.lee@example.org" }, SHORT_REJECTION,
    "QOVER02")
check_reply(conn, SMFIR_CONTINUE, "eom of a small message after an oversize one")
expect_invited(conn, "small rejection after an oversize message")
mt.disconnect(conn)
