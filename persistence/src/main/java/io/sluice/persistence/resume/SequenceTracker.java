package io.sluice.persistence.resume;

/**
 * The sink side of the resume pattern: tells first deliveries from repeats by sequence number, and keeps the
 * watermark below which every sequence number has been seen, ready for a {@link SequenceCheckpoint}.
 * <p>
 * After a restart the same sequence number can arrive twice: once from the spill store (spilled, not acknowledged)
 * and once from the source replaying from the checkpoint. Sequence numbers may also arrive out of order: recovered
 * spill first, then the replay from below it. The tracker keeps a bitmap of the sequence numbers seen above the
 * watermark, a window of fixed size allocated once, and acts as the dedup window of the resume pattern: a repeat is
 * reported so the sink can skip it.
 * <p>
 * <b>Note:</b> not thread-safe; the sink's thread only. No allocation after construction.
 */
public final class SequenceTracker
{
    private final long[] bits;
    private final long windowMask;
    private final int window;
    private long watermark;
    private long highest;
    private long firsts;
    private long repeats;

    /**
     * Start above a durable watermark.
     *
     * @param acknowledgedThrough every sequence number up to and including this was handled before (a checkpoint's
     *                            {@link SequenceCheckpoint#acknowledged()}), 0 for none; sequence numbers start at 1.
     * @param window              how far above the watermark a sequence number may arrive: more than the messages
     *                            that can be in flight and spilled at once; a power of two from 64 to 2^30.
     */
    public SequenceTracker(final long acknowledgedThrough, final int window)
    {
        if (window < 64 || window > (1 << 30) || Integer.bitCount(window) != 1)
        {
            throw new IllegalArgumentException(
                "sequence tracker: window=" + window + " is not allowed; allowed a power of two from 64 to 2^30");
        }
        if (acknowledgedThrough < 0)
        {
            throw new IllegalArgumentException("sequence tracker: acknowledgedThrough=" + acknowledgedThrough +
                " is not allowed; allowed 0.." + Long.MAX_VALUE);
        }
        this.window = window;
        this.windowMask = window - 1;
        this.bits = new long[window >>> 6];
        this.watermark = acknowledgedThrough;
        this.highest = acknowledgedThrough;
    }

    /**
     * Record a sequence number.
     *
     * @param sequence at least 1.
     * @return true the first time it is seen; false for a repeat (at or below the watermark, or seen above it).
     * @throws IllegalStateException if it is beyond the window above the watermark (the window is too small).
     */
    public boolean onSequence(final long sequence)
    {
        if (sequence <= watermark)
        {
            repeats++;
            return false;
        }
        if (sequence - watermark > window)
        {
            throw new IllegalStateException("sequence tracker: sequence=" + sequence + " is more than window=" +
                window + " above the watermark " + watermark + "; use a larger window");
        }
        final int slot = (int)(sequence & windowMask);
        final long bit = 1L << slot;
        final int word = slot >>> 6;
        if ((bits[word] & bit) != 0)
        {
            repeats++;
            return false;
        }
        bits[word] |= bit;
        firsts++;
        highest = Math.max(highest, sequence);
        advance();
        return true;
    }

    private void advance()
    {
        while (true)
        {
            final long next = watermark + 1;
            final int slot = (int)(next & windowMask);
            final long bit = 1L << slot;
            final int word = slot >>> 6;
            if ((bits[word] & bit) == 0)
            {
                return;
            }
            bits[word] &= ~bit;
            watermark = next;
        }
    }

    /**
     * Every sequence number up to and including this has been seen: what to acknowledge.
     *
     * @return the contiguous watermark.
     */
    public long watermark()
    {
        return watermark;
    }

    /**
     * The highest sequence number seen.
     *
     * @return highest, or the starting watermark if none.
     */
    public long highest()
    {
        return highest;
    }

    /**
     * Sequence numbers seen for the first time.
     *
     * @return count.
     */
    public long firsts()
    {
        return firsts;
    }

    /**
     * Repeats reported (and so removed by the caller).
     *
     * @return count.
     */
    public long repeats()
    {
        return repeats;
    }
}
