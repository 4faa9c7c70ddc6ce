package io.sluice.runtime.graph;

import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.overflow.InMemoryBinarySpillStore;
import io.sluice.queues.overflow.InMemorySpillStore;
import io.sluice.queues.overflow.OverflowPolicy;
import io.sluice.runtime.agent.ThreadingMode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A SPILL edge whose store fills (fallback {@code FAIL_FAST}) pushes back like a {@code BLOCK} edge: the producing
 * stage holds what the store refused, the edges upstream fill, the source is throttled, and nothing is lost or
 * reordered. The refusals are counted, once per drain of the store to half, not once per duty cycle. Driven by the
 * invoker, one duty cycle of every agent per step, so the sink is slower only by taking one message per cycle.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpillPropagationTest
{
    private static final int MESSAGES = 20_000;
    private static final int CAPACITY = 16;
    private static final int STORE = 64;

    @Test
    void shouldPushBackThroughTheGraphWhenTheSpillStoreIsFull()
    {
        final long[] next = {1};
        final long[] lastSunk = {0};
        final long[] outOfOrder = {0};
        final GraphBuilder builder = GraphBuilder.graph("spill-propagation");
        builder.source("src", (Outbox<Long> out, int limit) ->
        {
            if (next[0] > MESSAGES)
            {
                return SourceHandler.END_OF_STREAM;
            }
            int emitted = 0;
            while (emitted < limit && next[0] <= MESSAGES)
            {
                out.emit(next[0]++);
                emitted++;
            }
            return emitted;
        }).batch(CAPACITY);
        builder.stage("mid", (Long m, Outbox<Long> out) -> out.emit(m)).batch(CAPACITY);
        builder.sink("sink", (Long m) ->
        {
            if (m != lastSunk[0] + 1)
            {
                outOfOrder[0]++;
            }
            lastSunk[0] = m;
        }).batch(1);
        builder.edge("src->mid", "src", "mid").capacity(CAPACITY);
        builder.edge("mid->sink", "mid", "sink").capacity(CAPACITY).policy(OverflowPolicy.SPILL)
            .spillStore(new InMemorySpillStore<>(STORE));
        final Graph graph = builder.threading(ThreadingMode.INVOKER).build();
        graph.start();

        final ChannelCounters upstream = new ChannelCounters();
        final ChannelCounters spill = new ChannelCounters();
        long maxPending = 0;
        boolean sourceHeld = false;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!graph.isDone())
        {
            graph.invoker().invoke();
            graph.edgeCounters("mid->sink", spill);
            graph.edgeCounters("src->mid", upstream);
            maxPending = Math.max(maxPending, spill.spilledPending());
            sourceHeld |= upstream.depth() == CAPACITY && spill.spilledPending() > 0;
            assertTrue(System.nanoTime() < deadline, "not done by the deadline: " + spill);
        }
        graph.close();

        assertEquals(MESSAGES, lastSunk[0], "the sink's last message");
        assertEquals(0, outOfOrder[0], "messages out of order");
        graph.edgeCounters("mid->sink", spill);
        graph.edgeCounters("src->mid", upstream);
        assertTrue(spill.isConserved(), spill.toString());
        assertTrue(upstream.isConserved(), upstream.toString());
        assertEquals(MESSAGES, spill.delivered(), spill.toString());
        assertEquals(MESSAGES, upstream.delivered(), upstream.toString());
        assertTrue(spill.spilled() > 0, "the store was used: " + spill);
        assertTrue(maxPending <= STORE, "the store held " + maxPending);
        assertTrue(spill.rejected() > 0, "the store refused: " + spill);
        assertEquals(spill.rejected(), spill.spillRefused(), spill.toString());
        assertEquals(MESSAGES + spill.rejected(), spill.offered(), "each refusal was offered again: " + spill);
        // at most one refusal per drain of the store to half: the store takes at least STORE/2 between refusals
        assertTrue(spill.rejected() <= MESSAGES / (STORE / 2) + 1, "refusals " + spill.rejected());
        assertTrue(sourceHeld, "the edge upstream of the full store filled");
        assertTrue(upstream.unwritableCount() > 0, "the source was pushed back: " + upstream);
        assertEquals(0, upstream.rejected() + upstream.droppedNewest() + upstream.droppedOldest(), upstream.toString());
    }

    @Test
    void shouldPushBackABinaryStageWhenTheSpillStoreIsFull()
    {
        final long[] next = {1};
        final long[] lastSunk = {0};
        final long[] outOfOrder = {0};
        final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(Long.BYTES));
        final GraphBuilder builder = GraphBuilder.graph("binary-spill-propagation");
        builder.binarySource("src", (out, limit) ->
        {
            if (next[0] > MESSAGES)
            {
                return SourceHandler.END_OF_STREAM;
            }
            int emitted = 0;
            while (emitted < limit && next[0] <= MESSAGES)
            {
                scratch.putLong(0, next[0]++);
                out.emit(1, scratch, 0, Long.BYTES);
                emitted++;
            }
            return emitted;
        }).batch(CAPACITY);
        builder.binaryStage("mid", (typeId, buffer, offset, length, out) -> out.emit(typeId, buffer, offset, length))
            .batch(CAPACITY);
        builder.binarySink("sink", (typeId, buffer, offset, length) ->
        {
            final long m = buffer.getLong(offset);
            if (m != lastSunk[0] + 1)
            {
                outOfOrder[0]++;
            }
            lastSunk[0] = m;
        }).batch(1);
        builder.edge("src->mid", "src", "mid").kind(ChannelKind.BINARY_SPSC).capacity(1024);
        builder.edge("mid->sink", "mid", "sink").kind(ChannelKind.BINARY_SPSC).capacity(1024)
            .policy(OverflowPolicy.SPILL).binarySpillStore(new InMemoryBinarySpillStore(1024));
        final Graph graph = builder.threading(ThreadingMode.INVOKER).build();
        graph.start();
        final ChannelCounters spill = new ChannelCounters();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!graph.isDone())
        {
            graph.invoker().invoke();
            assertTrue(System.nanoTime() < deadline, "not done by the deadline: " + graph.edgeCounters("mid->sink",
                spill));
        }
        graph.close();
        assertEquals(MESSAGES, lastSunk[0], "the sink's last message");
        assertEquals(0, outOfOrder[0], "messages out of order");
        graph.edgeCounters("mid->sink", spill);
        assertTrue(spill.isConserved(), spill.toString());
        assertEquals(MESSAGES, spill.delivered(), spill.toString());
        assertTrue(spill.spilled() > 0 && spill.rejected() > 0, spill.toString());
        assertEquals(MESSAGES + spill.rejected(), spill.offered(), spill.toString());
        assertFalse(spill.rejected() > MESSAGES / (STORE / 2) + 1, "refusals " + spill.rejected());
    }
}
