package io.sluice.persistence.deadletter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Scratch directories for the dead-letter jcstress tests: one root per JVM on {@code /dev/shm} (else
 * {@code java.io.tmpdir}), deleted at exit, and a best-effort recursive delete for each state's own directory.
 */
final class ScratchDirectories
{
    private ScratchDirectories()
    {
    }

    /**
     * A new root directory, deleted when the JVM exits.
     *
     * @param prefix of its name.
     */
    static Path root(final String prefix)
    {
        final Path shm = Path.of("/dev/shm");
        final Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty(
            "java.io.tmpdir"));
        try
        {
            final Path root = Files.createTempDirectory(base, prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
            return root;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Delete a directory and everything in it, as far as possible.
     */
    static void delete(final Path path)
    {
        try (Stream<Path> walk = Files.walk(path))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ignore)
        {
            // best effort: the shutdown hook tries again for the whole root
        }
    }
}
