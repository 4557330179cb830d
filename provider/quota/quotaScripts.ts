/**
 * The Redis side of the shared quota (docs/shared-quota.md argues the algorithm). Each script runs
 * atomically in Redis (EVAL is one command) and takes the time from Redis `TIME`, so every
 * process, on any machine, judges a window by one clock. A non-empty `now` argument replaces
 * `TIME` (tests drive a virtual clock through it).
 *
 * One bucket (an account and an action) has seven keys, all with the bucket in a `{hash tag}` so a
 * Redis Cluster keeps them on one slot:
 * - `live`: calls started and not yet answered; member = call id, score = lease expiry (ms). The
 *   owner renews the lease while the call is in flight, so a crashed owner's calls drop out once
 *   their lease runs out;
 * - `done`: answered calls; score = answer time + window. The server may have counted the call's
 *   arrival as late as the answer, so it holds a slot until then;
 * - `queue`: waiting calls, first come first served; score = ticket from `seq`;
 * - `qexp`: the same waiters; score = when the entry lapses (a waiter that does not come back by
 *   then, e.g. because its process died, loses its place);
 * - `seq`: ticket counter;
 * - `peers`: processes seen on the bucket (member = process id, score = last seen + ttl);
 * - `backoff`: after a throttling answer, a hash: `q` = the quota in force right after it, `at` = when.
 *   The quota grows back from `q` by ⌈quota × recovery⌉ a window (THROTTLE_BACKOFF in limits.ts, as
 *   the in-process window does), for every process of the bucket.
 *
 * The bucket holds at most `quota` calls in `live` ∪ `done`; a call is admitted only into a free
 * slot and only when fewer waiters than free slots queued before it.
 */

/**
 * Redis `TIME` in ms, or the `now` override. Redis 3.2–4 refuse writes after `TIME` in a script
 * unless it replicates effects (`redis.replicate_commands`); 5+ do that always.
 */
const NOW = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local function clock(override)
  if override ~= nil and override ~= '' then return tonumber(override) end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/** The quota in force: `full`, or less while the bucket recovers from a throttle (the `backoff` hash). */
const QUOTA_NOW = `
local function quotaNow(backoff, full, recovery, windowMs, now)
  local b = redis.call('HMGET', backoff, 'q', 'at')
  if not b[1] then return full end
  local q = tonumber(b[1]) + math.ceil(full * recovery) * math.floor((now - tonumber(b[2])) / windowMs)
  if q >= full then
    redis.call('DEL', backoff)
    return full
  end
  return math.max(1, q)
end
`;

/**
 * ACQUIRE. KEYS: live, done, queue, qexp, seq, peers, backoff. ARGV: quota, id, leaseMs, windowMs,
 * graceMs, ttlMs, peerId, now ('' = TIME), recoveryPerWindow. The quota in force is `quota`, or less
 * after a throttle (QUOTA_NOW).
 * Returns {1, now, 0, peers} when admitted (the call is in `live` until now + leaseMs), or
 * {0, now, waitMs, peers}: come back after waitMs, the earliest moment a slot can be yours (a lower
 * bound; never later than when one frees). `peers` = processes that used the bucket in the last
 * ttl, which sizes a process's share if Redis is lost.
 */
export const ACQUIRE_SCRIPT = `${NOW}${QUOTA_NOW}
local live, done, queue, qexp, seq, peers = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local id = ARGV[2]
local leaseMs, windowMs, graceMs, ttlMs = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local now = clock(ARGV[8])
local quota = quotaNow(KEYS[7], tonumber(ARGV[1]), tonumber(ARGV[9]), windowMs, now)

redis.call('ZREMRANGEBYSCORE', live, '-inf', now)
redis.call('ZREMRANGEBYSCORE', done, '-inf', now)
local lapsed = redis.call('ZRANGEBYSCORE', qexp, '-inf', now)
for i = 1, #lapsed do redis.call('ZREM', queue, lapsed[i]) end
redis.call('ZREMRANGEBYSCORE', qexp, '-inf', now)
redis.call('ZREMRANGEBYSCORE', peers, '-inf', now)
redis.call('ZADD', peers, now + ttlMs, ARGV[7])
local peerCount = redis.call('ZCARD', peers)

local inflight = redis.call('ZCARD', live)
local n = inflight + redis.call('ZCARD', done)
local free = quota - n
local rank = redis.call('ZRANK', queue, id)
if not rank then
  if free > redis.call('ZCARD', queue) then
    rank = -1 -- room for everyone already queued and for this call: no need to queue
  else
    redis.call('ZADD', queue, redis.call('INCR', seq), id)
    rank = redis.call('ZRANK', queue, id)
  end
end

local function touch()
  for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ttlMs) end
end

if rank < free then
  redis.call('ZREM', queue, id)
  redis.call('ZREM', qexp, id)
  redis.call('ZADD', live, now + leaseMs, id)
  touch()
  return {1, now, 0, peerCount}
end

-- Not admitted: this call needs k slots to free (the n - quota over the quota, then one per waiter
-- ahead of it, then its own). The k-th smallest release time is the earliest it can start. An
-- answered call frees its slot at its score; a call in flight at min(lease, now + window), since
-- its answer is still to come. Beyond the calls held now, each slot can be reused once a window.
local k = n - quota + rank + 1
local base = 0
while k > n do
  k = k - quota
  base = base + windowMs
end
local at = now
if k > 0 then
  local horizon = now + windowMs
  local frees = {}
  local d = redis.call('ZRANGE', done, 0, k - 1, 'WITHSCORES')
  for i = 2, #d, 2 do frees[#frees + 1] = tonumber(d[i]) end
  local l = redis.call('ZRANGE', live, 0, k - 1, 'WITHSCORES')
  for i = 2, #l, 2 do frees[#frees + 1] = math.min(tonumber(l[i]), horizon) end
  table.sort(frees)
  at = frees[k]
end
at = at + base
if at <= now then at = now + 1 end
redis.call('ZADD', qexp, at + graceMs, id)
touch()
return {0, now, at - now, peerCount}
`;

/**
 * RELEASE: the call's answer (or final failure) arrived. KEYS: live, done, backoff. ARGV: id,
 * windowMs, ttlMs, now ('' = TIME), throttled (1 or 0), startedAt (the call's admission, Redis
 * time), quota, factor, recoveryPerWindow. Moves the call to `done` until now + window (also when
 * its lease had lapsed: holding the slot longer is the safe side). A throttled answer to a call
 * admitted after the last reduction multiplies the quota in force by `factor` (at least 1), for
 * every process of the bucket; answers to calls admitted together count once. Returns now.
 */
export const RELEASE_SCRIPT = `${NOW}${QUOTA_NOW}
local now = clock(ARGV[4])
local windowMs, ttlMs = tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], now + windowMs, ARGV[1])
redis.call('PEXPIRE', KEYS[2], ttlMs)
if ARGV[5] == '1' then
  local last = tonumber(redis.call('HGET', KEYS[3], 'at') or '-1')
  if tonumber(ARGV[6]) > last then
    local q = quotaNow(KEYS[3], tonumber(ARGV[7]), tonumber(ARGV[9]), windowMs, now)
    redis.call('HSET', KEYS[3], 'q', math.max(1, math.floor(q * tonumber(ARGV[8]))), 'at', now)
    redis.call('PEXPIRE', KEYS[3], ttlMs)
  end
end
return now
`;

/**
 * RENEW the leases of calls still in flight. KEYS: live. ARGV: leaseMs, ttlMs, now ('' = TIME),
 * id… Each lease runs until now + leaseMs (re-added if it had lapsed: the call is still running).
 * Returns now.
 */
export const RENEW_SCRIPT = `${NOW}
local now = clock(ARGV[3])
local until_ = now + tonumber(ARGV[1])
for i = 4, #ARGV do redis.call('ZADD', KEYS[1], until_, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return now
`;

/** Key names of one bucket under `prefix`. The bucket goes in braces: a Redis Cluster hash tag. */
export function bucketKeys(prefix: string, bucket: string): { live: string; done: string; queue: string; qexp: string; seq: string; peers: string; backoff: string } {
  const tag = `${prefix}{${bucket}}`;
  return { live: `${tag}:live`, done: `${tag}:done`, queue: `${tag}:queue`, qexp: `${tag}:qexp`, seq: `${tag}:seq`, peers: `${tag}:peers`, backoff: `${tag}:backoff` };
}
