package io.sluice.runtime.graph;

import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.OfferResult;
import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.failure.InMemoryBinaryDeadLetterSink;
import io.sluice.runtime.failure.RetryPolicy;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Binary stages: claims straight into the edge's ring, copies, held emits, retries of copied messages, routing,
 * dedup and dead letters.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BinaryGraphTest
{
    private static final int TYPE = 7;

    private final CachedNanoClock clock = new CachedNanoClock();

    private static BinarySourceHandler longs(final long[] values)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        final int[] next = {0};
        return (out, limit) ->
        {
            if (next[0] == values.length)
            {
                return SourceHandler.END_OF_STREAM;
            }
            int n = 0;
            while (n < limit && next[0] < values.length)
            {
                buffer.putLong(0, values[next[0]]);
                if (out.emit(TYPE, buffer, 0, 8) != OfferResult.ACCEPTED)
                {
                    break;
                }
                next[0]++;
                n++;
            }
            return n;
        };
    }

    private static long[] upTo(final int n)
    {
        final long[] values = new long[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = i;
        }
        return values;
    }

    private void run(final Graph graph)
    {
        graph.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!graph.isDone())
        {
            graph.invoker().invoke();
            clock.advance(TimeUnit.MILLISECONDS.toNanos(1));
            assertTrue(System.nanoTime() < deadline, "graph did not finish");
        }
        assertTrue(graph.close(1, TimeUnit.SECONDS).drained());
    }

    @Test
    void shouldClaimIntoTheRingAndDeliverInOrder()
    {
        final List<Long> sunk = new ArrayList<>();
        final GraphBuilder g = GraphBuilder.graph("binary");
        g.binarySource("src", longs(upTo(1000)));
        g.binaryStage("square", (typeId, buffer, offset, length, out) ->
        {
            final long value = buffer.getLong(offset);
            if (out.claim(0, typeId, 16) == OfferResult.ACCEPTED)
            {
                out.claimBuffer().putLong(out.claimOffset(), value);
                out.claimBuffer().putLong(out.claimOffset() + 8, value * value);
                out.commit();
            }
        });
        g.binarySink("sink", (typeId, buffer, offset, length) ->
        {
            assertEquals(TYPE, typeId);
            assertEquals(16, length);
            assertEquals(buffer.getLong(offset) * buffer.getLong(offset), buffer.getLong(offset + 8));
            sunk.add(buffer.getLong(offset));
        });
        g.edge("in", "src", "square").kind(ChannelKind.BINARY_SPSC).capacity(32).highWaterMark(16).lowWaterMark(4)
            .maxMessageLength(8);
        g.edge("out", "square", "sink").kind(ChannelKind.BINARY_SPSC).capacity(32).highWaterMark(16).lowWaterMark(4)
            .maxMessageLength(16);
        final Graph graph = g.threading(ThreadingMode.INVOKER).build();
        run(graph);
        assertEquals(1000, sunk.size());
        for (int i = 0; i < 1000; i++)
        {
            assertEquals(i, sunk.get(i));
        }
        final ChannelCounters counters = graph.edgeCounters("out", new ChannelCounters());
        assertEquals(1000, counters.delivered());
        assertTrue(counters.isConserved(), counters.toString());
    }

    @Test
    void shouldHoldEmitsThatDoNotFitAndSendThemInOrder()
    {
        final List<Long> sunk = new ArrayList<>();
        final GraphBuilder g = GraphBuilder.graph("held");
        g.binarySource("src", longs(upTo(100)));
        // three emits per input into an edge of high water mark 4: most cycles end with emits held in the outbox
        g.binaryStage("triple", (typeId, buffer, offset, length, out) ->
        {
            for (int i = 0; i < 3; i++)
            {
                assertEquals(OfferResult.ACCEPTED, out.emit(typeId, buffer, offset, length));
            }
        }).batch(2);
        g.binarySink("sink", (typeId, buffer, offset, length) -> sunk.add(buffer.getLong(offset))).batch(1);
        g.edge("in", "src", "triple").kind(ChannelKind.BINARY_SPSC).maxMessageLength(8);
        g.edge("out", "triple", "sink").kind(ChannelKind.BINARY_SPSC).capacity(8).highWaterMark(4).lowWaterMark(1)
            .maxMessageLength(8);
        run(g.threading(ThreadingMode.INVOKER).build());
        assertEquals(300, sunk.size());
        for (int i = 0; i < 300; i++)
        {
            assertEquals(i / 3, sunk.get(i));
        }
    }

    @Test
    void shouldRetryACopyOfTheMessageThenDeadLetterIt()
    {
        final List<Long> sunk = new ArrayList<>();
        final InMemoryBinaryDeadLetterSink dead = new InMemoryBinaryDeadLetterSink(8);
        final int[] attemptsOn5 = {0};
        final GraphBuilder g = GraphBuilder.graph("binary-retry");
        g.binarySource("src", longs(upTo(10)));
        g.binarySink("sink", (typeId, buffer, offset, length) ->
        {
            final long value = buffer.getLong(offset);
            if (value == 5)
            {
                attemptsOn5[0]++;
                throw new IllegalStateException("five");
            }
            sunk.add(value);
        }).retry(RetryPolicy.fixed(4, 2, TimeUnit.MILLISECONDS)).deadLetters(dead);
        g.edge("in", "src", "sink").kind(ChannelKind.BINARY_SPSC).maxMessageLength(8);
        final Graph graph = g.threading(ThreadingMode.INVOKER).clocks(clock, () -> 0L).errorHandler((t) ->
        {
        }).build();
        run(graph);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L), sunk);
        assertEquals(4, attemptsOn5[0]);
        assertEquals(1, dead.size());
        assertEquals(5L, new UnsafeBuffer(dead.letters().get(0).bytes()).getLong(0),
            "the dead letter carries the bytes");
        assertEquals(4, dead.letters().get(0).attempts());
        assertEquals("in", dead.letters().get(0).edge());
        assertEquals("sink", dead.letters().get(0).stage());
        final StageCounters counters = graph.stageCounters("sink", new StageCounters());
        assertEquals(3, counters.retries());
        assertTrue(counters.isConserved(), counters.toString());
    }

    @Test
    void shouldRouteAndDedupByKey()
    {
        final List<Long> even = new ArrayList<>();
        final List<Long> odd = new ArrayList<>();
        final GraphBuilder g = GraphBuilder.graph("binary-route");
        g.binarySource("src", longs(new long[]{1, 2, 2, 3, 4, 1, 5, 6}));
        g.binaryStage("dedup", (typeId, buffer, offset, length, out) -> out.emit(typeId, buffer, offset, length))
            .dedup((typeId, buffer, offset, length) -> buffer.getLong(offset), 64)
            .route((typeId, buffer, offset, length) -> buffer.getLong(offset));
        g.binarySink("even", (typeId, buffer, offset, length) -> even.add(buffer.getLong(offset)));
        g.binarySink("odd", (typeId, buffer, offset, length) -> odd.add(buffer.getLong(offset)));
        g.edge("in", "src", "dedup").kind(ChannelKind.BINARY_SPSC).maxMessageLength(8);
        g.edge("to-even", "dedup", "even").kind(ChannelKind.BINARY_SPSC).maxMessageLength(8);
        g.edge("to-odd", "dedup", "odd").kind(ChannelKind.BINARY_SPSC).maxMessageLength(8);
        final Graph graph = g.threading(ThreadingMode.INVOKER).build();
        run(graph);
        assertEquals(List.of(2L, 4L, 6L), even);
        assertEquals(List.of(1L, 3L, 5L), odd);
        assertEquals(2, graph.stageCounters("dedup", new StageCounters()).duplicates());
    }

    @Test
    void shouldBroadcastAClaimToEveryEdge()
    {
        final List<Long> left = new ArrayList<>();
        final List<Long> right = new ArrayList<>();
        final GraphBuilder g = GraphBuilder.graph("binary-broadcast");
        final long[] next = {0};
        g.binarySource("src", (out, limit) ->
        {
            if (next[0] == 50)
            {
                return SourceHandler.END_OF_STREAM;
            }
            assertEquals(OfferResult.ACCEPTED, out.claim(0, TYPE, 8));
            out.claimBuffer().putLong(out.claimOffset(), next[0]++);
            assertEquals(OfferResult.ACCEPTED, out.commit());
            return 1;
        });
        g.binarySink("left", (typeId, buffer, offset, length) -> left.add(buffer.getLong(offset)));
        g.binarySink("right", (typeId, buffer, offset, length) -> right.add(buffer.getLong(offset)));
        g.edge("l", "src", "left").kind(ChannelKind.BINARY_SPSC).maxMessageLength(8);
        g.edge("r", "src", "right").kind(ChannelKind.BINARY_MPSC).maxMessageLength(8);
        run(g.threading(ThreadingMode.INVOKER).build());
        assertEquals(50, left.size());
        assertEquals(left, right);
    }
}
