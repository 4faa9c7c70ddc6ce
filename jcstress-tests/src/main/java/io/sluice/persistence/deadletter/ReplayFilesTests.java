package io.sluice.persistence.deadletter;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;
import org.openjdk.jcstress.infra.results.L_Result;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The replay request/status files ({@link ReplayFiles}), written by one thread or process and read by another: a
 * write goes to a temporary file and is renamed over the final name, so a reader sees the old file or the new one,
 * whole, never a part; and two writers at once (two threads of one process share the pid in the temporary names, so
 * the names differ by the class's counter) each write a whole file, one of them is the final one, and no temporary
 * file is left.
 * <p>
 * The files hold a long value (a few hundred characters) and a check key derived from it, so a torn read shows as a
 * mismatch. Each state has its own directory under {@code /dev/shm} (else {@code java.io.tmpdir}), deleted by the
 * arbiter.
 */
public final class ReplayFilesTests
{
    private static final Path ROOT = ScratchDirectories.root("sluice-jcstress-replay-");
    private static final AtomicLong NEXT = new AtomicLong();

    private ReplayFilesTests()
    {
    }

    /**
     * One writer replaces a status file while a reader reads it.
     * <p>
     * Result: r1 what the reader saw: the old file or the new one, whole.
     */
    @JCStressTest
    @Outcome(id = "old", expect = Expect.ACCEPTABLE, desc = "The reader read before the rename: the old file.")
    @Outcome(id = "new", expect = Expect.ACCEPTABLE, desc = "The reader read after the rename: the new file.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "The reader saw no file, a torn file, or an error.")
    @State
    public static class ReplaceWhileReading
    {
        private final Path dir = ROOT.resolve("replace-" + NEXT.incrementAndGet());
        private final Path file = dir.resolve("r.status");
        private String seen;

        public ReplaceWhileReading()
        {
            write(file, "old");
        }

        @Actor
        public void writer()
        {
            write(file, "new");
        }

        @Actor
        public void reader()
        {
            seen = read(file);
        }

        @Arbiter
        public void arbiter(final L_Result r)
        {
            ScratchDirectories.delete(dir);
            r.r1 = seen;
        }
    }

    /**
     * Two writers of the same process write the same file at once.
     * <p>
     * Result: r1 the file left (one writer's, whole); r2 the temporary files left beside it.
     */
    @JCStressTest
    @Outcome(id = "a, 0", expect = Expect.ACCEPTABLE, desc = "Writer a renamed last.")
    @Outcome(id = "b, 0", expect = Expect.ACCEPTABLE, desc = "Writer b renamed last.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "A write failed (the two shared a temporary name), the file is torn, or a temporary file was left.")
    @State
    public static class TwoWriters
    {
        private final Path dir = ROOT.resolve("writers-" + NEXT.incrementAndGet());
        private final Path file = dir.resolve("r.request");

        @Actor
        public void writerA()
        {
            write(file, "a");
        }

        @Actor
        public void writerB()
        {
            write(file, "b");
        }

        @Arbiter
        public void arbiter(final LL_Result r)
        {
            r.r1 = read(file);
            try (Stream<Path> files = Files.list(dir))
            {
                r.r2 = files.filter(p -> p.getFileName().toString().endsWith(ReplayFiles.TEMP_SUFFIX)).count();
            }
            catch (final IOException ex)
            {
                r.r2 = ex.toString();
            }
            ScratchDirectories.delete(dir);
        }
    }

    private static void write(final Path file, final String name)
    {
        final String value = (name + "-").repeat(100);
        try
        {
            ReplayFiles.writeAtomically(file, Map.of("name", name, "value", value, "length",
                Integer.toString(value.length())));
        }
        catch (final IOException | RuntimeException ex)
        {
            // an actor that throws fails the test: a write must not fail, even with another writer at the same time
            throw new IllegalStateException("write failed: " + ex, ex);
        }
    }

    /**
     * @return the name of the file's writer if the file is whole, else "none", "torn" or the error.
     */
    private static String read(final Path file)
    {
        try
        {
            final Properties properties = ReplayFiles.read(file);
            if (null == properties)
            {
                return "none";
            }
            final String name = properties.getProperty("name");
            final String value = properties.getProperty("value");
            final boolean whole = null != name && null != value && value.equals((name + "-").repeat(100)) &&
                Integer.toString(value.length()).equals(properties.getProperty("length"));
            return whole ? name : "torn";
        }
        catch (final IOException ex)
        {
            return "error: " + ex.getMessage();
        }
    }
}
