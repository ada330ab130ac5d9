-- 0001_init.sql - the referral ledger, first version.
--
-- Applied by lib/db.c inside one transaction, after which PRAGMA user_version
-- is set to 1. Never edit this file once released: add 0002_<change>.sql.
--
-- Timestamps are UTC ISO 8601 text, 'YYYY-MM-DDTHH:MM:SSZ', so they sort and
-- compare as strings. Addresses are in the normal form of lib/addr.h (whole
-- address lower-cased); COLLATE NOCASE repeats that rule in the database so
-- the unit that counts, the distinct candidate, cannot be split by case.

-- One invitation per message: one body, therefore one token.
CREATE TABLE invitation (
    id          INTEGER PRIMARY KEY,
    token       TEXT    NOT NULL UNIQUE,          -- UUID v4, lower-case text
    created_at  TEXT    NOT NULL,
    queue_id    TEXT,                             -- MTA queue id
    message_id  TEXT,                             -- Message-ID header
    sender      TEXT    NOT NULL DEFAULT '',      -- envelope sender
    lang        TEXT    NOT NULL DEFAULT '',      -- 'ja' / 'en'
    template    TEXT    NOT NULL DEFAULT '',
    score       INTEGER NOT NULL DEFAULT 0,       -- classifier score
    rules       TEXT    NOT NULL DEFAULT '',      -- rules fired 'id(+w),...'
    tags        TEXT    NOT NULL DEFAULT '',      -- ATS tags 'a,b' (normalised)
    status      TEXT    NOT NULL DEFAULT 'sent'
                CHECK (status IN ('sent', 'bounced', 'withdrawn'))
);
CREATE INDEX invitation_created_at ON invitation (created_at);

-- The ATS tags of an invitation, one row each (for --tag and report --by tag).
CREATE TABLE invitation_tag (
    invitation_id INTEGER NOT NULL REFERENCES invitation (id),
    tag           TEXT    NOT NULL,
    PRIMARY KEY (invitation_id, tag)
) WITHOUT ROWID;
CREATE INDEX invitation_tag_tag ON invitation_tag (tag);

-- Distinct candidates: the unit that counts for entitlements.
CREATE TABLE candidate (
    id                  INTEGER PRIMARY KEY,
    address             TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    first_invited_at    TEXT    NOT NULL,
    first_invitation_id INTEGER NOT NULL REFERENCES invitation (id)
);
CREATE INDEX candidate_first_invited_at ON candidate (first_invited_at);

-- Every candidate an invitation went to.
CREATE TABLE invitation_recipient (
    invitation_id INTEGER NOT NULL REFERENCES invitation (id),
    candidate_id  INTEGER NOT NULL REFERENCES candidate (id),
    PRIMARY KEY (invitation_id, candidate_id)
) WITHOUT ROWID;
CREATE INDEX invitation_recipient_candidate ON invitation_recipient (candidate_id);

-- Redemptions (kind 'redeem', amount 1) and manual adjustments (kind
-- 'adjust', amount +N or -N). Append-only.
CREATE TABLE ledger_entry (
    id         INTEGER PRIMARY KEY,
    created_at TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('redeem', 'adjust')),
    amount     INTEGER NOT NULL CHECK (amount <> 0),
    unix_user  TEXT    NOT NULL,
    note       TEXT    NOT NULL DEFAULT ''
);

-- Addresses ('taro@example.jp') or whole domains ('@example.jp') that must
-- never receive an invitation.
CREATE TABLE suppression (
    pattern    TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
    created_at TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT ''
);

-- Nothing recorded may be lost or altered: the ledger is append-only, and
-- invitations, their recipients and candidates are never deleted. The only
-- change allowed to an invitation is its status.
CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry
BEGIN
    SELECT RAISE(ABORT, 'ledger_entry is append-only');
END;
CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
BEGIN
    SELECT RAISE(ABORT, 'ledger_entry is append-only');
END;
CREATE TRIGGER invitation_no_delete BEFORE DELETE ON invitation
BEGIN
    SELECT RAISE(ABORT, 'invitations are never deleted');
END;
CREATE TRIGGER invitation_only_status BEFORE UPDATE ON invitation
WHEN NEW.id IS NOT OLD.id OR NEW.token IS NOT OLD.token
  OR NEW.created_at IS NOT OLD.created_at OR NEW.queue_id IS NOT OLD.queue_id
  OR NEW.message_id IS NOT OLD.message_id OR NEW.sender IS NOT OLD.sender
  OR NEW.lang IS NOT OLD.lang OR NEW.template IS NOT OLD.template
  OR NEW.score IS NOT OLD.score OR NEW.rules IS NOT OLD.rules
  OR NEW.tags IS NOT OLD.tags
BEGIN
    SELECT RAISE(ABORT, 'only the status of an invitation may change');
END;
CREATE TRIGGER invitation_recipient_no_change BEFORE UPDATE ON invitation_recipient
BEGIN
    SELECT RAISE(ABORT, 'invitation recipients are never changed');
END;
CREATE TRIGGER invitation_recipient_no_delete BEFORE DELETE ON invitation_recipient
BEGIN
    SELECT RAISE(ABORT, 'invitation recipients are never deleted');
END;
CREATE TRIGGER invitation_tag_no_change BEFORE UPDATE ON invitation_tag
BEGIN
    SELECT RAISE(ABORT, 'invitation tags are never changed');
END;
CREATE TRIGGER invitation_tag_no_delete BEFORE DELETE ON invitation_tag
BEGIN
    SELECT RAISE(ABORT, 'invitation tags are never deleted');
END;
CREATE TRIGGER candidate_no_change BEFORE UPDATE ON candidate
BEGIN
    SELECT RAISE(ABORT, 'candidates are never changed');
END;
CREATE TRIGGER candidate_no_delete BEFORE DELETE ON candidate
BEGIN
    SELECT RAISE(ABORT, 'candidates are never deleted');
END;
