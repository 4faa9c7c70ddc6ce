package io.sluice.runtime.graph;

import io.sluice.queues.channel.ChannelCounters;
import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.failure.BreakerOpenAction;
import io.sluice.runtime.failure.CircuitBreaker;
import io.sluice.runtime.failure.CircuitBreakerState;
import io.sluice.runtime.failure.DeadLetterReason;
import io.sluice.runtime.failure.DistinctErrorHandler;
import io.sluice.runtime.failure.InMemoryDeadLetterSink;
import io.sluice.runtime.failure.RetryPolicy;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retries, dead letters, circuit breakers, dedup and error de-duplication inside a graph, driven by the test's own
 * invoker loop and a controllable clock, so every step is deterministic.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GraphFailureTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long EPOCH_START_NS = 1_700_000_000_000_000_000L;

    private final CachedNanoClock clock = new CachedNanoClock();
    private final List<Integer> sunk = new ArrayList<>();
    private final List<Integer> handled = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();
    private long epochNs = EPOCH_START_NS;

    /**
     * source (the given ids) -> work (fails while the predicate says so) -> sink
     */
    private Graph pipeline(
        final int[] ids, final IntPredicate fails, final java.util.function.Consumer<StageSpec<Integer, Integer>> work)
    {
        final GraphBuilder builder = GraphBuilder.graph("failures");
        final int[] next = {0};
        builder.source("src", (Outbox<Integer> out, int limit) ->
        {
            if (next[0] == ids.length)
            {
                return SourceHandler.END_OF_STREAM;
            }
            out.emit(ids[next[0]++]);
            return 1;
        });
        final StageSpec<Integer, Integer> spec = builder.stage("work", (Integer m, Outbox<Integer> out) ->
        {
            handled.add(m);
            if (fails.test(m))
            {
                throw new IllegalStateException("cannot handle " + m);
            }
            out.emit(m);
        });
        work.accept(spec);
        builder.sink("sink", (Integer m) -> sunk.add(m));
        builder.edge("src->work", "src", "work").capacity(8).highWaterMark(4).lowWaterMark(2);
        builder.edge("work->sink", "work", "sink").capacity(8).highWaterMark(4).lowWaterMark(2);
        final Graph graph = builder.threading(ThreadingMode.INVOKER).clocks(clock, () -> epochNs)
            .errorHandler(errors::add).build();
        graph.start();
        return graph;
    }

    private static void cycles(final Graph graph, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            graph.invoker().invoke();
        }
    }

    private static StageCounters stage(final Graph graph, final String name)
    {
        return graph.stageCounters(name, new StageCounters());
    }

    @Test
    void shouldRetryHeadOfLineThenDeadLetterAfterTheLastAttempt()
    {
        final InMemoryDeadLetterSink<Integer> dead = new InMemoryDeadLetterSink<>(16);
        final Graph graph = pipeline(new int[]{1, 2, 3, 4, 5}, (m) -> m == 3,
            (spec) -> spec.retry(RetryPolicy.fixed(3, 10, TimeUnit.MILLISECONDS)).deadLetters(dead));

        cycles(graph, 20);
        assertEquals(List.of(1, 2), sunk, "4 and 5 wait behind 3: head of line keeps edge order");
        assertEquals(List.of(1, 2, 3), handled);
        assertEquals(1, stage(graph, "work").retrying());

        clock.advance(10 * MS - 1);
        epochNs += 10 * MS;
        cycles(graph, 5);
        assertEquals(List.of(1, 2, 3), handled, "no retry before its delay");

        clock.advance(1);
        cycles(graph, 5);
        assertEquals(List.of(1, 2, 3, 3), handled, "second attempt");
        clock.advance(10 * MS);
        epochNs += 10 * MS;
        cycles(graph, 20);
        assertEquals(List.of(1, 2, 3, 3, 3, 4, 5), handled, "third and last attempt, then the rest");
        assertEquals(List.of(1, 2, 4, 5), sunk);

        assertEquals(1, dead.size());
        final InMemoryDeadLetterSink.Entry<Integer> letter = dead.letters().get(0);
        assertEquals("work", letter.stage());
        assertEquals("src->work", letter.edge(), "the edge the held message came from, kept across retries");
        assertEquals(3, letter.message());
        assertEquals(3, letter.attempts());
        assertEquals(DeadLetterReason.RETRIES_EXHAUSTED, letter.reason());
        assertEquals("cannot handle 3", letter.cause().getMessage());
        assertEquals(EPOCH_START_NS, letter.firstAttemptEpochNanos());
        assertEquals(EPOCH_START_NS + 20 * MS, letter.lastAttemptEpochNanos());
        assertEquals(3, errors.size(), "every failed attempt reaches the error handler");

        final StageCounters counters = stage(graph, "work");
        assertEquals(5, counters.received());
        assertEquals(4, counters.succeeded());
        assertEquals(3, counters.failedAttempts());
        assertEquals(2, counters.retries());
        assertEquals(1, counters.deadLettered());
        assertEquals(0, counters.retrying());
        assertTrue(counters.isConserved(), counters.toString());

        assertTrue(graph.close(5, TimeUnit.SECONDS).drained());
        assertTrue(graph.edgeCounters("src->work", new ChannelCounters()).isConserved());
    }

    @Test
    void shouldDeliverInOrderWhenARetrySucceeds()
    {
        final int[] failuresLeft = {2};
        final Graph graph = pipeline(new int[]{1, 2, 3}, (m) -> m == 2 && failuresLeft[0]-- > 0,
            (spec) -> spec.retry(RetryPolicy.exponential(5, 1, 4, TimeUnit.MILLISECONDS)));
        cycles(graph, 10);
        assertEquals(List.of(1), sunk);
        clock.advance(MS);
        cycles(graph, 10);
        assertEquals(List.of(1), sunk, "second attempt failed; the next waits 2 ms");
        clock.advance(2 * MS);
        cycles(graph, 20);
        assertEquals(List.of(1, 2, 3), sunk);
        final StageCounters counters = stage(graph, "work");
        assertEquals(2, counters.failedAttempts());
        assertEquals(2, counters.retries());
        assertEquals(0, counters.deadLettered());
        assertTrue(counters.isConserved(), counters.toString());
        graph.close();
    }

    @Test
    void shouldKeepOtherAgentsMovingWhileAStageWaitsToRetry()
    {
        final GraphBuilder builder = GraphBuilder.graph("independent");
        final List<Integer> other = new ArrayList<>();
        final int[] next = {0, 0};
        builder.source("stuck-src", (Outbox<Integer> out, int limit) -> next[0] < 3 ? out.emit(next[0]++) : 0);
        builder.sink("stuck", (Integer m) ->
        {
            throw new IllegalStateException("always");
        }).retry(RetryPolicy.fixed(2, 1, TimeUnit.HOURS));
        builder.source("free-src", (Outbox<Integer> out, int limit) -> next[1] < 100 ? out.emit(next[1]++) : 0);
        builder.sink("free", (Integer m) -> other.add(m));
        builder.edge("a", "stuck-src", "stuck");
        builder.edge("b", "free-src", "free");
        final Graph graph = builder.threading(ThreadingMode.INVOKER).clocks(clock, () -> epochNs)
            .errorHandler(errors::add).build();
        graph.start();
        cycles(graph, 300);
        assertEquals(100, other.size(), "the duty cycle never blocked on the retry");
        assertEquals(1, stage(graph, "stuck").retrying());
        final CloseReport report = graph.close(50, TimeUnit.MILLISECONDS);
        assertFalse(report.drained());
        assertEquals(3, report.inFlight(), report.toString());
        assertEquals(1L, report.heldByStage().get("stuck"));
        assertEquals(2L, report.inFlightByEdge().get("a"));
    }

    @Test
    void shouldOpenTheBreakerDeadLetterWhileOpenThenProbeAndClose()
    {
        final boolean[] failing = {true};
        final CircuitBreaker breaker = CircuitBreaker.builder("work").failureThreshold(2)
            .window(1, TimeUnit.SECONDS).openDuration(5, TimeUnit.SECONDS).clock(clock).build();
        final InMemoryDeadLetterSink<Integer> dead = new InMemoryDeadLetterSink<>(16);
        final Graph graph = pipeline(new int[]{1, 2, 3, 4, 5, 6}, (m) -> failing[0],
            (spec) -> spec.circuitBreaker(breaker, BreakerOpenAction.DEAD_LETTER).deadLetters(dead));

        cycles(graph, 30);
        assertEquals(CircuitBreakerState.OPEN, breaker.state());
        assertEquals(List.of(1, 2), handled, "after two failures the handler is not called while open");
        assertEquals(6, dead.size());
        assertEquals(DeadLetterReason.RETRIES_EXHAUSTED, dead.letters().get(1).reason());
        assertEquals(DeadLetterReason.BREAKER_OPEN, dead.letters().get(2).reason());
        assertEquals(0, dead.letters().get(2).attempts());
        assertNull(dead.letters().get(2).cause());
        assertEquals("src->work", dead.letters().get(1).edge());
        assertEquals("src->work", dead.letters().get(2).edge());
        graph.close(1, TimeUnit.SECONDS);

        assertEquals(1, breaker.openedCount());
        assertTrue(stage(graph, "work").isConserved());
    }

    @Test
    void shouldHoldWhileOpenPushingBackUpstreamThenResumeAfterAHalfOpenProbe()
    {
        final boolean[] failing = {true};
        final CircuitBreaker breaker = CircuitBreaker.builder("work").failureThreshold(1)
            .window(1, TimeUnit.SECONDS).openDuration(5, TimeUnit.SECONDS).clock(clock).build();
        final int[] ids = new int[20];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = i + 1;
        }
        final Graph graph = pipeline(ids, (m) -> failing[0],
            (spec) -> spec.circuitBreaker(breaker, BreakerOpenAction.HOLD)
                .retry(RetryPolicy.fixed(10, 1, TimeUnit.MILLISECONDS)));

        cycles(graph, 50);
        assertEquals(CircuitBreakerState.OPEN, breaker.state());
        assertEquals(List.of(1), handled, "one failure opened the breaker; message 1 is held");
        assertEquals(List.of(), sunk);
        final ChannelCounters inbound = graph.edgeCounters("src->work", new ChannelCounters());
        assertEquals(4, inbound.depth(), "the held stage takes no input: its inbound edge fills to the high mark");
        assertFalse(inbound.writable(), "and pushes back on the source");
        clock.advance(TimeUnit.MILLISECONDS.toNanos(2)); // past the retry delay, the breaker still open
        cycles(graph, 5);
        final StageCounters before = stage(graph, "work");
        cycles(graph, 100);
        final StageCounters after = stage(graph, "work");
        assertEquals(100, after.dutyCycles() - before.dutyCycles(), "the held stage kept cycling");
        assertEquals(0, after.busyCycles() - before.busyCycles(),
            "a re-check the open breaker refuses is no work, so the idle strategy can back off");

        failing[0] = false;
        clock.advance(5 * TimeUnit.SECONDS.toNanos(1));
        cycles(graph, 200);
        assertEquals(CircuitBreakerState.CLOSED, breaker.state());
        assertEquals(1, breaker.halfOpenedCount());
        assertEquals(1, breaker.closedCount());
        assertEquals(20, sunk.size());
        for (int i = 0; i < 20; i++)
        {
            assertEquals(i + 1, sunk.get(i), "order kept across the hold");
        }
        assertTrue(graph.close(1, TimeUnit.SECONDS).drained());
    }

    @Test
    void shouldShedWhileOpen()
    {
        final CircuitBreaker breaker = CircuitBreaker.builder("work").failureThreshold(1)
            .window(1, TimeUnit.SECONDS).openDuration(5, TimeUnit.SECONDS).clock(clock).build();
        final Graph graph = pipeline(new int[]{1, 2, 3, 4}, (m) -> m == 1,
            (spec) -> spec.circuitBreaker(breaker, BreakerOpenAction.SHED));
        cycles(graph, 30);
        final StageCounters counters = stage(graph, "work");
        assertEquals(3, counters.shed());
        assertEquals(1, counters.deadLettered());
        assertTrue(counters.isConserved(), counters.toString());
        assertEquals(List.of(), sunk);
        graph.close();
    }

    @Test
    void shouldDropRepeatsWithTheDedupWindow()
    {
        final Graph graph = pipeline(new int[]{1, 2, 2, 3, 1, 4, 3, 5}, (m) -> false,
            (spec) -> spec.dedup((Integer m) -> m, 16));
        cycles(graph, 40);
        assertEquals(List.of(1, 2, 3, 4, 5), sunk);
        final StageCounters counters = stage(graph, "work");
        assertEquals(3, counters.duplicates());
        assertEquals(8, counters.received());
        assertTrue(counters.isConserved(), counters.toString());
        graph.close();
    }

    @Test
    void shouldNotRememberTheIdOfAFailedMessageSoAReplayIsDelivered()
    {
        final int[] failuresLeft = {1};
        final Graph graph = pipeline(new int[]{7, 7}, (m) -> failuresLeft[0]-- > 0,
            (spec) -> spec.dedup((Integer m) -> m, 16));
        cycles(graph, 20);
        assertEquals(List.of(7), sunk, "the first 7 failed and went to dead letters; the replayed 7 is not a repeat");
        graph.close();
    }

    @Test
    void shouldNameTheInboundEdgeEachDeadLetterCameFromWhenStagesFanIn()
    {
        final InMemoryDeadLetterSink<Integer> dead = new InMemoryDeadLetterSink<>(64);
        final GraphBuilder builder = GraphBuilder.graph("fan-in");
        final int[] nextA = {0};
        final int[] nextB = {100};
        builder.source("a", (Outbox<Integer> out, int limit) ->
            nextA[0] < 10 ? out.emit(nextA[0]++) : SourceHandler.END_OF_STREAM);
        builder.source("b", (Outbox<Integer> out, int limit) ->
            nextB[0] < 110 ? out.emit(nextB[0]++) : SourceHandler.END_OF_STREAM);
        builder.sink("sink", (Integer m) ->
        {
            throw new IllegalStateException("cannot handle " + m);
        }).deadLetters(dead);
        builder.edge("a->sink", "a", "sink").capacity(8).highWaterMark(4).lowWaterMark(2);
        builder.edge("b->sink", "b", "sink").capacity(8).highWaterMark(4).lowWaterMark(2);
        final Graph graph = builder.threading(ThreadingMode.INVOKER).errorHandler(errors::add).build();
        graph.start();
        cycles(graph, 200);

        assertEquals(20, dead.size());
        for (final InMemoryDeadLetterSink.Entry<Integer> letter : dead.letters())
        {
            assertEquals(letter.message() < 100 ? "a->sink" : "b->sink", letter.edge(), letter.toString());
            assertEquals("sink", letter.stage());
        }
        graph.close(1, TimeUnit.SECONDS);
    }

    @Test
    void shouldDeduplicateRepeatedErrors()
    {
        final List<Throwable> first = new ArrayList<>();
        final DistinctErrorHandler errorHandler = new DistinctErrorHandler(
            DistinctErrorHandler.DEFAULT_BUFFER_BYTES, new CachedEpochClock(), first::add);
        final GraphBuilder builder = GraphBuilder.graph("errors");
        final int[] next = {0};
        final IllegalStateException failure = new IllegalStateException("same failure");
        builder.source("src", (Outbox<Integer> out, int limit) -> next[0] < 50 ? out.emit(next[0]++) : 0);
        builder.sink("sink", (Integer m) ->
        {
            throw failure;
        });
        builder.edge("e", "src", "sink");
        final Graph graph = builder.threading(ThreadingMode.INVOKER).errorHandler(errorHandler).build();
        graph.start();
        cycles(graph, 200);
        assertEquals(50, errorHandler.totalErrors());
        assertEquals(1, errorHandler.distinctErrors());
        assertEquals(1, first.size());
        assertSame(failure, first.get(0));
        assertEquals(50, stage(graph, "sink").deadLettered());
        graph.close();
    }
}
