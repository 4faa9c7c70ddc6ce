package io.sluice.examples.dlq;

import io.sluice.examples.SluiceCommand;
import io.sluice.persistence.codec.Codecs;
import io.sluice.persistence.deadletter.ChronicleDeadLetterStore;
import io.sluice.persistence.deadletter.ReplayCursor;
import io.sluice.persistence.deadletter.ReplayRequest;
import io.sluice.runtime.failure.DeadLetter;
import io.sluice.runtime.failure.DeadLetterReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sluice dlq replay DIR --to-edge EDGE}: the command in this JVM, the graph with its replay agent on a thread
 * of this JVM or in a child JVM. The protocol is files in the store directory, so the same JVM exercises the same
 * path as two processes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DlqReplayToEdgeTest
{
    private static final long DEADLINE_SECONDS = 30;

    @TempDir
    Path dir;

    private String out = "";
    private String err = "";

    private int run(final String... args)
    {
        final StringWriter o = new StringWriter();
        final StringWriter e = new StringWriter();
        final int exit = SluiceCommand.run(new PrintWriter(o, true), new PrintWriter(e, true), args);
        out = o.toString();
        err = e.toString();
        return exit;
    }

    private Path storeWith(final int n)
    {
        final Path path = dir.resolve("dlq");
        try (ChronicleDeadLetterStore<String> store = ChronicleDeadLetterStore.open(path, Codecs.utf8()))
        {
            final DeadLetter<String> letter = new DeadLetter<>();
            for (int i = 0; i < n; i++)
            {
                store.onDeadLetter(letter.set("parse", ReplayGraph.EDGE, "m" + i, new RuntimeException("x"), 1, i, i,
                    DeadLetterReason.RETRIES_EXHAUSTED));
            }
        }
        return path;
    }

    private static List<String> messages(final int n)
    {
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            expected.add("m" + i);
        }
        return expected;
    }

    private static List<String> requestFiles(final Path path) throws IOException
    {
        final Path requests = ReplayRequest.directory(path);
        if (!Files.exists(requests))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(requests))
        {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void shouldReplayIntoTheEdgeOfARunningGraphFollowingItsProgressThenReplayNothingNew() throws Exception
    {
        final int n = 2_000;
        final Path path = storeWith(n);
        final long pid = ProcessHandle.current().pid();
        try (ReplayGraph graph = new ReplayGraph(path))
        {
            // the sink holds its first message, so the replay runs long enough for the bar to show; the command
            // runs on another thread, and the sink resumes once the bar has been drawn
            graph.paused = true;
            final StringWriter e = new StringWriter();
            final StringWriter o = new StringWriter();
            final CompletableFuture<Integer> replay = CompletableFuture.supplyAsync(() -> SluiceCommand.run(
                new PrintWriter(o, true), new PrintWriter(e, true), "dlq", "replay", path.toString(), "--to-edge",
                ReplayGraph.EDGE, "--progress"));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
            while (!e.toString().contains("records/s"))
            {
                assertTrue(System.nanoTime() - deadline < 0, () -> "the progress bar showed: " + e);
                assertTrue(!replay.isDone(), () -> "the replay ended early: " + e);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            graph.paused = false;
            assertEquals(0, replay.get(DEADLINE_SECONDS, TimeUnit.SECONDS), e::toString);
            final String text = e.toString();
            assertTrue(text.contains("100%"), "the bar reached the end: " + text);
            assertTrue(text.endsWith("\nreplayed 2000 dead letters into edge " + ReplayGraph.EDGE + " of pid " + pid +
                "; cursor 'replay' is at sequence 2000\n"), text);
            assertEquals("", o.toString(), "nothing on stdout");

            assertTrue(graph.awaitReceived(n, DEADLINE_SECONDS, TimeUnit.SECONDS), "the sink took every message");
            assertEquals(messages(n), graph.receivedList(), "every dead letter once, in order");
            assertEquals(n, ReplayCursor.peekNextSequence(path, "replay"));
            assertEquals(List.of(), requestFiles(path), "the request was claimed and its status deleted");

            assertEquals(0, run("dlq", "replay", path.toString(), "--to-edge", ReplayGraph.EDGE), err);
            assertEquals("replayed 0 dead letters into edge " + ReplayGraph.EDGE + " of pid " + pid + "; cursor " +
                "'replay' is at sequence 2000\n", err);
            assertEquals(0, run("dlq", "replay", path.toString(), "--to-edge", ReplayGraph.EDGE, "--from-start",
                "--cursor", "again", "--limit", "3"), err);
            assertTrue(err.startsWith("replayed 3 dead letters into edge "), err);
            assertTrue(graph.awaitReceived(n + 3, DEADLINE_SECONDS, TimeUnit.SECONDS), "the sink took 3 more");
            assertEquals(List.of("m0", "m1", "m2"), graph.receivedList().subList(n, n + 3));

            // the agent runs in the graph's process; a replay to stdout still works beside it
            assertEquals(0, run("dlq", "replay", path.toString(), "--to-stdout", "--cursor", "audit", "--limit", "1"),
                err);
            assertTrue(out.startsWith("{\"sequence\":0,"), out);
        }
    }

    @Test
    void shouldFailAnUnknownEdgeWithTheAgentsMessage()
    {
        final Path path = storeWith(3);
        try (ReplayGraph graph = new ReplayGraph(path))
        {
            assertEquals(1, run("dlq", "replay", path.toString(), "--to-edge", "orders->nowhere"));
            assertEquals("sluice dlq replay: pid " + ProcessHandle.current().pid() + " failed the replay into edge " +
                "orders->nowhere: edge 'orders->nowhere' is not an edge this process (pid " +
                ProcessHandle.current().pid() + ") replays dead letters into; its DeadLetterReplayAgent on " + path +
                " knows the edges [" + ReplayGraph.EDGE + "]\n", err);
            assertEquals(List.of(), graph.receivedList());
        }
    }

    @Test
    void shouldTimeOutAndWithdrawTheRequestWhenNoProcessRunsAnAgent() throws IOException
    {
        final Path path = storeWith(3);
        assertEquals(1, run("dlq", "replay", path.toString(), "--to-edge", ReplayGraph.EDGE, "--wait-timeout",
            "200ms"));
        assertEquals("sluice dlq replay: no running process replays requests for " + path + ": a graph must run a " +
            "DeadLetterReplayAgent on this store (see docs/dead-letters.md)\n", err);
        assertEquals(List.of(), requestFiles(path), "no request left behind");
        assertEquals(-1, ReplayCursor.peekNextSequence(path, "replay"), "nothing replayed");
    }

    @Test
    void shouldRejectBadOptionsNamingTheOptionTheValueAndWhatIsAllowed()
    {
        final Path path = storeWith(1);
        assertEquals(2, run("dlq", "replay", path.toString(), "--to-edge", ReplayGraph.EDGE, "--wait-timeout", "0"));
        assertEquals("--wait-timeout=0 is not allowed; allowed a time from 10ms to 1h such as 500ms, 10s or 1.5 " +
            "(seconds)", err.lines().findFirst().orElse(""), err);
        assertTrue(err.contains("Usage: sluice dlq replay"), err);

        assertEquals(2, run("dlq", "replay", path.toString(), "--to-edge", ReplayGraph.EDGE, "--wait-timeout", "soon"));
        assertTrue(err.startsWith("--wait-timeout=soon is not allowed"), err);

        assertEquals(2, run("dlq", "replay", path.toString(), "--to-stdout", "--wait-timeout", "1s"));
        assertEquals("--wait-timeout=1s is not allowed with --to-stdout; allowed with --to-edge only",
            err.lines().findFirst().orElse(""), err);

        assertEquals(2, run("dlq", "replay", path.toString(), "--to-edge", " "));
        assertEquals("--to-edge=' ' is not allowed; allowed the name of an edge of the running graph",
            err.lines().findFirst().orElse(""), err);

        assertEquals(2, run("dlq", "replay", path.toString(), "--to-edge", ReplayGraph.EDGE, "--cursor", "a b"));
        assertEquals("--cursor=a b is not allowed; allowed 1 to 64 letters, digits, '-', '_' or '.'",
            err.lines().findFirst().orElse(""), err);

        assertEquals(2, run("dlq", "replay", path.toString(), "--to-edge", ReplayGraph.EDGE, "--to-stdout"));
        assertTrue(err.contains("mutually exclusive"), err);

        final Path missing = dir.resolve("missing");
        assertEquals(1, run("dlq", "replay", missing.toString(), "--to-edge", ReplayGraph.EDGE));
        assertEquals("sluice dlq replay: store directory " + missing + ": does not exist\n", err);
    }

    @Test
    void shouldReplayIntoTheEdgeOfAGraphInAnotherProcess() throws Exception
    {
        final int n = 500;
        final Path path = storeWith(n);
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        final String flags = System.getProperty("sluice.jvm.flags", "").trim();
        if (!flags.isEmpty())
        {
            command.addAll(Arrays.asList(flags.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ReplayGraph.class.getName(),
            path.toString(), String.valueOf(n)));
        final Path childErr = dir.resolve("child.err");
        final Process child = new ProcessBuilder(command).redirectError(childErr.toFile()).start();
        try
        {
            final BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
            final String ready = readLine(lines);
            assertNotNull(ready, () -> "the child said nothing; stderr: " + readQuietly(childErr));
            assertEquals("READY " + child.pid(), ready);

            assertEquals(0, run("dlq", "replay", path.toString(), "--to-edge", ReplayGraph.EDGE), err);
            assertEquals("replayed 500 dead letters into edge " + ReplayGraph.EDGE + " of pid " + child.pid() +
                "; cursor 'replay' is at sequence 500\n", err);

            final String received = readLine(lines);
            assertEquals("RECEIVED " + String.join(",", messages(n)), received, () -> readQuietly(childErr));
            assertTrue(child.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS), "the child ended");
            assertEquals(0, child.exitValue(), () -> readQuietly(childErr));
        }
        finally
        {
            child.destroyForcibly();
        }
        assertEquals(n, ReplayCursor.peekNextSequence(path, "replay"));
        assertEquals(List.of(), requestFiles(path));
    }

    private static String readLine(final BufferedReader lines) throws Exception
    {
        return CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return lines.readLine();
            }
            catch (final IOException ex)
            {
                return "failed: " + ex;
            }
        }).get(60, TimeUnit.SECONDS);
    }

    private static String readQuietly(final Path file)
    {
        try
        {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return "(cannot read " + file + ": " + ex + ")";
        }
    }
}
