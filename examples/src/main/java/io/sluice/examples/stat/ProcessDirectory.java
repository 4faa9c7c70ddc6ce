package io.sluice.examples.stat;

import io.sluice.runtime.metrics.CountersFile;
import io.sluice.runtime.metrics.CountersFileReader;
import io.sluice.runtime.metrics.MetricsOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One process's counters directory under the metrics base directory ({@link MetricsOptions#baseDirectory()}), as
 * {@code sluice stat} finds it when given neither {@code --dir} nor {@code --pid}: its counters files and whether a
 * live process writes one of them.
 * <p>
 * <b>Note:</b> immutable; {@link #scan(Path)} reads the directories once.
 */
public final class ProcessDirectory
{
    private final Path directory;
    private final List<String> files;
    private final String liveFile;
    private final long pid;
    private final long startTimeMs;
    private final String state;

    private ProcessDirectory(
        final Path directory,
        final List<String> files,
        final String liveFile,
        final long pid,
        final long startTimeMs,
        final String state)
    {
        this.directory = directory;
        this.files = Collections.unmodifiableList(files);
        this.liveFile = liveFile;
        this.pid = pid;
        this.startTimeMs = startTimeMs;
        this.state = state;
    }

    /**
     * Read every process directory under a base directory, in name order.
     *
     * @param base the base directory; a missing one has no processes.
     * @return the directories that hold at least one counters file.
     */
    public static List<ProcessDirectory> scan(final Path base)
    {
        final List<Path> directories = new ArrayList<>();
        if (Files.isDirectory(base))
        {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(base, Files::isDirectory))
            {
                for (final Path child : children)
                {
                    directories.add(child);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("metrics base directory " + base + ": cannot list: " +
                    ex.getMessage(), ex);
            }
        }
        directories.sort(null);
        final List<ProcessDirectory> found = new ArrayList<>();
        for (final Path directory : directories)
        {
            final ProcessDirectory process = read(directory);
            if (null != process)
            {
                found.add(process);
            }
        }
        return found;
    }

    private static ProcessDirectory read(final Path directory)
    {
        final List<String> files = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory, "*.dat"))
        {
            for (final Path child : children)
            {
                files.add(child.getFileName().toString());
            }
        }
        catch (final IOException ex)
        {
            // another user's directory, or removed meanwhile: not one we can show
            return null;
        }
        if (files.isEmpty())
        {
            return null;
        }
        files.sort((a, b) -> a.equals(MetricsOptions.DEFAULT_FILE_NAME) ? -1 :
            b.equals(MetricsOptions.DEFAULT_FILE_NAME) ? 1 : a.compareTo(b));
        String liveFile = null;
        long pid = -1;
        long startTimeMs = -1;
        String state = "unreadable";
        for (final String name : files)
        {
            try (CountersFileReader reader = CountersFileReader.open(directory.resolve(name)))
            {
                final boolean live = reader.isLive();
                if (live || pid < 0)
                {
                    pid = reader.pid();
                    startTimeMs = reader.startTimeMs();
                    state = live ? "live" : reader.state() == CountersFile.STATE_CLOSED ? "closed" : "gone";
                }
                if (live)
                {
                    liveFile = name;
                    break;
                }
            }
            catch (final RuntimeException ex)
            {
                // being laid out, or not a counters file: it stays "unreadable" unless another file tells more
            }
        }
        return new ProcessDirectory(directory, files, liveFile, pid, startTimeMs, state);
    }

    /**
     * The directory.
     *
     * @return its path.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * The counters files in the directory, {@link MetricsOptions#DEFAULT_FILE_NAME} first.
     *
     * @return file names.
     */
    public List<String> files()
    {
        return files;
    }

    /**
     * Whether a live process writes one of the files.
     *
     * @return true if live.
     */
    public boolean isLive()
    {
        return null != liveFile;
    }

    /**
     * The file a live process writes ({@link MetricsOptions#DEFAULT_FILE_NAME} if it does).
     *
     * @return the file name, or null if none is live.
     */
    public String liveFile()
    {
        return liveFile;
    }

    /**
     * The writer's pid, from the live file or else the first readable one.
     *
     * @return the pid, -1 if no file could be read.
     */
    public long pid()
    {
        return pid;
    }

    /**
     * The writer's start time.
     *
     * @return epoch ms, -1 if no file could be read.
     */
    public long startTimeMs()
    {
        return startTimeMs;
    }

    /**
     * What the files say: {@code live}, {@code closed} (kept after a clean close), {@code gone} (the writer died
     * without closing) or {@code unreadable}.
     *
     * @return the state.
     */
    public String state()
    {
        return state;
    }
}
