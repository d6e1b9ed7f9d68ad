namespace Knapscen.Sagas.Bench;

/// <summary>
/// The launch ids seen, as 64-bit hashes in one array sized and touched up front: a set of a million strings would
/// grow the process by hundreds of MiB over a 100,000-onboarding run and hide whether the orchestrator's memory is flat.
/// </summary>
internal sealed class LaunchIdSet
{
    private readonly Lock gate = new();
    private ulong[] slots;
    private int count;

    public LaunchIdSet(long expected)
    {
        slots = Allocate(expected);
    }

    /// <summary>False when the id was added before.</summary>
    public bool Add(string launchId)
    {
        var hash = Hash(launchId);
        lock (gate)
        {
            if ((count + 1) * 2 > slots.Length)
            {
                Grow();
            }

            if (!Insert(slots, hash))
            {
                return false;
            }

            count++;
            return true;
        }
    }

    private void Grow()
    {
        var larger = Allocate(slots.Length);
        foreach (var hash in slots)
        {
            if (hash != 0)
            {
                Insert(larger, hash);
            }
        }

        slots = larger;
    }

    private static bool Insert(ulong[] table, ulong hash)
    {
        var mask = table.Length - 1;
        for (var i = (int)(hash & (ulong)mask); ; i = (i + 1) & mask)
        {
            if (table[i] == hash)
            {
                return false;
            }

            if (table[i] == 0)
            {
                table[i] = hash;
                return true;
            }
        }
    }

    /// <summary>A power of two at least twice <paramref name="expected"/>, every page written once so it is resident from the start.</summary>
    private static ulong[] Allocate(long expected)
    {
        var length = 1024;
        while (length < expected * 2)
        {
            length *= 2;
        }

        var table = new ulong[length];
        for (var i = 0; i < table.Length; i += 512)
        {
            table[i] = 0;
        }

        return table;
    }

    // FNV-1a, 64 bits: a million ids collide with a probability near 1e-7; 0 is kept for "empty".
    private static ulong Hash(string value)
    {
        var hash = 14695981039346656037UL;
        foreach (var character in value)
        {
            hash = (hash ^ character) * 1099511628211UL;
        }

        return hash == 0 ? 1 : hash;
    }
}
