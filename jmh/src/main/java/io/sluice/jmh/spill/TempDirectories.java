package io.sluice.jmh.spill;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The benchmarks' temporary directories: made at trial set-up, deleted with everything in them at trial tear-down.
 */
final class TempDirectories
{
    private TempDirectories()
    {
    }

    /**
     * Make a new directory under {@link SpillPathBenchmark#DIRECTORY_PROPERTY} if set, else {@code java.io.tmpdir}.
     *
     * @param prefix of its name.
     * @return the new, empty directory.
     * @throws IOException if it cannot be made.
     */
    static Path create(final String prefix) throws IOException
    {
        final String parent = System.getProperty(SpillPathBenchmark.DIRECTORY_PROPERTY);
        final Path root = null == parent ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(parent);
        Files.createDirectories(root);
        return Files.createTempDirectory(root, "sluice-jmh-" + prefix + "-");
    }

    /**
     * Delete a directory and everything under it; nothing if it is null or gone.
     *
     * @param directory to delete.
     * @throws IOException if something could not be deleted.
     */
    static void delete(final Path directory) throws IOException
    {
        if (null == directory || !Files.exists(directory))
        {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>()
        {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes) throws IOException
            {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path dir, final IOException ex) throws IOException
            {
                if (null != ex)
                {
                    throw ex;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
