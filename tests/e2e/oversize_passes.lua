-- past MaxMessageSize the milter stops collecting and accepts the message unchanged,
-- before the rest of the body is sent; the connection stays usable
-- conf: MaxMessageSize 4k
-- invitations: 1
dofile(os.getenv("CRM_E2E_DIR") .. "/common.lua.inc")

local conn = open_conn("127.0.0.1")
local r = send_head(conn, "recruiting@example.com", { "jordan.lee@example.org" },
    SHORT_REJECTION.fields, "QOVER01")
if r ~= SMFIR_CONTINUE then
    error(string.format("eoh: got %q, want 'c'", string.char(r)))
end
step(mt.bodystring(conn, SHORT_REJECTION.body), "body")
check_reply(conn, SMFIR_CONTINUE, "body under the cap")
step(mt.bodystring(conn, string.rep("quoted thread line\r\n", 300)), "body")
check_reply(conn, SMFIR_ACCEPT, "body past the cap")

r = send_short(conn, "recruiting@example.com", { "jordan.lee@example.org" }, SHORT_REJECTION,
    "QOVER02")
check_reply(conn, SMFIR_CONTINUE, "eom of a small message after an oversize one")
expect_invited(conn, "small rejection after an oversize message")
mt.disconnect(conn)
