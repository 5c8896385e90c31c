//! The Lua scripts of the cluster mode (docs/deploy.md "Redis"). Each runs atomically in Redis,
//! so a session's history, its lease and the delivery to its owner cannot drift apart.
//!
//! Keys (docs/deploy.md has the table): `ad:epoch` the cluster's epoch, `ad:s:{S}` a session
//! (hash: `agent`, `epoch`, `last`, `ended`), `ad:h:{S}` its history (a stream whose entry ids
//! are the event ids, `0-N`), `ad:l:{S}` its lease (`{edge}:{conn}`), channel `ad:e:{edge}`.

use redis::Script;

/// A new session: refused until the core has set the cluster's epoch.
/// KEYS: session, lease, epoch. ARGV: agent, owner, lease ms, keep ms.
const CREATE: &str = r#"
local epoch = redis.call('GET', KEYS[3])
if not epoch then return {'NOEPOCH'} end
redis.call('HSET', KEYS[1], 'agent', ARGV[1], 'epoch', epoch, 'last', 0)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return {'OK'}
"#;

/// A resume: takes the lease (telling an older owner on another edge to let go), and returns
/// what the client missed, or why it cannot have it.
/// KEYS: session, history, lease, epoch. ARGV: agent, owner, lease ms, keep ms, client's last
/// event id, oldest acceptable entry time (Unix ms).
/// Returns {'OK', last, entries} | {'GAP', last} | {'UNKNOWN'} | {'NOEPOCH'}.
const ATTACH: &str = r#"
local epoch = redis.call('GET', KEYS[4])
if not epoch then return {'NOEPOCH'} end
local s = redis.call('HMGET', KEYS[1], 'agent', 'epoch', 'last', 'ended')
if not s[1] or s[1] ~= ARGV[1] or s[2] ~= epoch or s[4] then return {'UNKNOWN'} end
local last = tonumber(s[3] or '0')
local old = redis.call('GET', KEYS[3])
redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
if old and old ~= ARGV[2] then
  local edge = string.match(old, '^(.*):[^:]*$')
  if edge then redis.call('PUBLISH', 'ad:e:' .. edge, 'K ' .. string.sub(KEYS[1], 6) .. ' ' .. old) end
end
local claimed = tonumber(ARGV[5])
if claimed == last then return {'OK', last, {}} end
if claimed > last then return {'GAP', last} end
local entries = redis.call('XRANGE', KEYS[2], '0-' .. (claimed + 1), '+')
if #entries == 0 or entries[1][1] ~= ('0-' .. (claimed + 1)) then return {'GAP', last} end
local t = tonumber(entries[1][2][4] or '0')
if t < tonumber(ARGV[6]) then return {'GAP', last} end
return {'OK', last, entries}
"#;

/// One core step's frames for one session: the events into history with the core's ids (a
/// stale id is refused: a fence against a second writer), the batch to the owner's edge.
/// KEYS: session, history, lease, epoch. ARGV: epoch, first id, event count, history max,
/// keep-after-end ms, now ms, end reason ('' none), message to publish, payloads….
/// Returns {'OK'} | {'GONE'} | {'EPOCH'} | {'STALE', last}.
const APPEND: &str = r#"
local e = redis.call('GET', KEYS[4])
if e ~= ARGV[1] then return {'EPOCH'} end
local s = redis.call('HMGET', KEYS[1], 'epoch', 'last', 'ended')
if not s[1] or s[1] ~= ARGV[1] or s[3] then return {'GONE'} end
local last = tonumber(s[2] or '0')
local first = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
if n > 0 and first ~= last + 1 then return {'STALE', last} end
for i = 0, n - 1 do
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '0-' .. (first + i), 'p', ARGV[9 + i], 't', ARGV[6])
end
if n > 0 then
  redis.call('HSET', KEYS[1], 'last', first + n - 1)
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
end
local owner = redis.call('GET', KEYS[3])
if ARGV[7] ~= '' then
  redis.call('HSET', KEYS[1], 'ended', ARGV[7])
  redis.call('DEL', KEYS[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
if owner then
  local edge = string.match(owner, '^(.*):[^:]*$')
  if edge then redis.call('PUBLISH', 'ad:e:' .. edge, ARGV[8]) end
end
return {'OK'}
"#;

/// The owner keeps its lease, and the session and its history live on while carried.
/// KEYS: session, history, lease. ARGV: owner, lease ms, keep ms. Returns 1, or 0: lost.
const RENEW: &str = r#"
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[3], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
"#;

/// The owner's connection is gone: the lease goes, and the session's grace period starts.
/// KEYS: session, history, lease. ARGV: owner, grace ms.
const DETACH: &str = r#"
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[3])
if redis.call('HEXISTS', KEYS[1], 'ended') == 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return 1
"#;

/// The scripts, loaded once per process (redis-rs runs them by SHA and loads them again after
/// a Redis restart).
pub(crate) struct Scripts {
    pub(crate) create: Script,
    pub(crate) attach: Script,
    pub(crate) append: Script,
    pub(crate) renew: Script,
    pub(crate) detach: Script,
}

impl Scripts {
    pub(crate) fn new() -> Self {
        Self {
            create: Script::new(CREATE),
            attach: Script::new(ATTACH),
            append: Script::new(APPEND),
            renew: Script::new(RENEW),
            detach: Script::new(DETACH),
        }
    }
}

/// Session `S`'s hash.
pub(crate) fn session_key(session: &str) -> String {
    format!("ad:s:{session}")
}

/// Session `S`'s history stream.
pub(crate) fn history_key(session: &str) -> String {
    format!("ad:h:{session}")
}

/// Session `S`'s lease.
pub(crate) fn lease_key(session: &str) -> String {
    format!("ad:l:{session}")
}

/// An edge's channel.
pub(crate) fn edge_channel(edge: &str) -> String {
    format!("ad:e:{edge}")
}

/// The cluster's epoch.
pub(crate) const EPOCH_KEY: &str = "ad:epoch";
/// The commands stream, edges → core.
pub(crate) const INPUT_STREAM: &str = "ad:in";
/// The core's consumer group on it.
pub(crate) const CORE_GROUP: &str = "core";
/// Announcements to every edge: revocations, a new epoch.
pub(crate) const CONTROL_CHANNEL: &str = "ad:ctl";
/// The channel of the watched tenants' taps (`T<tenant>\t<json>`), which every edge hears and
/// reads only for the tenants its faces serve; a new watcher's snapshot goes to its own channel.
pub(crate) const TAP_CHANNEL: &str = "ad:tap";
/// Key revocations: field `tenant\tagent` → revoked-through Unix ms.
pub(crate) const REVOKED_KEY: &str = "ad:revoked";
/// Where Redis announces expired keys (`notify-keyspace-events Ex`), database 0.
pub(crate) const EXPIRED_CHANNEL: &str = "__keyevent@0__:expired";
