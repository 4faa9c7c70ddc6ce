package io.sluice.runtime.graph;

import io.sluice.queues.channel.OfferResult;
import io.sluice.runtime.agent.ThreadingMode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The object outbox: emits that do not fit are held in order, input stops while anything is held, and an outbox
 * that is full answers BACK_PRESSURED instead of losing the emit silently.
 */
class OutboxTest
{
    @Test
    void shouldHoldInOrderAndStopTakingInputWhileHolding()
    {
        final List<Integer> sunk = new ArrayList<>();
        final List<Integer> codes = new ArrayList<>();
        final GraphBuilder g = GraphBuilder.graph("outbox");
        final int[] next = {0};
        g.source("src", (Outbox<Integer> out, int limit) -> next[0] < 10 ? out.emit(next[0]++) : -1);
        g.stage("fan", (Integer m, Outbox<Integer> out) ->
        {
            for (int i = 0; i < 5; i++)
            {
                codes.add(out.emit(m * 10 + i));
            }
        }).outboxCapacity(4);
        g.sink("sink", (Integer m) -> sunk.add(m)).batch(1);
        g.edge("in", "src", "fan");
        g.edge("out", "fan", "sink").capacity(4).highWaterMark(2).lowWaterMark(1);
        final Graph graph = g.threading(ThreadingMode.INVOKER).build();
        graph.start();

        final StageAgent fan = graph.stageAgent("fan");
        final StageAgent src = graph.stageAgent("src");
        src.doWork();
        src.doWork();
        fan.doWork();
        // 2 fit the edge (high water mark 2), 3 are held, and the second input is not taken while they are
        assertEquals(List.of(1, 1, 1, 1, 1), codes);
        assertEquals(3, graph.stageCounters("fan", new StageCounters()).held());
        assertEquals(1, graph.stageCounters("fan", new StageCounters()).received());

        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!graph.isDone())
        {
            graph.invoker().invoke();
            assertTrue(System.nanoTime() < deadline);
        }
        final List<Integer> expected = new ArrayList<>();
        for (int m = 0; m < 10; m++)
        {
            for (int i = 0; i < 5; i++)
            {
                expected.add(m * 10 + i);
            }
        }
        assertEquals(expected, sunk);
        graph.close();
    }

    @Test
    void shouldAnswerBackPressuredWhenTheOutboxIsFull()
    {
        final List<Integer> codes = new ArrayList<>();
        final GraphBuilder g = GraphBuilder.graph("full");
        final int[] next = {0};
        g.source("src", (Outbox<Integer> out, int limit) ->
        {
            for (int i = 0; i < 6; i++)
            {
                codes.add(out.emit(next[0]++));
            }
            return 6;
        }).outboxCapacity(2);
        g.sink("sink", (Integer m) ->
        {
        });
        g.edge("e", "src", "sink").capacity(2).highWaterMark(2).lowWaterMark(1);
        final Graph graph = g.threading(ThreadingMode.INVOKER).build();
        graph.start();
        graph.stageAgent("src").doWork();
        assertEquals(List.of(OfferResult.ACCEPTED, OfferResult.ACCEPTED, OfferResult.ACCEPTED, OfferResult.ACCEPTED,
            OfferResult.BACK_PRESSURED, OfferResult.BACK_PRESSURED), codes);
        graph.close(java.time.Duration.ofSeconds(1).toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Test
    void shouldRefuseAPortOutOfRange()
    {
        final GraphBuilder g = GraphBuilder.graph("ports");
        final List<RuntimeException> errors = new ArrayList<>();
        g.source("src", (Outbox<Integer> out, int limit) ->
        {
            errors.add(assertThrows(IndexOutOfBoundsException.class, () -> out.emit(1, 5)));
            return -1;
        });
        g.sink("sink", (Integer m) ->
        {
        });
        g.edge("e", "src", "sink");
        final Graph graph = g.threading(ThreadingMode.INVOKER).build();
        graph.start();
        graph.stageAgent("src").doWork();
        assertEquals("stage 'src': port=1 is not allowed; allowed 0..0", errors.get(0).getMessage());
        graph.close();
    }
}
