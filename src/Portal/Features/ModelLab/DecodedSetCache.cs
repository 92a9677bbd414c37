using Portal.ModelLab.Data;

namespace Portal.Features.ModelLab;

/// <summary>
/// Decoded data sets kept within a byte budget: once the sets held pass it, the least recently used go first.
/// A run still training on an evicted set keeps its own reference; the cache only stops holding it. Each set is
/// decoded once however many ask for it at the same time, and a set that fails to decode is not kept.
/// </summary>
internal sealed class DecodedSetCache(long budgetBytes)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> entries = [];

    // Most recently used first.
    private readonly LinkedList<Entry> recent = new();
    private long heldBytes;

    /// <summary>The bytes of pixels and labels the cache holds now.</summary>
    public long HeldBytes
    {
        get
        {
            lock (gate)
            {
                return heldBytes;
            }
        }
    }

    /// <summary>The keys held, most recently used first.</summary>
    public IReadOnlyList<string> Keys
    {
        get
        {
            lock (gate)
            {
                return [.. recent.Select(e => e.Key)];
            }
        }
    }

    public (LabelledImageSet Train, LabelledImageSet Test) GetOrLoad(string key, Func<(LabelledImageSet, LabelledImageSet)> load)
    {
        LinkedListNode<Entry> node;
        lock (gate)
        {
            if (entries.TryGetValue(key, out var found))
            {
                node = found;
                recent.Remove(node);
            }
            else
            {
                node = new LinkedListNode<Entry>(new Entry(key, new Lazy<(LabelledImageSet, LabelledImageSet)>(load)));
                entries[key] = node;
            }

            recent.AddFirst(node);
        }

        (LabelledImageSet Train, LabelledImageSet Test) sets;
        try
        {
            // Decoded outside the lock, so one slow set holds up no other.
            sets = node.Value.Sets.Value;
        }
        catch
        {
            Remove(node);
            throw;
        }

        lock (gate)
        {
            // Counted once, when first decoded, and only while still held (it may have been evicted meanwhile).
            if (node.Value.Bytes == 0 && node.List is not null)
            {
                node.Value.Bytes = SizeOf(sets.Train) + SizeOf(sets.Test);
                heldBytes += node.Value.Bytes;
                EvictBeyondBudget(keep: node);
            }
        }

        return sets;
    }

    private void EvictBeyondBudget(LinkedListNode<Entry> keep)
    {
        // The set just used stays even alone over the budget: its caller holds it anyway until done.
        while (heldBytes > budgetBytes && recent.Last is { } oldest && oldest != keep)
        {
            RemoveHeld(oldest);
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        lock (gate)
        {
            if (node.List is not null)
            {
                RemoveHeld(node);
            }
        }
    }

    private void RemoveHeld(LinkedListNode<Entry> node)
    {
        recent.Remove(node);
        entries.Remove(node.Value.Key);
        heldBytes -= node.Value.Bytes;
    }

    private static long SizeOf(LabelledImageSet set) => set.Pixels.LongLength + set.Labels.LongLength;

    private sealed class Entry(string key, Lazy<(LabelledImageSet, LabelledImageSet)> sets)
    {
        public string Key { get; } = key;

        public Lazy<(LabelledImageSet, LabelledImageSet)> Sets { get; } = sets;

        /// <summary>0 until decoded.</summary>
        public long Bytes { get; set; }
    }
}
