package io.sluice.jmh.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The work of the three stages, shared by the Sluice graph and the hand-wired pipeline so that both do exactly the
 * same thing per message: the source hands out preallocated messages, the middle stage adds each to a checksum and
 * passes it on, the sink checks that it is the message expected next and counts it. Nothing here allocates.
 * <p>
 * Each stage writes its state on every message, from its own thread in the thread-per-agent modes. The state lives
 * in the middle of a {@code long[]} of its own, {@link #PAD} longs from either end, so that no two stages' state
 * (nor anything else) shares a cache line: false sharing would slow the Sluice and hand-wired variants alike and
 * blur the comparison.
 */
final class StageWork
{
    /**
     * Number of distinct preallocated messages the source cycles through (a power of two).
     */
    static final int POOL_SIZE = 1024;

    /**
     * Longs of padding on each side of a stage's state: 128 bytes, two cache lines (adjacent-line prefetch).
     */
    static final int PAD = 16;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private StageWork()
    {
    }

    /**
     * The preallocated messages: {@code Integer}s 0..{@link #POOL_SIZE}-1, made once. The message with sequence
     * number {@code n} is {@code pool[n & mask]}.
     *
     * @return a new pool.
     */
    static Integer[] newPool()
    {
        final Integer[] pool = new Integer[POOL_SIZE];
        for (int i = 0; i < POOL_SIZE; i++)
        {
            pool[i] = i;
        }
        return pool;
    }

    private static long[] paddedState(final int slots)
    {
        return new long[PAD + slots + PAD];
    }

    /**
     * The source's work: hand out the next message. Source thread only; read the count once the pipeline stopped.
     */
    static final class Source
    {
        private static final int EMITTED = PAD;

        private final Integer[] pool;
        private final int mask;
        private final long[] state = paddedState(1);

        Source(final Integer[] pool)
        {
            this.pool = pool;
            this.mask = pool.length - 1;
        }

        Integer next()
        {
            final long[] state = this.state;
            final long emitted = state[EMITTED];
            state[EMITTED] = emitted + 1;
            return pool[(int)(emitted & mask)];
        }

        long emitted()
        {
            return state[EMITTED];
        }
    }

    /**
     * The middle stage's work: add the message to a checksum and pass it on. Middle stage thread only.
     */
    static final class Middle
    {
        private static final int CHECKSUM = PAD;
        private static final int PASSED = PAD + 1;

        private final long[] state = paddedState(2);

        Integer apply(final Integer message)
        {
            final long[] state = this.state;
            state[CHECKSUM] += message.intValue();
            state[PASSED]++;
            return message;
        }

        long checksum()
        {
            return state[CHECKSUM];
        }

        long passed()
        {
            return state[PASSED];
        }
    }

    /**
     * The sink's work: check the message is the one expected next (so loss, duplication and reordering are caught)
     * and count it. The count is written by the sink thread only and read by the benchmark thread.
     */
    static final class Sink
    {
        private static final int DELIVERED = PAD;
        private static final int OUT_OF_ORDER = PAD + 1;

        private final Integer[] pool;
        private final int mask;
        private final long[] state = paddedState(2);

        Sink(final Integer[] pool)
        {
            this.pool = pool;
            this.mask = pool.length - 1;
        }

        void accept(final Integer message)
        {
            final long[] state = this.state;
            final long count = state[DELIVERED];
            if (message != pool[(int)(count & mask)])
            {
                state[OUT_OF_ORDER]++;
            }
            // opaque: a plain store the JIT may not defer, read once a millisecond by the benchmark thread
            SLOT.setOpaque(state, DELIVERED, count + 1);
        }

        /**
         * Messages delivered so far (any thread).
         */
        long delivered()
        {
            return (long)SLOT.getOpaque(state, DELIVERED);
        }

        long outOfOrder()
        {
            return state[OUT_OF_ORDER];
        }
    }

    /**
     * The checksum the middle stage must have after passing the first {@code count} messages of the pool's cycle.
     */
    static long expectedChecksum(final long count)
    {
        final long cycleSum = (long)POOL_SIZE * (POOL_SIZE - 1) / 2;
        final long rest = count % POOL_SIZE;
        return (count / POOL_SIZE) * cycleSum + rest * (rest - 1) / 2;
    }
}
