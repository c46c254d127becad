/// The Lua scripts a shared store runs in Redis: ``RateLimitState``'s
/// arithmetic, line for line, executed atomically by the server so every
/// app process sees one count. Each returns `{allowed, remaining, reset,
/// retry}` (milliseconds; `retry` is -1 when allowed).
///
/// Keys expire a period after the state means "fresh" again (a margin for
/// clocks of app processes that differ from the server's).
///
/// `KEYS[1]` is the key's state; the sliding window also uses `KEYS[2]`
/// (a sequence making log entries unique). `ARGV` is `limit, period,
/// now, cost, burst`. Every number is written back with `%d` so no
/// value is rounded by Lua's `%.14g`.
public enum RateLimitScripts {
    /// The script for `algorithm`.
    public static func script(for algorithm: RateLimit.Algorithm) -> String {
        switch algorithm {
        case .fixedWindow: fixedWindow
        case .slidingWindow: slidingWindow
        case .tokenBucket: tokenBucket
        }
    }

    private static let prelude = """
        local limit, period, now, cost, burst = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
        local function int(x) return string.format('%d', x) end
        local function ceildiv(v, d) if v <= 0 then return 0 end return math.floor((v + d - 1) / d) end

        """

    /// Calendar windows: a hash `{w = window, c = count}`.
    public static let fixedWindow = prelude + """
        local window = math.floor(now / period)
        local stored = redis.call('HMGET', KEYS[1], 'w', 'c')
        local count = 0
        if stored[1] and tonumber(stored[1]) == window then count = tonumber(stored[2]) end
        local reset = (window + 1) * period - now
        if count + cost > limit then return {0, limit - count, reset, reset} end
        count = count + cost
        redis.call('HSET', KEYS[1], 'w', int(window), 'c', int(count))
        redis.call('PEXPIRE', KEYS[1], int(reset + period))
        return {1, limit - count, reset, -1}
        """

    /// An exact log: a sorted set of the units' instants.
    public static let slidingWindow = prelude + """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', int(now - period))
        local count = redis.call('ZCARD', KEYS[1])
        if count + cost > limit then
          local leaving = count + cost - limit - 1
          local retry = period
          if leaving < count then
            retry = tonumber(redis.call('ZRANGE', KEYS[1], leaving, leaving, 'WITHSCORES')[2]) + period - now
          end
          local reset = 0
          if count > 0 then
            reset = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2]) + period - now
          end
          return {0, limit - count, reset, retry}
        end
        local sequence = redis.call('INCRBY', KEYS[2], cost)
        for i = 1, cost do
          redis.call('ZADD', KEYS[1], int(now), int(now) .. ':' .. int(sequence - i))
        end
        redis.call('PEXPIRE', KEYS[1], int(2 * period))
        redis.call('PEXPIRE', KEYS[2], int(2 * period))
        return {1, limit - count - cost, period, -1}
        """

    /// A bucket: a hash `{t = tokens × period, at = instant}`.
    public static let tokenBucket = prelude + """
        local capacity = burst * period
        local stored = redis.call('HMGET', KEYS[1], 't', 'at')
        local tokens, last = capacity, now
        if stored[1] then
          local at = tonumber(stored[2])
          tokens = math.min(capacity, tonumber(stored[1]) + math.max(0, now - at) * limit)
          last = math.max(at, now)
        end
        local need = cost * period
        local allowed = 0
        if tokens >= need then
          tokens = tokens - need
          allowed = 1
        end
        redis.call('HSET', KEYS[1], 't', int(tokens), 'at', int(last))
        local reset = ceildiv(capacity - tokens, limit)
        redis.call('PEXPIRE', KEYS[1], int(math.max(0, last - now) + reset + period))
        local retry = -1
        if allowed == 0 then retry = ceildiv(need - tokens, limit) end
        return {allowed, math.floor(tokens / period), reset, retry}
        """
}
