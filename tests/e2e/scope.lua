-- scope: an outside client is accepted at MAIL FROM; the same client authenticated
-- ({auth_authen}) is considered and gets the invitation; the null sender is accepted at
-- once; a sender outside Senders is accepted at MAIL FROM
-- conf: Senders recruiting@example.com
-- invitations: 2
dofile(os.getenv("CRM_E2E_DIR") .. "/common.lua.inc")

local conn = open_conn("192.0.2.10")
mt.macro(conn, SMFIC_MAIL, "i", "QSCOPE1")
step(mt.mailfrom(conn, "<recruiting@example.com>"), "mailfrom")
check_reply(conn, SMFIR_ACCEPT, "mailfrom from an outside client")
mt.disconnect(conn)

conn = open_conn("192.0.2.10")
local r = send_head(conn, "recruiting@example.com", { "jordan.lee@example.org" },
    SHORT_REJECTION.fields, "QSCOPE2", { "{auth_authen}", "alice", "{auth_type}", "PLAIN" })
if r ~= SMFIR_CONTINUE then
    error(string.format("authenticated outside client, eoh: got %q, want 'c'", string.char(r)))
end
step(mt.bodystring(conn, SHORT_REJECTION.body), "body")
step(mt.eom(conn), "eom")
check_reply(conn, SMFIR_CONTINUE, "eom from an authenticated outside client")
expect_invited(conn, "rejection from an authenticated outside client")
mt.disconnect(conn)

conn = open_conn("127.0.0.1")
step(mt.mailfrom(conn, "<>"), "mailfrom")
check_reply(conn, SMFIR_ACCEPT, "mailfrom with the null sender")
mt.disconnect(conn)

conn = open_conn("127.0.0.1")
step(mt.mailfrom(conn, "<someone.else@example.com>"), "mailfrom")
check_reply(conn, SMFIR_ACCEPT, "mailfrom from a sender outside Senders")
mt.disconnect(conn)

conn = open_conn("127.0.0.1")
r = send_short(conn, "recruiting@example.com", { "jordan.lee@example.org" }, SHORT_REJECTION,
    "QSCOPE4")
check_reply(conn, SMFIR_CONTINUE, "eom from 127.0.0.1")
expect_invited(conn, "rejection from 127.0.0.1")
mt.disconnect(conn)
