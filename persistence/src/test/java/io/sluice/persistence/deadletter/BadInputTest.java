package io.sluice.persistence.deadletter;

import io.sluice.persistence.StoreDirectory;
import io.sluice.persistence.StoreDirectoryException;
import io.sluice.persistence.codec.Codecs;
import io.sluice.runtime.failure.DeadLetter;
import io.sluice.runtime.failure.DeadLetterReason;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Every bad directory is a {@link StoreDirectoryException} naming the directory and the problem, and nothing in it
 * is deleted or overwritten.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BadInputTest
{
    @TempDir
    Path dir;

    private Path storeWith(final Path path, final int n)
    {
        try (ChronicleDeadLetterStore<String> store = ChronicleDeadLetterStore.open(path, Codecs.utf8()))
        {
            final DeadLetter<String> letter = new DeadLetter<>();
            for (int i = 0; i < n; i++)
            {
                store.onDeadLetter(letter.set("s", "e", "m" + i, null, 0, 0, 0, DeadLetterReason.BREAKER_OPEN));
            }
        }
        return path;
    }

    private static Map<String, byte[]> snapshot(final Path path) throws IOException
    {
        final Map<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(path))
        {
            return files;
        }
        try (Stream<Path> list = Files.list(path))
        {
            for (final Path file : (Iterable<Path>)list::iterator)
            {
                if (Files.isRegularFile(file) && !file.getFileName().toString().equals(StoreDirectory.LOCK_FILE))
                {
                    files.put(file.getFileName().toString(), Files.readAllBytes(file));
                }
            }
        }
        return files;
    }

    private static void assertUnchanged(final Map<String, byte[]> before, final Path path) throws IOException
    {
        final Map<String, byte[]> after = snapshot(path);
        assertEquals(before.keySet(), after.keySet(), "no file added or deleted in " + path);
        for (final Map.Entry<String, byte[]> file : before.entrySet())
        {
            assertArrayEquals(file.getValue(), after.get(file.getKey()), file.getKey() + " unchanged");
        }
    }

    private static void assertRefused(final Path path, final String problem, final Executable open)
        throws IOException
    {
        final Map<String, byte[]> before = snapshot(path);
        final StoreDirectoryException ex = assertThrows(StoreDirectoryException.class, open);
        assertTrue(ex.getMessage().contains(path.toString()), "names the directory: " + ex.getMessage());
        assertTrue(ex.getMessage().contains(problem), "names the problem '" + problem + "': " + ex.getMessage());
        assertEquals(path, ex.directory());
        assertUnchanged(before, path);
    }

    @Test
    void shouldRefuseAMissingDirectoryToReadersAndPurge() throws IOException
    {
        final Path missing = dir.resolve("missing");
        assertRefused(missing, "does not exist", () -> DeadLetterReader.open(missing));
        assertRefused(missing, "does not exist", () -> DeadLetterStores.purge(missing));
        assertFalse(Files.exists(missing), "a reader does not create it");
    }

    @Test
    void shouldRefuseAFileThatIsNotADirectory() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("file"), "not a directory");
        assertRefused(file, "not a directory", () -> DeadLetterReader.open(file));
        assertRefused(file, "not a directory", () -> ChronicleDeadLetterStore.open(file, Codecs.utf8()));
        assertEquals("not a directory", Files.readString(file));
    }

    @Test
    void shouldRefuseADirectoryThatIsNotASluiceStore() throws IOException
    {
        final Path plain = Files.createDirectories(dir.resolve("plain"));
        Files.writeString(plain.resolve("notes.txt"), "mine");
        assertRefused(plain, "is not a Sluice store", () -> DeadLetterReader.open(plain));
        assertRefused(plain, "is not a Sluice store", () -> DeadLetterStores.purge(plain));
    }

    @Test
    void shouldRefuseAnUnreadableDirectory() throws IOException
    {
        final Path path = storeWith(dir.resolve("unreadable"), 2);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("---------"));
        try
        {
            assumeFalse(Files.isReadable(path), "running as a user who reads everything (root): nothing to test");
            final StoreDirectoryException ex = assertThrows(StoreDirectoryException.class,
                () -> DeadLetterReader.open(path));
            assertTrue(ex.getMessage().contains("is not readable"), ex.getMessage());
        }
        finally
        {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        }
        try (DeadLetterReader reader = DeadLetterReader.open(path))
        {
            assertEquals(2, reader.count());
        }
    }

    @Test
    void shouldRefuseTheWrongCodecAndTheWrongKind() throws IOException
    {
        final Path path = storeWith(dir.resolve("utf8"), 3);
        assertRefused(path, "codec 'utf8-string/1'", () -> ChronicleDeadLetterStore.open(path, Codecs.longs()));
        assertRefused(path, "not a 'dead-letter-binary' store", () -> ChronicleBinaryDeadLetterStore.open(path));
        try (DeadLetterReader reader = DeadLetterReader.open(path))
        {
            assertRefused(path, "not with codec '" + Codecs.longs().name() + "'",
                () -> reader.requireCodec(Codecs.longs()));
            assertRefused(path, "not with codec", () -> ReplayTargets.objectChannel(reader, null, Codecs.longs()));
            assertEquals(3, reader.count());
        }
    }

    @Test
    void shouldRefuseADescriptorOfAnotherFormat() throws IOException
    {
        final Path path = storeWith(dir.resolve("format"), 1);
        final Path descriptor = path.resolve(StoreDirectory.DESCRIPTOR_FILE);
        Files.writeString(descriptor, Files.readString(descriptor).replace("format=1", "format=9"));
        assertRefused(path, "has format '9'", () -> DeadLetterReader.open(path));
        assertRefused(path, "has format '9'", () -> ChronicleDeadLetterStore.open(path, Codecs.utf8()));
    }

    @Test
    void shouldRefuseCorruptQueueFilesWithoutTouchingThem() throws IOException
    {
        final Path path = storeWith(dir.resolve("corrupt"), 5);
        final List<Path> cycles = new ArrayList<>();
        try (Stream<Path> list = Files.list(path))
        {
            list.filter(p -> p.getFileName().toString().endsWith(".cq4")).forEach(cycles::add);
        }
        assertFalse(cycles.isEmpty());
        final byte[] garbage = new byte[(int)Math.min(Files.size(cycles.get(0)), 1 << 20)];
        new Random(42).nextBytes(garbage);
        Files.write(cycles.get(0), garbage);

        assertRefused(path, "", () -> DeadLetterReader.open(path));
        assertRefused(path, "", () -> ChronicleDeadLetterStore.open(path, Codecs.utf8()));
    }

    @Test
    void shouldRefuseRecordsThatAreNotSluiceDeadLetters() throws IOException
    {
        final Path path = storeWith(dir.resolve("foreign"), 1);
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.binary(path).build();
            ExcerptAppender appender = queue.createAppender())
        {
            appender.writeText("hello, not a dead letter");
        }
        assertRefused(path, "is not a Sluice dead letter", () -> DeadLetterReader.open(path));
        assertRefused(path, "is not a Sluice dead letter", () -> ChronicleDeadLetterStore.open(path, Codecs.utf8()));
    }

    @Test
    void shouldRefuseACorruptReplayMark() throws IOException
    {
        final Path path = storeWith(dir.resolve("mark"), 2);
        Files.write(path.resolve("replay-ops.mark"), "garbage".getBytes(StandardCharsets.US_ASCII));
        try (DeadLetterReader reader = DeadLetterReader.open(path))
        {
            assertRefused(path, "replay cursor 'ops'", () -> reader.replayCursor("ops"));
        }
        Files.write(path.resolve("replay-ops.mark"), new byte[ReplayCursor.MARK_LENGTH]);
        try (DeadLetterReader reader = DeadLetterReader.open(path))
        {
            assertRefused(path, "is not a Sluice replay mark", () -> reader.replayCursor("ops"));
        }
    }

    @Test
    @SuppressWarnings("try") // the resource is held for its lock, not used
    void shouldRefuseASecondStoreInThisProcessNamingThisProcess() throws IOException
    {
        final Path path = storeWith(dir.resolve("twice"), 1);
        try (ChronicleDeadLetterStore<String> ignored = ChronicleDeadLetterStore.open(path, Codecs.utf8()))
        {
            assertRefused(path, "is in use by this same process (pid " + ProcessHandle.current().pid() + ")",
                () -> ChronicleDeadLetterStore.open(path, Codecs.utf8()));
        }
    }

    @Test
    void shouldRefuseADirectoryLockedByAnotherLiveProcess() throws Exception
    {
        final Path path = storeWith(dir.resolve("locked"), 4);
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        final String flags = System.getProperty("sluice.jvm.flags", "").trim();
        if (!flags.isEmpty())
        {
            command.addAll(Arrays.asList(flags.split("\\s+")));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DeadLetterLockHolder.class.getName());
        command.add(path.toString());
        final Process child = new ProcessBuilder(command).redirectError(
            dir.resolve("child.err").toFile()).start();
        try
        {
            final BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
            final String line = CompletableFuture.supplyAsync(() ->
            {
                try
                {
                    return out.readLine();
                }
                catch (final IOException ex)
                {
                    return "failed: " + ex;
                }
            }).get(60, TimeUnit.SECONDS);
            assertNotNull(line, () -> "child said nothing; stderr: " + readQuietly(dir.resolve("child.err").toFile()));
            assertTrue(line.startsWith("LOCKED "), line);
            final String pid = line.substring("LOCKED ".length());
            assertEquals(String.valueOf(child.pid()), pid);

            assertRefused(path, "is in use by another live process (pid " + pid + ")",
                () -> ChronicleDeadLetterStore.open(path, Codecs.utf8()));
            assertRefused(path, "is in use by another live process (pid " + pid + ")",
                () -> DeadLetterStores.purge(path));
            try (DeadLetterReader reader = DeadLetterReader.open(path))
            {
                assertEquals(4, reader.count(), "reading needs no lock");
            }
        }
        finally
        {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child ended");
        }
        // the kernel released the dead child's lock: the directory opens again, everything kept
        try (ChronicleDeadLetterStore<String> store = ChronicleDeadLetterStore.open(path, Codecs.utf8()))
        {
            assertEquals(4, store.count());
        }
    }

    private static String readQuietly(final File file)
    {
        try
        {
            return Files.readString(file.toPath());
        }
        catch (final IOException ex)
        {
            return "(unreadable: " + ex + ")";
        }
    }
}
