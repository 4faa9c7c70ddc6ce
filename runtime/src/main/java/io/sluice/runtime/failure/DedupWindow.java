package io.sluice.runtime.failure;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Remembers the last {@code capacity} distinct message ids so that a message replayed or retried after it was
 * delivered is recognised and delivered once. {@link #tryAccept(long)} remembers a new id, evicting the oldest
 * remembered one (first in, first out) when the window is full, and refuses an id still in the window. An id
 * refused as a duplicate is not remembered again, so it does not move in the eviction order. Every {@code long} is
 * a valid id, 0 and {@link Long#MIN_VALUE} included.
 * <p>
 * Allocation-free after construction: the ids are kept twice, in a preallocated ring in acceptance order (for
 * eviction) and in an open-addressing hash table of a power-of-two length at least {@code 2 * capacity} (load factor
 * at most 0.5) with linear probing and backward-shift deletion, so lookups stay short and no tombstones build up.
 * The table uses 0 for an empty slot and keeps id 0 in a separate flag. Memory is 24 to 40 bytes per id of capacity.
 * <p>
 * <b>Note:</b> {@link #tryAccept(long)}, {@link #contains(long)}, {@link #size()} and {@link #clear()} are for one
 * owner thread only. {@link #accepted()}, {@link #duplicates()} and {@link #capacity()} may be read from any thread:
 * the owner publishes the counters with release stores, read with acquire loads, so each reader sees them
 * monotonic and untorn; the owner increments {@code accepted} after the id is remembered and {@code duplicates}
 * after the lookup that refused it.
 */
public final class DedupWindow
{
    /**
     * Largest capacity: the window then takes about 1.5 GiB.
     */
    public static final int MAX_CAPACITY = 1 << 26;

    private static final long GOLDEN_RATIO_64 = 0x9E3779B97F4A7C15L;
    private static final VarHandle ACCEPTED;
    private static final VarHandle DUPLICATES;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            ACCEPTED = lookup.findVarHandle(DedupWindow.class, "accepted", long.class);
            DUPLICATES = lookup.findVarHandle(DedupWindow.class, "duplicates", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final int capacity;
    private final long[] fifo;
    private final long[] table;
    private final int mask;
    private final int shift;
    private int head;
    private int size;
    private boolean containsZero;

    // written by the owner only (plain reads there), release stores; read by any thread with acquire loads
    private long accepted;
    private long duplicates;

    /**
     * Create an empty window.
     *
     * @param capacity number of distinct ids remembered, 1..{@link #MAX_CAPACITY}.
     * @throws IllegalArgumentException naming {@code dedupWindow}, the value and the allowed range.
     */
    public DedupWindow(final int capacity)
    {
        if (capacity < 1 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException(
                "dedupWindow=" + capacity + " is not allowed; allowed 1.." + MAX_CAPACITY);
        }

        this.capacity = capacity;
        fifo = new long[capacity];
        // power of two >= 2 * capacity keeps the load factor <= 0.5; at least 2 so that shift stays below 64
        final int tableLength = Math.max(2, Integer.highestOneBit(capacity * 2 - 1) << 1);
        table = new long[tableLength];
        mask = tableLength - 1;
        shift = Long.SIZE - Integer.numberOfTrailingZeros(tableLength);
    }

    /**
     * Accept an id not in the window and remember it, evicting the oldest remembered id if the window is full; or
     * refuse an id in the window and count a duplicate. Owner thread only; does not allocate.
     *
     * @param id of the message.
     * @return true if the id was new (deliver the message), false if it is a duplicate (drop it).
     */
    public boolean tryAccept(final long id)
    {
        if (contains(id))
        {
            // single writer: a release store of a plain-read value is an increment without a read-modify-write
            DUPLICATES.setRelease(this, duplicates + 1);
            return false;
        }

        final long[] fifo = this.fifo;
        final int capacity = this.capacity;
        if (size == capacity)
        {
            remove(fifo[head]);
            head = head + 1 == capacity ? 0 : head + 1;
            size--;
        }

        int tail = head + size;
        if (tail >= capacity)
        {
            tail -= capacity;
        }
        fifo[tail] = id;
        size++;
        insert(id);

        // after the id is in the window
        ACCEPTED.setRelease(this, accepted + 1);
        return true;
    }

    /**
     * Whether the id is in the window. Owner thread only; does not allocate.
     *
     * @param id of a message.
     * @return true if {@link #tryAccept(long)} would refuse it.
     */
    public boolean contains(final long id)
    {
        if (0 == id)
        {
            return containsZero;
        }

        final long[] table = this.table;
        final int mask = this.mask;
        int index = slot(id);
        long key;
        // the load factor <= 0.5 guarantees an empty slot, which ends every probe sequence
        while (0 != (key = table[index]))
        {
            if (key == id)
            {
                return true;
            }
            index = (index + 1) & mask;
        }

        return false;
    }

    /**
     * Ids remembered now. Owner thread only.
     *
     * @return 0..{@link #capacity()}.
     */
    public int size()
    {
        return size;
    }

    /**
     * Ids remembered at most. Any thread.
     *
     * @return the capacity given to the constructor.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * Forget every id; the counters are kept. Owner thread only; takes time proportional to the capacity.
     */
    public void clear()
    {
        Arrays.fill(table, 0L);
        containsZero = false;
        head = 0;
        size = 0;
    }

    /**
     * Calls of {@link #tryAccept(long)} that returned true. Any thread.
     *
     * @return ids accepted.
     */
    public long accepted()
    {
        return (long)ACCEPTED.getAcquire(this);
    }

    /**
     * Calls of {@link #tryAccept(long)} that returned false. Any thread.
     *
     * @return duplicates refused.
     */
    public long duplicates()
    {
        return (long)DUPLICATES.getAcquire(this);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "DedupWindow{capacity=" + capacity + ", accepted=" + accepted() + ", duplicates=" + duplicates() + "}";
    }

    private int slot(final long id)
    {
        // Fibonacci hashing: the top bits of the product mix every bit of the id
        return (int)((id * GOLDEN_RATIO_64) >>> shift);
    }

    private void insert(final long id)
    {
        if (0 == id)
        {
            containsZero = true;
            return;
        }

        final long[] table = this.table;
        final int mask = this.mask;
        int index = slot(id);
        while (0 != table[index])
        {
            index = (index + 1) & mask;
        }
        table[index] = id;
    }

    private void remove(final long id)
    {
        if (0 == id)
        {
            containsZero = false;
            return;
        }

        final long[] table = this.table;
        final int mask = this.mask;
        int hole = slot(id);
        while (id != table[hole])
        {
            hole = (hole + 1) & mask;
        }

        // backward shift: pull later entries of the cluster into the hole unless that would put them before their
        // home slot, so that every id stays reachable from its home slot without tombstones
        int index = (hole + 1) & mask;
        long key;
        while (0 != (key = table[index]))
        {
            final int home = slot(key);
            if (((index - home) & mask) >= ((index - hole) & mask))
            {
                table[hole] = key;
                hole = index;
            }
            index = (index + 1) & mask;
        }
        table[hole] = 0L;
    }
}
