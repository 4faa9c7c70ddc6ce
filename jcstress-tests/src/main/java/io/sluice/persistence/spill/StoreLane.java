package io.sluice.persistence.spill;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A leased Chronicle spill store raced directly, without a channel: the producer appends ids 1..{@link #MESSAGES}
 * and after each append that returned true publishes how many have; the consumer reads that count, then polls, and
 * so knows which appends had returned before its poll started. Consumer methods are called from one actor, producer
 * methods from the other, {@link #audit()} from the arbiter.
 */
abstract class StoreLane
{
    static final int MESSAGES = 4;
    static final String OK = "OK";

    /** Empty polls in a row before the consumer leaves the rest to the arbiter. */
    static final int CONSUMER_PATIENCE = 2_000;

    final String label;
    final SpillStores.Lease lease;

    /** Appends that have returned true, written by the producer after each one. */
    private final AtomicInteger published = new AtomicInteger();
    private final AtomicReference<String> violation = new AtomicReference<>();

    // consumer, then the arbiter
    private final int[] log = new int[MESSAGES + 4];
    private int taken;
    private int takenByConsumer;

    StoreLane(final String label, final SpillStores.Lease lease)
    {
        this.label = label;
        this.lease = lease;
    }

    /**
     * @return whether the store took message {@code id}.
     */
    abstract boolean append(int id);

    /**
     * Poll one message and tell the store it was delivered.
     *
     * @return its id, 0 if the store had none, -1 if it was not one the producer wrote.
     */
    abstract int pollOne();

    final void produce()
    {
        for (int id = 1; id <= MESSAGES; id++)
        {
            final boolean appended;
            try
            {
                appended = append(id);
            }
            catch (final RuntimeException ex)
            {
                violation.compareAndSet(null, "APPEND_THREW " + id + " " + ex);
                return;
            }
            if (!appended)
            {
                violation.compareAndSet(null, "APPEND_REFUSED " + id);
                return;
            }
            published.set(id);
        }
    }

    final void consume()
    {
        int idle = 0;
        while (taken < MESSAGES && idle < CONSUMER_PATIENCE)
        {
            // read before the poll starts: every append counted here returned true before it
            final int visible = published.get();
            final int id = poll();
            if (id == 0)
            {
                if (visible > taken)
                {
                    violation.compareAndSet(null, "MISSED " + (taken + 1) + " (appended " + visible + " before the " +
                        "poll began)");
                    break;
                }
                idle++;
                Thread.onSpinWait();
            }
            else
            {
                idle = 0;
            }
        }
        takenByConsumer = taken;
    }

    private int poll()
    {
        final int id;
        try
        {
            id = pollOne();
        }
        catch (final RuntimeException ex)
        {
            violation.compareAndSet(null, "POLL_THREW " + ex);
            return 0;
        }
        if (id != 0)
        {
            if (taken < log.length)
            {
                log[taken] = id;
            }
            taken++;
        }
        return id;
    }

    final int takenByConsumer()
    {
        return takenByConsumer;
    }

    /**
     * Take the rest, check that the ids came once each in append order and that the store is empty and appended
     * exactly these, and give the store back (retired unless all is well).
     */
    final String audit()
    {
        String verdict;
        try
        {
            verdict = check();
        }
        catch (final RuntimeException ex)
        {
            verdict = "ARBITER_THREW " + ex + " " + trace();
        }
        lease.release(OK.equals(verdict));
        return verdict;
    }

    private String check()
    {
        final String early = violation.get();
        if (null != early)
        {
            return early + " " + trace();
        }
        for (int i = 0; i < MESSAGES + 1 && poll() != 0; i++)
        {
            // the actors are done: everything appended is there to take
        }
        if (taken != MESSAGES)
        {
            return (taken < MESSAGES ? "LOST " : "EXTRA ") + trace();
        }
        for (int i = 0; i < MESSAGES; i++)
        {
            if (log[i] != i + 1)
            {
                return (log[i] <= 0 ? "CORRUPT " : "OUT_OF_ORDER_OR_DUPLICATE ") + trace();
            }
        }
        if (lease.pendingMessages() != 0 || lease.appendedHere() != MESSAGES || lease.refusedHere() != 0)
        {
            return "STORE_COUNTS " + trace();
        }
        return OK;
    }

    final String trace()
    {
        final StringBuilder sb = new StringBuilder("taken=");
        for (int i = 0; i < Math.min(taken, log.length); i++)
        {
            if (i == takenByConsumer)
            {
                sb.append('|');
            }
            sb.append(log[i]).append(',');
        }
        return sb.append(" published=").append(published.get())
            .append(" pending=").append(lease.pendingMessages())
            .append(" appended=").append(lease.appendedHere())
            .append(" refused=").append(lease.refusedHere())
            .toString();
    }

    /**
     * A lane over a {@link ChronicleSpillStore} of Integer ids.
     */
    static final class ObjectLane extends StoreLane
    {
        private final ChronicleSpillStore<Integer> store;

        ObjectLane(final SpillStores.ObjectLease lease)
        {
            super("object", lease);
            this.store = lease.store;
        }

        @Override
        boolean append(final int id)
        {
            return store.append(id);
        }

        @Override
        int pollOne()
        {
            final Integer message = store.poll();
            if (null == message)
            {
                return 0;
            }
            store.delivered(1);
            return message > 0 ? message : -1;
        }
    }

    /**
     * A lane over a {@link ChronicleBinarySpillStore}: 8-byte records (the id twice) with type id 7.
     */
    static final class BinaryLane extends StoreLane implements MessageHandler
    {
        private static final int TYPE_ID = 7;
        private static final int LENGTH = 8;

        private final ChronicleBinarySpillStore store;
        private final UnsafeBuffer source = new UnsafeBuffer(new byte[LENGTH]);
        private int lastRead;

        BinaryLane(final SpillStores.BinaryLease lease)
        {
            super("binary", lease);
            this.store = lease.store;
        }

        @Override
        boolean append(final int id)
        {
            source.putInt(0, id);
            source.putInt(4, id);
            return store.append(TYPE_ID, source, 0, LENGTH);
        }

        @Override
        int pollOne()
        {
            if (store.read(this, 1) == 0)
            {
                return 0;
            }
            store.delivered(1);
            return lastRead;
        }

        @Override
        public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index,
            final int length)
        {
            lastRead = decode(typeId, buffer, index, length);
        }

        private static int decode(final int typeId, final DirectBuffer buffer, final int index, final int length)
        {
            if (typeId != TYPE_ID || length != LENGTH || buffer.getInt(index) != buffer.getInt(index + 4) ||
                buffer.getInt(index) <= 0)
            {
                return -1;
            }
            return buffer.getInt(index);
        }
    }
}
