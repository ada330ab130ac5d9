#!/usr/bin/env python3
"""dblock.py - hold an SQLite database locked by another writer (fault tests).

    dblock.py DB READY_FILE STOP_FILE [MAX_SECONDS]

Opens DB, takes BEGIN EXCLUSIVE (in WAL mode: every other writer waits,
readers go on), writes READY_FILE, and holds the lock until STOP_FILE exists
(or MAX_SECONDS, default 120, have passed), then rolls back and exits 0.
"""
import os
import sqlite3
import sys
import time


def main():
    db, ready, stop = sys.argv[1:4]
    limit = float(sys.argv[4]) if len(sys.argv) > 4 else 120.0
    conn = sqlite3.connect(db, timeout=30, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    # a real pending write, as another writer in the middle of its work would have
    conn.execute("CREATE TABLE IF NOT EXISTS fault_lock_probe (x)")
    with open(ready, "w") as f:
        f.write("%d\n" % os.getpid())
    end = time.time() + limit
    while not os.path.exists(stop) and time.time() < end:
        time.sleep(0.05)
    conn.execute("ROLLBACK")
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
