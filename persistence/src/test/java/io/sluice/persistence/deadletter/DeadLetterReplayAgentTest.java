package io.sluice.persistence.deadletter;

import io.sluice.persistence.StoreDirectoryException;
import io.sluice.persistence.codec.Codecs;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ObjectChannel;
import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.failure.DeadLetter;
import io.sluice.runtime.failure.DeadLetterReason;
import io.sluice.runtime.failure.RetryPolicy;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.GraphBuilder;
import io.sluice.runtime.graph.Outbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeadLetterReplayAgentTest
{
    private static final String EDGE = "orders->parse";
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(20);

    @TempDir
    Path dir;

    private final List<String> received = new ArrayList<>();
    private boolean paused;
    private long pausedAttempts;

    private Path storeWith(final int n)
    {
        final Path path = dir.resolve("dlq");
        try (ChronicleDeadLetterStore<String> store = ChronicleDeadLetterStore.open(path, Codecs.utf8()))
        {
            final DeadLetter<String> letter = new DeadLetter<>();
            for (int i = 0; i < n; i++)
            {
                store.onDeadLetter(letter.set("parse", EDGE, "m" + i, new RuntimeException("x"), 1, i, i,
                    DeadLetterReason.RETRIES_EXHAUSTED));
            }
        }
        return path;
    }

    private static List<String> messages(final int from, final int to)
    {
        final List<String> expected = new ArrayList<>();
        for (int i = from; i < to; i++)
        {
            expected.add("m" + i);
        }
        return expected;
    }

    /**
     * A graph driven by this thread (INVOKER): a source that never emits into EDGE, and a sink that collects what
     * EDGE delivers; while paused, the sink fails its message and retries it every millisecond, so it takes nothing
     * more and the edge fills up.
     */
    private Graph graph(final int capacity)
    {
        final GraphBuilder builder = GraphBuilder.graph("replay-target");
        builder.source("orders", (Outbox<String> out, int limit) -> 0);
        builder.sink("parse", (String m) ->
        {
            if (paused)
            {
                pausedAttempts++;
                throw new IllegalStateException("paused");
            }
            received.add(m);
        }).retry(RetryPolicy.fixed(RetryPolicy.MAX_ATTEMPTS, 1, TimeUnit.MILLISECONDS));
        builder.edge(EDGE, "orders", "parse").capacity(capacity);
        final Graph graph = builder.threading(ThreadingMode.INVOKER).errorHandler((t) ->
        {
        }).build();
        graph.start();
        return graph;
    }

    @SuppressWarnings("unchecked")
    private static DeadLetterReplayAgent join(final Graph graph, final Path path)
    {
        final ReplayTarget target;
        try (DeadLetterReader reader = DeadLetterReader.open(path))
        {
            // the reader checks the codec; the target does not need it afterwards
            target = ReplayTargets.objectChannel(reader, (ObjectChannel<String>)graph.channel(EDGE), Codecs.utf8());
        }
        final DeadLetterReplayAgent agent =
            new DeadLetterReplayAgent(path, Map.of(EDGE, target), 16, 1, TimeUnit.MILLISECONDS);
        assertTrue(graph.join(agent));
        return agent;
    }

    private static void invokeUntil(final Graph graph, final BooleanSupplier done, final String what)
    {
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (!done.getAsBoolean())
        {
            assertTrue(System.nanoTime() - deadline < 0, () -> "within the deadline: " + what);
            graph.invoker().invoke();
        }
    }

    private static ReplayStatus runUntilEnded(final Graph graph, final Path path, final ReplayRequest request)
    {
        final ReplayStatus[] status = new ReplayStatus[1];
        invokeUntil(graph, () ->
        {
            status[0] = ReplayStatus.read(path, request.id());
            return null != status[0] && status[0].state().isTerminal();
        }, "request " + request.id() + " ended");
        return status[0];
    }

    private static ReplayRequest request(final Path path, final String edge, final long limit)
    {
        final ReplayRequest request = ReplayRequest.create(edge, "ops", false, limit, 10_000);
        request.write(path);
        assertTrue(request.isPending(path));
        return request;
    }

    private static List<String> requestFiles(final Path path) throws IOException
    {
        try (Stream<Path> files = Files.list(ReplayRequest.directory(path)))
        {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void shouldReplayEveryDeadLetterOnceInOrderIntoTheEdgeAndNothingNewTheSecondTime() throws IOException
    {
        final int n = 300;
        final Path path = storeWith(n);
        final Graph graph = graph(64);
        final DeadLetterReplayAgent agent = join(graph, path);
        try
        {
            graph.invoker().invoke();
            assertEquals(0, agent.doWork(), "idle: no requests, no work");
            assertEquals("dead-letter-replay-dlq", agent.roleName());
            assertEquals(List.of(EDGE), List.copyOf(agent.edges()));

            // a part first: the limit stops it, the mark keeps it
            final ReplayRequest first = request(path, EDGE, 100);
            final ReplayStatus part = runUntilEnded(graph, path, first);
            assertEquals(ReplayStatus.State.DONE, part.state(), part.toString());
            assertEquals(100, part.replayed());
            assertEquals(100, part.total());
            assertEquals(100, part.nextSequence());
            assertEquals(ProcessHandle.current().pid(), part.pid());
            assertEquals(EDGE, part.edge());
            assertEquals("ops", part.cursor());
            assertFalse(first.isPending(path), "claimed");
            assertEquals(100, ReplayCursor.peekNextSequence(path, "ops"));

            // then the rest: it resumes at the mark
            final ReplayRequest rest = request(path, EDGE, Long.MAX_VALUE);
            final ReplayStatus done = runUntilEnded(graph, path, rest);
            assertEquals(ReplayStatus.State.DONE, done.state(), done.toString());
            assertEquals(n - 100, done.replayed());
            assertEquals(n - 100, done.total());
            assertEquals(n, done.nextSequence());
            assertEquals("replayed 200 dead letters into edge '" + EDGE + "'; cursor 'ops' is at sequence 300",
                done.message());
            invokeUntil(graph, () -> received.size() >= n, "the sink took every replayed message");
            assertEquals(messages(0, n), received, "every dead letter once, in order");
            assertEquals(n, ReplayCursor.peekNextSequence(path, "ops"), "the mark advanced");

            final ReplayRequest again = request(path, EDGE, Long.MAX_VALUE);
            final ReplayStatus nothing = runUntilEnded(graph, path, again);
            assertEquals(ReplayStatus.State.DONE, nothing.state(), nothing.toString());
            assertEquals(0, nothing.replayed());
            assertEquals(0, nothing.total());
            for (int i = 0; i < 10; i++)
            {
                graph.invoker().invoke();
            }
            assertEquals(n, received.size(), "nothing replayed twice by the same cursor");

            assertEquals(Stream.of(first, rest, again).map(r -> r.id() + ".status").sorted()
                .collect(Collectors.toList()), requestFiles(path),
                "the requests were claimed; statuses stay for the tool to delete");
            assertTrue(ReplayStatus.delete(path, first.id()));
            assertNull(ReplayStatus.read(path, first.id()));
        }
        finally
        {
            graph.close();
        }
    }

    @Test
    void shouldFailAnUnknownEdgeNamingTheEdgesItKnowsACursorInUseAndAMalformedRequest() throws IOException
    {
        final Path path = storeWith(3);
        final Graph graph = graph(8);
        join(graph, path);
        try
        {
            final ReplayRequest request = request(path, "orders->nowhere", Long.MAX_VALUE);
            final ReplayStatus status = runUntilEnded(graph, path, request);
            assertEquals(ReplayStatus.State.FAILED, status.state(), status.toString());
            assertEquals("edge 'orders->nowhere' is not an edge this process (pid " + ProcessHandle.current().pid() +
                ") replays dead letters into; its DeadLetterReplayAgent on " + path + " knows the edges [" + EDGE +
                "]", status.message());
            assertEquals(0, status.replayed());
            assertFalse(request.isPending(path));

            Files.write(ReplayRequest.requestFile(path, "bad"), "format=1\nid=bad\nedge=x\n"
                .getBytes(StandardCharsets.US_ASCII));
            final ReplayStatus[] bad = new ReplayStatus[1];
            invokeUntil(graph, () -> null != (bad[0] = ReplayStatus.read(path, "bad")), "the bad request answered");
            assertEquals(ReplayStatus.State.FAILED, bad[0].state());
            assertTrue(bad[0].message().contains("replay request bad.request is not a valid request: it has no " +
                "'cursor'"), bad[0].message());

            for (int i = 0; i < 10; i++)
            {
                graph.invoker().invoke();
            }
            assertEquals(List.of(), received, "nothing replayed");
            assertEquals(-1, ReplayCursor.peekNextSequence(path, "ops"), "no cursor opened");

            try (DeadLetterReader reader = DeadLetterReader.open(path); ReplayCursor busy = reader.replayCursor("ops"))
            {
                final ReplayStatus inUse = runUntilEnded(graph, path, request(path, EDGE, Long.MAX_VALUE));
                assertEquals(ReplayStatus.State.FAILED, inUse.state(), inUse.toString());
                assertTrue(inUse.message().startsWith("cannot replay from cursor 'ops': store directory " + path +
                    ": replay cursor 'ops' is in use by another replay"), inUse.message());
                assertEquals(0, busy.nextSequence());
            }
            assertEquals(List.of(), received, "nothing replayed");
        }
        finally
        {
            graph.close();
        }
    }

    @Test
    void shouldWaitForABackPressuredEdgeWithoutBlockingAndLoseNothing()
    {
        final int n = 100;
        final int capacity = 4;
        final Path path = storeWith(n);
        final Graph graph = graph(capacity);
        final DeadLetterReplayAgent agent = join(graph, path);
        try
        {
            paused = true;
            final ReplayRequest request = request(path, EDGE, Long.MAX_VALUE);
            invokeUntil(graph, () -> pausedAttempts > 0, "the sink holds a message");
            for (int i = 0; i < 100; i++)
            {
                graph.invoker().invoke();
            }
            final ReplayStatus status = ReplayStatus.read(path, request.id());
            assertEquals(ReplayStatus.State.RUNNING, status.state(), status.toString());
            assertEquals(n, status.total());
            final long heldBack = ReplayCursor.peekNextSequence(path, "ops");
            assertTrue(heldBack > 1 && heldBack <= capacity + 1, "replayed no more than the edge took: " + heldBack);

            // the edge stays full: the agent does no work and returns at once, the duty cycle goes on
            for (int i = 0; i < 1_000; i++)
            {
                graph.invoker().invoke();
                assertEquals(0, agent.doWork(), "a full edge is no work");
            }
            assertEquals(heldBack, ReplayCursor.peekNextSequence(path, "ops"), "the edge took nothing more");
            final ReplayStatus[] heartbeat = new ReplayStatus[1];
            invokeUntil(graph, () ->
            {
                heartbeat[0] = ReplayStatus.read(path, request.id());
                return heartbeat[0].updatedEpochMillis() > status.updatedEpochMillis();
            }, "a status heartbeat while the edge is full");
            assertEquals(ReplayStatus.State.RUNNING, heartbeat[0].state());
            assertEquals(heldBack, heartbeat[0].replayed());
            assertEquals(heldBack, heartbeat[0].nextSequence());

            paused = false;
            final ReplayStatus done = runUntilEnded(graph, path, request);
            assertEquals(ReplayStatus.State.DONE, done.state(), done.toString());
            assertEquals(n, done.replayed());
            invokeUntil(graph, () -> received.size() >= n, "the sink took every message");
            assertEquals(messages(0, n), received, "delayed, nothing lost, nothing twice, in order");
        }
        finally
        {
            paused = false;
            graph.close();
        }
    }

    @Test
    void shouldFailTheReplayWhenTheGraphClosesAndResumeAtTheMarkInTheNextGraph()
    {
        final int n = 200;
        final Path path = storeWith(n);
        final Graph graph = graph(4);
        join(graph, path);
        paused = true;
        final ReplayRequest request = request(path, EDGE, Long.MAX_VALUE);
        final ReplayStatus[] running = new ReplayStatus[1];
        invokeUntil(graph, () ->
        {
            running[0] = ReplayStatus.read(path, request.id());
            return null != running[0] && running[0].replayed() > 0;
        }, "the replay started");
        paused = false;
        graph.close();

        final ReplayStatus failed = ReplayStatus.read(path, request.id());
        assertNotNull(failed);
        assertEquals(ReplayStatus.State.FAILED, failed.state(), failed.toString());
        assertTrue(failed.replayed() > 0 && failed.replayed() < n, failed.toString());
        assertTrue(failed.message().endsWith("cursor 'ops' is at sequence " + failed.replayed() + ": replay again " +
            "to resume there"), failed.message());
        assertEquals(failed.replayed(), received.size(), "the closing graph drained what its edge took");
        assertEquals(failed.replayed(), ReplayCursor.peekNextSequence(path, "ops"));

        final Graph next = graph(4);
        join(next, path);
        try
        {
            final ReplayRequest resume = request(path, EDGE, Long.MAX_VALUE);
            final ReplayStatus done = runUntilEnded(next, path, resume);
            assertEquals(ReplayStatus.State.DONE, done.state(), done.toString());
            assertEquals(n - failed.replayed(), done.replayed());
            invokeUntil(next, () -> received.size() >= n, "the sink took every message");
            assertEquals(messages(0, n), received, "resumed at the mark: every dead letter once, in order");
        }
        finally
        {
            next.close();
        }
    }

    @Test
    void shouldReplayAvailableWithoutWaitingAndFindTheMarkInBoundedSteps()
    {
        final int n = ReplayCursor.POSITION_SCAN_BATCH * 2 + 10;
        final Path path = storeWith(n);
        try (DeadLetterReader reader = DeadLetterReader.open(path); ReplayCursor cursor = reader.replayCursor("c"))
        {
            cursor.seek(n - 5);
            int calls = 0;
            final List<Long> taken = new ArrayList<>();
            ReplayOutcome outcome;
            do
            {
                outcome = cursor.replayAvailable((r) ->
                {
                    taken.add(r.sequence());
                    return 1;
                }, 100);
                calls++;
            }
            while (outcome == ReplayOutcome.LIMIT_REACHED && cursor.replayed() == 0);
            assertEquals(3, calls, "two calls scanned for the mark, the third replayed");
            assertEquals(ReplayOutcome.CAUGHT_UP, outcome);
            assertEquals(List.of((long)n - 5, (long)n - 4, (long)n - 3, (long)n - 2, (long)n - 1), taken);

            cursor.seek(0);
            assertEquals(ReplayOutcome.LIMIT_REACHED, cursor.replayAvailable((r) -> 1, 2));
            assertEquals(2, cursor.replayed());
            assertEquals(ReplayOutcome.BACK_PRESSURED, cursor.replayAvailable((r) -> r.sequence() == 3 ? -1 : 1, 10));
            assertEquals(1, cursor.replayed());
            assertEquals(3, cursor.nextSequence(), "the refused record is next");
            assertEquals(ReplayOutcome.TARGET_CLOSED, cursor.replayAvailable((r) -> -5, 10));
            assertEquals(ReplayOutcome.TARGET_REFUSED, cursor.replayAvailable((r) -> -3, 10));
            assertEquals(3, cursor.nextSequence());
            assertThrows(IllegalArgumentException.class, () -> cursor.replayAvailable((r) -> 1, -1));
        }
    }

    @Test
    void shouldRefuseBadSettingsAndRequestsNamingTheValueAndWhatIsAllowed() throws IOException
    {
        final Path path = storeWith(1);
        final IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
            () -> new DeadLetterReplayAgent(path, Map.of(EDGE, (r) -> 1), 0, 100, TimeUnit.MILLISECONDS));
        assertTrue(batch.getMessage().contains("batchSize=0 is not allowed; allowed 1..65536"), batch.getMessage());
        final IllegalArgumentException poll = assertThrows(IllegalArgumentException.class,
            () -> new DeadLetterReplayAgent(path, Map.of(EDGE, (r) -> 1), 1, 2, TimeUnit.HOURS));
        assertTrue(poll.getMessage().contains("pollInterval=2 HOURS is not allowed; allowed 1 ms to 1 minute"),
            poll.getMessage());
        final StoreDirectoryException missing = assertThrows(StoreDirectoryException.class,
            () -> new DeadLetterReplayAgent(dir.resolve("missing")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

        final DeadLetterReplayAgent agent = new DeadLetterReplayAgent(path).edge(EDGE, (r) -> 1);
        final IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
            () -> agent.edge(EDGE, (r) -> 1));
        assertTrue(twice.getMessage().contains("edge '" + EDGE + "' is not allowed; allowed a non-blank edge name " +
            "not added before (added: [" + EDGE + "])"), twice.getMessage());
        final ObjectChannel<Long> longs = ChannelBuilder.<Long>channel("longs").capacity(8).buildObjectChannel();
        final StoreDirectoryException codec = assertThrows(StoreDirectoryException.class,
            () -> agent.objectEdge("longs", longs, Codecs.longs()));
        assertTrue(codec.getMessage().contains("holds dead letters written with codec 'utf8-string/1'"),
            codec.getMessage());
        agent.onStart();
        assertThrows(IllegalStateException.class, () -> agent.edge("late", (r) -> 1));
        agent.onClose();
        final IllegalArgumentException cursor = assertThrows(IllegalArgumentException.class,
            () -> ReplayRequest.create(EDGE, "no spaces", false, 1, 0));
        assertTrue(cursor.getMessage().contains("replay cursor name 'no spaces' is not allowed"), cursor.getMessage());
        final IllegalArgumentException limit = assertThrows(IllegalArgumentException.class,
            () -> ReplayRequest.create(EDGE, "ops", false, -1, 0));
        assertTrue(limit.getMessage().contains("limit=-1 is not allowed; allowed 0.."), limit.getMessage());

        final ReplayRequest request = new ReplayRequest("r1", "edge with\ttab and \u2192", "ops", true, 7, 5, 0);
        request.write(path);
        assertEquals(request, ReplayRequest.read(ReplayRequest.requestFile(path, "r1")), "round trip, escaped");
        for (final byte b : Files.readAllBytes(ReplayRequest.requestFile(path, "r1")))
        {
            assertTrue(b > 0, "the request file is ASCII");
        }
        assertTrue(request.withdraw(path));
        assertFalse(request.withdraw(path), "withdrawn once");
        assertNull(ReplayRequest.read(ReplayRequest.requestFile(path, "r1")));
    }
}
