package io.sluice.persistence.deadletter;

import io.sluice.persistence.codec.Codecs;
import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.failure.DeadLetterReason;
import io.sluice.runtime.failure.RetryPolicy;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.GraphBuilder;
import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.graph.SourceHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GraphDeadLetterStoreTest
{
    @TempDir
    Path dir;

    @Test
    void shouldStoreEveryMessageOfAStageThatAlwaysThrowsWithStageEdgeCauseAndAttempts()
    {
        final Path path = dir.resolve("dlq");
        final int messages = 200;
        try (ChronicleDeadLetterStore<String> store = ChronicleDeadLetterStore.open(path, Codecs.utf8()))
        {
            final GraphBuilder builder = GraphBuilder.graph("always-throws");
            final int[] next = {0};
            builder.source("orders", (Outbox<String> out, int limit) ->
                next[0] < messages ? out.emit("order-" + next[0]++) : SourceHandler.END_OF_STREAM);
            builder.sink("parse", (String m) ->
            {
                throw new IllegalArgumentException("cannot parse " + m);
            }).retry(RetryPolicy.fixed(2, 0, TimeUnit.MILLISECONDS)).deadLetters(store);
            builder.edge("orders->parse", "orders", "parse").capacity(16);
            final Graph graph = builder.threading(ThreadingMode.THREAD_PER_AGENT).errorHandler((t) ->
            {
            }).build();
            graph.start();
            // the source ends by itself; wait (with a deadline) until every stage has finished, then close
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!graph.isDone())
            {
                assertTrue(System.nanoTime() - deadline < 0, "the graph finished within its deadline");
                Thread.yield();
            }
            assertTrue(graph.close(10, TimeUnit.SECONDS).drained(), "the graph drained and closed");
            assertEquals(messages, store.count());
        }

        try (DeadLetterReader reader = DeadLetterReader.open(path))
        {
            assertEquals(messages, reader.count());
            final List<String> payloads = new ArrayList<>();
            reader.forEach((r) ->
            {
                payloads.add(reader.decode(Codecs.utf8(), r));
                assertEquals("parse", r.stage());
                assertEquals("orders->parse", r.edge());
                assertEquals(IllegalArgumentException.class.getName(), r.causeClass());
                assertEquals("cannot parse " + reader.decode(Codecs.utf8(), r), r.causeMessage());
                assertEquals(2, r.attempts());
                assertEquals(DeadLetterReason.RETRIES_EXHAUSTED, r.reason());
                assertTrue(r.firstFailureEpochNanos() > 0 && r.lastFailureEpochNanos() >= r.firstFailureEpochNanos());
            });
            for (int i = 0; i < messages; i++)
            {
                assertEquals("order-" + i, payloads.get(i));
            }
        }
    }
}
