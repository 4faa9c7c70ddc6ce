package io.sluice.persistence.spill;

import io.sluice.persistence.StoreDirectoryException;
import io.sluice.persistence.codec.Codecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Directories that cannot be used: held by another live process (a real second JVM), not creatable, unreadable.
 * Each is refused with the directory and the problem named, and nothing in it changes.
 */
class SpillDirectoryInUseTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseADirectoryHeldByAnotherLiveProcessAndOpenItOnceThatProcessDies() throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String flag : System.getProperty("sluice.jvm.flags", "").split("\\s+"))
        {
            if (!flag.isBlank())
            {
                command.add(flag);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SpillLockHolder.class.getName(),
            dir.toString()));
        final Process holder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try
        {
            final String line = new BufferedReader(
                new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertEquals("LOCKED " + holder.pid(), line);

            final StoreDirectoryException ex = assertThrows(StoreDirectoryException.class,
                () -> SpillOptions.directory(dir).objectStore(Codecs.longs()));

            assertEquals("store directory " + dir + ": is in use by another live process (pid " + holder.pid() +
                "); close that store first or choose another directory", ex.getMessage());
            try (SpillDirectoryReader reader = SpillDirectoryReader.open(dir))
            {
                assertTrue(reader.inUse());
                assertEquals(1, reader.pending()[0], "the holder's message is untouched");
            }
        }
        finally
        {
            holder.destroyForcibly();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }

        // the kernel released the dead process's lock: a restart can take over the directory
        try (ChronicleSpillStore<Long> store = SpillOptions.directory(dir).objectStore(Codecs.longs()))
        {
            assertEquals(1, store.recovered());
            assertEquals(1L, store.poll());
        }
    }

    @Test
    void shouldRefuseADirectoryThatCannotBeCreated() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("a-file"), "x");
        final Path below = file.resolve("spill");

        final StoreDirectoryException ex = assertThrows(StoreDirectoryException.class,
            () -> SpillOptions.directory(below).binaryStore());

        assertTrue(ex.getMessage().startsWith("store directory " + below + ": cannot be created"), ex.getMessage());
    }

    @Test
    void shouldRefuseAnUnreadableDirectory() throws Exception
    {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every directory");
        final Path locked = Files.createDirectories(dir.resolve("locked"));
        try (ChronicleSpillStore<Long> store = SpillOptions.directory(locked).objectStore(Codecs.longs()))
        {
            store.append(9L);
        }
        assertTrue(locked.toFile().setReadable(false, false) && locked.toFile().setExecutable(false, false));
        try
        {
            final StoreDirectoryException ex = assertThrows(StoreDirectoryException.class,
                () -> SpillOptions.directory(locked).objectStore(Codecs.longs()));
            assertEquals("store directory " + locked + ": is not readable by this user", ex.getMessage());
        }
        finally
        {
            assertTrue(locked.toFile().setReadable(true, true) && locked.toFile().setExecutable(true, true));
        }
        try (ChronicleSpillStore<Long> store = SpillOptions.directory(locked).objectStore(Codecs.longs()))
        {
            assertEquals(1, store.recovered(), "nothing was lost");
        }
    }
}
