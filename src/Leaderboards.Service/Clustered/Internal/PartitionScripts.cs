using Leaderboards.Redis;

namespace Leaderboards.Service.Clustered.Internal;

/// <summary>
/// The Lua scripts that run on one partition's two keys (KEYS[1] the sorted set of members, KEYS[2] the hash of
/// player id to key and metadata; one hash tag, so one slot). Redis runs each atomically, so a partition's update
/// is one step whichever service node sends it. Integers stay exact: the scripts never turn a score into a Lua
/// number; they compare order keys byte by byte and add offset-binary values in two 32-bit halves.
/// </summary>
internal static class PartitionScripts
{
    private const string Bytes = """
        local function less(a, b)
          for i = 1, math.min(#a, #b) do
            local x, y = string.byte(a, i), string.byte(b, i)
            if x ~= y then return x < y end
          end
          return #a < #b
        end
        local function words(v)
          local a, b, c, d, e, f, g, k = string.byte(v, 1, 8)
          return ((a * 256 + b) * 256 + c) * 256 + d, ((e * 256 + f) * 256 + g) * 256 + k
        end
        local function bytes(hi, lo)
          local out = {}
          for i = 4, 1, -1 do out[i] = hi % 256; hi = math.floor(hi / 256) end
          for i = 8, 5, -1 do out[i] = lo % 256; lo = math.floor(lo / 256) end
          return string.char(unpack(out))
        end
        """;

    /// <summary>
    /// Applies scores in order under the board's policy, each building on what the ones before it left, as one atomic
    /// step. KEYS[3] is the partition's sorted set of applied batch ids (by time), which makes a named batch apply at
    /// most once; KEYS[4] is the partition's shard channel, which hears the ids of the players whose entries changed
    /// (one per line) when the script commits. ARGV: policy (b, l or s), descending (1 or 0), lowest and highest score in offset binary (empty for
    /// no bound), the batch id (empty for none), then five per score: player id, score and subscore in offset binary
    /// (subscore empty when not given), metadata given (1 or 0), metadata. The time that breaks ties is the server's
    /// (TIME). Returns false when the batch was applied before; otherwise six per score: the entry's key, whether it
    /// changed and improved, its previous key (false for a new player), and the previous rank and better-valued count
    /// among the partition's other entries before the batch. Then, per score, its rank and better-valued count among
    /// the others after the batch.
    /// </summary>
    public static readonly LuaScript Submit = new(Bytes + """

        local z, h, applied = KEYS[1], KEYS[2], KEYS[3]
        if redis.call('EXISTS', KEYS[5]) == 1 then return redis.error_reply('NOBOARD the board was deleted') end
        local policy, desc, low, high, batch = ARGV[1], ARGV[2] == '1', ARGV[3], ARGV[4], ARGV[5]
        local t = redis.call('TIME')
        local ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        if batch ~= '' then
          if redis.call('ZSCORE', applied, batch) then return false end
          redis.call('ZADD', applied, ms, batch)
          redis.call('ZREMRANGEBYSCORE', applied, '-inf', ms - 86400000)
        end
        local zero = '\128\0\0\0\0\0\0\0'
        local now = bytes(math.floor(ms / 4294967296) + 2147483648, ms % 4294967296)
        local function ord(v)
          if not desc then return v end
          local out = {}
          for i = 1, #v do out[i] = 255 - string.byte(v, i) end
          return string.char(unpack(out))
        end
        local function clamp(v)
          if low ~= '' and less(v, low) then return low end
          if high ~= '' and less(high, v) then return high end
          return v
        end
        local function add(x, y)
          local xh, xl = words(x)
          local yh, yl = words(y)
          local lo = xl + yl
          local carry = math.floor(lo / 4294967296)
          local hi = xh + yh + carry - 2147483648
          if hi < 0 then return '\0\0\0\0\0\0\0\0' end
          if hi >= 4294967296 then return '\255\255\255\255\255\255\255\255' end
          return bytes(hi, lo % 4294967296)
        end
        -- How many of the partition's entries other than the player's own (`own`, a member or false) sort before `bound`.
        local function before(bound, own)
          local count = redis.call('ZLEXCOUNT', z, '-', '(' .. bound)
          if own and less(own, bound) then count = count - 1 end
          return count
        end

        local original, current, out = {}, {}, {}
        local n = (#ARGV - 5) / 5
        for i = 0, n - 1 do
          local a = 6 + i * 5
          local id, score, sub, hasMeta, meta = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3] == '1', ARGV[a + 4]
          if original[id] == nil then
            original[id] = redis.call('HGET', h, id)
            current[id] = original[id]
          end
          local old = current[id]
          local own = original[id] and (string.sub(original[id], 1, 24) .. id)
          local oldKey, oldRank, oldAhead, newScore, newSub = false, false, false, nil, nil
          if old then
            oldKey = string.sub(old, 1, 24)
            oldRank = before(oldKey .. id, own)
            oldAhead = before(string.sub(old, 1, 16), own and string.sub(own, 1, 16))
            if policy == 's' then
              newScore = clamp(add(ord(string.sub(old, 1, 8)), score))
              if sub ~= '' then newSub = sub else newSub = ord(string.sub(old, 9, 16)) end
            else
              newScore = score
              if sub ~= '' then newSub = sub else newSub = zero end
            end
          else
            newScore = clamp(score)
            if sub ~= '' then newSub = sub else newSub = zero end
          end
          local value = ord(newScore) .. ord(newSub)
          local changed, improved, key = 1, 1, nil
          if old then
            local oldValue = string.sub(old, 1, 16)
            if not less(value, oldValue) then improved = 0 end
            local valueChanged = value ~= oldValue
            if (policy == 'b' and improved == 0) or (not valueChanged and not hasMeta) then
              changed = 0
              key = oldKey
            else
              if valueChanged then key = value .. now else key = oldKey end
              if hasMeta then current[id] = key .. meta else current[id] = key .. string.sub(old, 25) end
            end
          else
            key = value .. now
            if hasMeta then current[id] = key .. meta else current[id] = key end
          end
          out[#out + 1] = key
          out[#out + 1] = changed
          out[#out + 1] = improved
          out[#out + 1] = oldKey
          out[#out + 1] = oldRank
          out[#out + 1] = oldAhead
        end

        for id, stored in pairs(current) do
          if stored ~= original[id] then
            local after = string.sub(stored, 1, 24) .. id
            if original[id] then
              local prior = string.sub(original[id], 1, 24) .. id
              if prior ~= after then redis.call('ZREM', z, prior) end
            end
            redis.call('ZADD', z, 0, after)
            redis.call('HSET', h, id, stored)
          end
        end

        local moved = {}
        for id, stored in pairs(current) do
          if stored ~= original[id] then moved[#moved + 1] = id end
        end
        if #moved > 0 then redis.call('SPUBLISH', KEYS[4], table.concat(moved, '\n')) end

        for i = 0, n - 1 do
          local id, key = ARGV[6 + i * 5], out[i * 6 + 1]
          local own = string.sub(current[id], 1, 24) .. id
          out[#out + 1] = before(key .. id, own)
          out[#out + 1] = before(string.sub(key, 1, 16), string.sub(own, 1, 16))
        end
        return out
        """);

    /// <summary>Removes a player and tells the partition's channel (KEYS[3]). ARGV: player id. Returns 1 when there was an entry.</summary>
    public static readonly LuaScript Remove = new("""
        if redis.call('EXISTS', KEYS[4]) == 1 then return redis.error_reply('NOBOARD the board was deleted') end
        local v = redis.call('HGET', KEYS[2], ARGV[1])
        if not v then return 0 end
        redis.call('ZREM', KEYS[1], string.sub(v, 1, 24) .. ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('SPUBLISH', KEYS[3], ARGV[1])
        return 1
        """);

    /// <summary>
    /// Removes the named players whose entries were last updated before a cutoff, each looked at again here so an entry
    /// updated since the caller's scan stays. ARGV: the cutoff time (8 bytes, offset binary), then player ids. The
    /// partition's channel (KEYS[3]) hears the removed ids. Returns how many were removed.
    /// </summary>
    public static readonly LuaScript Expire = new(Bytes + """

        if redis.call('EXISTS', KEYS[4]) == 1 then return redis.error_reply('NOBOARD the board was deleted') end
        local removed = {}
        for i = 2, #ARGV do
          local v = redis.call('HGET', KEYS[2], ARGV[i])
          if v and less(string.sub(v, 17, 24), ARGV[1]) then
            redis.call('ZREM', KEYS[1], string.sub(v, 1, 24) .. ARGV[i])
            redis.call('HDEL', KEYS[2], ARGV[i])
            removed[#removed + 1] = ARGV[i]
          end
        end
        if #removed > 0 then redis.call('SPUBLISH', KEYS[3], table.concat(removed, '\n')) end
        return #removed
        """);

    /// <summary>
    /// One player's place in the partition. ARGV: player id. Returns the partition's size, then (when the player is
    /// there) their hash value, their rank and the count of entries with a better value.
    /// </summary>
    public static readonly LuaScript Player = new("""
        #!lua flags=no-writes
        local card = redis.call('ZCARD', KEYS[1])
        local v = redis.call('HGET', KEYS[2], ARGV[1])
        if not v then return {card} end
        return {card, v, redis.call('ZRANK', KEYS[1], string.sub(v, 1, 24) .. ARGV[1]), redis.call('ZLEXCOUNT', KEYS[1], '-', '(' .. string.sub(v, 1, 16))}
        """);

    /// <summary>
    /// The partition's size, then for each ARGV (an exclusive lexicographic bound) how many members sort before it:
    /// how a partition counts the entries ahead of a key that lives in another partition.
    /// </summary>
    public static readonly LuaScript CountBefore = new("""
        #!lua flags=no-writes
        local out = {redis.call('ZCARD', KEYS[1])}
        for i = 1, #ARGV do out[i + 1] = redis.call('ZLEXCOUNT', KEYS[1], '-', ARGV[i]) end
        return out
        """);

    /// <summary>
    /// Entries by local rank. ARGV: first and last local rank (0-based, inclusive). Returns the partition's size,
    /// then each member followed by its hash value (key and metadata).
    /// </summary>
    public static readonly LuaScript Range = new("""
        #!lua flags=no-writes
        local out = {redis.call('ZCARD', KEYS[1])}
        local members = redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2])
        for i = 1, #members do
          local m = members[i]
          out[#out + 1] = m
          out[#out + 1] = redis.call('HGET', KEYS[2], string.sub(m, 25)) or ''
        end
        return out
        """);

    /// <summary>
    /// Stores entries as they are, times included (a restore or a migration): ARGV holds, for each entry, the player
    /// id, the 24-byte key and the metadata. An entry already there is replaced. The partition's channel (KEYS[3])
    /// hears an empty message: any entry may have changed. Returns the partition's size.
    /// </summary>
    public static readonly LuaScript Load = new("""
        if redis.call('EXISTS', KEYS[4]) == 1 then return redis.error_reply('NOBOARD the board was deleted') end
        for i = 1, #ARGV, 3 do
          local id, key = ARGV[i], ARGV[i + 1]
          local old = redis.call('HGET', KEYS[2], id)
          if old then redis.call('ZREM', KEYS[1], string.sub(old, 1, 24) .. id) end
          redis.call('ZADD', KEYS[1], 0, key .. id)
          redis.call('HSET', KEYS[2], id, key .. ARGV[i + 2])
        end
        redis.call('SPUBLISH', KEYS[3], '')
        return redis.call('ZCARD', KEYS[1])
        """);
}
