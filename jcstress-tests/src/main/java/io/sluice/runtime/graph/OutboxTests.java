package io.sluice.runtime.graph;

import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.overflow.OverflowPolicy;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

import java.util.concurrent.TimeUnit;

/**
 * The counts of an {@link ObjectOutbox} and a {@link BinaryStageOutbox} ({@link StageOutbox}) read from another
 * thread while the owner holds and flushes. The owner emits four messages into an edge of high water mark 2: two go,
 * two are held; it publishes, drains the edge (as its consumer) and flushes the held two, and publishes again. An
 * observer reads {@code emittedSnapshot()} and {@code heldSnapshot()}: each is a value the owner wrote (opaque
 * stores, never torn): emitted 0, 2 or 4, held 0, 1 or 2, never negative or more than was held.
 */
public final class OutboxTests
{
    private OutboxTests()
    {
    }

    static Edge edge(final ChannelKind kind)
    {
        final ChannelBuilder<Object> channel = ChannelBuilder.channel("e").kind(kind).capacity(4).highWaterMark(2)
            .lowWaterMark(1).policy(OverflowPolicy.BLOCK).blockTimeout(1, TimeUnit.SECONDS);
        final boolean binary = kind == ChannelKind.BINARY_SPSC || kind == ChannelKind.BINARY_MPSC;
        return new Edge(binary ? channel.maxMessageLength(8).buildBinaryChannel() : channel.buildObjectChannel(),
            new String[]{"owner"}, "consumer", 0, null);
    }

    /**
     * Object outbox. Result: emitted, then held, as the observer read them.
     */
    @JCStressTest
    @Outcome(id = "[024], [0-2]", expect = Expect.ACCEPTABLE, desc = "Values the owner wrote.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A count the owner never wrote: torn, negative or out of range.")
    @State
    public static class ObjectCounts
    {
        final Edge edge = edge(ChannelKind.OBJECT_SPSC);
        final ObjectOutbox outbox = new ObjectOutbox("owner", new Edge[]{edge}, null, 4);
        final Integer message = 7;

        @Actor
        public void owner()
        {
            for (int i = 0; i < 4; i++)
            {
                outbox.emit(message);
            }
            outbox.publish();
            edge.objectChannel.drain((m) ->
            {
            }, 4);
            outbox.flush();
            outbox.publish();
        }

        @Actor
        public void observer(final JJ_Result r)
        {
            r.r1 = outbox.emittedSnapshot();
            r.r2 = outbox.heldSnapshot();
        }
    }

    /**
     * Binary outbox. Result: emitted, then held, as the observer read them.
     */
    @JCStressTest
    @Outcome(id = "[024], [0-2]", expect = Expect.ACCEPTABLE, desc = "Values the owner wrote.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A count the owner never wrote: torn, negative or out of range.")
    @State
    public static class BinaryCounts
    {
        final Edge edge = edge(ChannelKind.BINARY_SPSC);
        final BinaryStageOutbox outbox = new BinaryStageOutbox("owner", new Edge[]{edge}, null, 4);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);

        @Actor
        public void owner()
        {
            for (int i = 0; i < 4; i++)
            {
                outbox.emit(1, message, 0, 8);
            }
            outbox.publish();
            edge.binaryChannel.drain((typeId, buffer, offset, length) ->
            {
            }, 4);
            outbox.flush();
            outbox.publish();
        }

        @Actor
        public void observer(final JJ_Result r)
        {
            r.r1 = outbox.emittedSnapshot();
            r.r2 = outbox.heldSnapshot();
        }
    }
}
