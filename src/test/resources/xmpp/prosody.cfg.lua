-- Ombuds' test XMPP server: Debian's Prosody 0.12 for XmppConnectorAgainstProsodyTest, started by ProsodyServer, which
-- fills in @PORT@ (a free port) and @DIR@ (a temp dir) and writes the accounts' files before the start.
-- Loopback only, clients only (no server-to-server, no HTTP), nothing outside the temp dir.

-- The tests run as root; the temp dir is root's.
run_as_root = true
pidfile = "@DIR@/prosody.pid"
data_path = "@DIR@/data"
log = { { levels = { min = "info" }, to = "console" } }

interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { @PORT@ }
c2s_direct_tls_ports = { }
s2s_ports = { }

-- No TLS on loopback (no certificate to trust): SCRAM-SHA-1 works without it, PLAIN stays off.
c2s_require_encryption = false
allow_unencrypted_plain_auth = false
-- Plain-text passwords in the data dir, so ProsodyServer can write the accounts as files (SCRAM is derived from them).
authentication = "internal_plain"
storage = "internal"
allow_registration = false

modules_enabled = { "roster", "saslauth", "disco", "ping", "posix" }
modules_disabled = { "s2s", "offline" }

VirtualHost "ombuds.test"

-- Rooms stay when empty and open as soon as they are made: the admin account makes the room and owns it.
Component "rooms.ombuds.test" "muc"
    restrict_room_creation = false
    muc_room_locking = false
    muc_room_default_persistent = true
