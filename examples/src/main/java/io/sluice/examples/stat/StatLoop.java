package io.sluice.examples.stat;

import io.sluice.runtime.metrics.CountersFile;
import io.sluice.runtime.metrics.CountersFileReader;
import io.sluice.runtime.metrics.MetricsSnapshot;
import org.agrona.concurrent.NanoClock;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The refresh loop of {@code sluice stat}: attaches to one counters file and prints a frame every interval, following
 * the process that writes it through its life:
 * <ul>
 *     <li>starting: until the file is there and ready, it says once {@code waiting for <file>} and looks again every
 *     interval;</li>
 *     <li>restarting: when the file is replaced (another pid or start time, or a new file in its place), it re-opens
 *     it and says {@code process restarted (pid X -> Y)};</li>
 *     <li>exiting: when the file is closed or its writer is gone, it says {@code process <pid> exited} and waits for
 *     a new writer of the same file, or ends if asked to ({@link #exitWhenGone(boolean)}).</li>
 * </ul>
 * The clock and the sleeper are injected, so a test can run frames without waiting: its sleeper advances its clock
 * and makes the writer publish. In production the sleeper sleeps for real: the wait is the refresh interval of a
 * display, not a synchronisation.
 * <p>
 * <b>Note:</b> not thread-safe; one thread calls {@link #run()}.
 */
public final class StatLoop
{
    /**
     * ANSI: cursor home, then clear the screen; written before each frame when redrawing in place.
     */
    public static final String CLEAR_SCREEN = "\u001b[H\u001b[2J";

    /**
     * Waits between frames.
     */
    @FunctionalInterface
    public interface Sleeper
    {
        /**
         * Wait.
         *
         * @param nanos how long, more than 0.
         * @throws InterruptedException if interrupted while waiting.
         */
        void sleep(long nanos) throws InterruptedException;
    }

    /**
     * The production sleeper: sleeps the thread.
     */
    public static final Sleeper THREAD_SLEEPER = TimeUnit.NANOSECONDS::sleep;

    private static final String DAT = ".dat";

    private final Path file;
    private final PrintWriter out;
    private final StatRenderer renderer;
    private final NanoClock clock;
    private final Sleeper sleeper;
    private long intervalNs = TimeUnit.SECONDS.toNanos(1);
    private long count;
    private boolean exitWhenGone;
    private boolean clearScreen;

    private CountersFileReader reader;
    private Object fileKey;
    private MetricsSnapshot previous;
    private long previousNs;
    private long lastPid = -1;
    private long frames;
    private boolean printed;
    private boolean lastWasFrame;
    private String waitReason;
    private String lastFailure;
    private String lastWaiting;
    private String lastEvent;

    /**
     * A loop over one counters file.
     *
     * @param file     the counters file to attach to; it need not exist yet.
     * @param out      where frames and events are printed.
     * @param renderer turns snapshots into frames.
     * @param clock    monotonic time, for the interval between frames.
     * @param sleeper  waits between frames.
     */
    public StatLoop(
        final Path file, final PrintWriter out, final StatRenderer renderer, final NanoClock clock,
        final Sleeper sleeper)
    {
        this.file = Objects.requireNonNull(file, "file");
        this.out = Objects.requireNonNull(out, "out");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Time between frames (default 1 s).
     *
     * @param intervalNs more than 0.
     * @return this.
     */
    public StatLoop interval(final long intervalNs)
    {
        if (intervalNs <= 0)
        {
            throw new IllegalArgumentException("interval=" + intervalNs + " ns is not allowed; allowed > 0");
        }
        this.intervalNs = intervalNs;
        return this;
    }

    /**
     * Stop after this many frames (default 0: never).
     *
     * @param count frames, 0 for no limit.
     * @return this.
     */
    public StatLoop count(final long count)
    {
        if (count < 0)
        {
            throw new IllegalArgumentException("count=" + count + " is not allowed; allowed >= 0");
        }
        this.count = count;
        return this;
    }

    /**
     * End when the process exits instead of waiting for a new one (default false).
     *
     * @param exitWhenGone true to end.
     * @return this.
     */
    public StatLoop exitWhenGone(final boolean exitWhenGone)
    {
        this.exitWhenGone = exitWhenGone;
        return this;
    }

    /**
     * Redraw in place: clear the screen before each frame, and repeat the last event under it (default false:
     * frames follow each other, a blank line apart).
     *
     * @param clearScreen true for a terminal.
     * @return this.
     */
    public StatLoop clearScreen(final boolean clearScreen)
    {
        this.clearScreen = clearScreen;
        return this;
    }

    /**
     * Frames printed so far.
     *
     * @return the count.
     */
    public long frames()
    {
        return frames;
    }

    /**
     * Run until the frame count is reached, or the process is gone and {@link #exitWhenGone(boolean)} is set;
     * without either, until interrupted.
     *
     * @return the exit code, 0.
     * @throws InterruptedException if the sleeper was interrupted.
     */
    public int run() throws InterruptedException
    {
        try
        {
            long nextTick = clock.nanoTime();
            while (true)
            {
                final boolean gone = tick();
                out.flush();
                if ((count > 0 && frames >= count) || (gone && exitWhenGone))
                {
                    return 0;
                }
                nextTick += intervalNs;
                final long wait = nextTick - clock.nanoTime();
                if (wait > 0)
                {
                    sleeper.sleep(wait);
                }
                else
                {
                    // fell behind (a slow read, a suspended terminal): go on from now rather than catch up in a burst
                    nextTick = clock.nanoTime();
                }
            }
        }
        finally
        {
            closeReader();
            out.flush();
        }
    }

    /**
     * One look at the file: a frame if a live process writes it.
     *
     * @return true if the process went away in this look.
     */
    private boolean tick()
    {
        if (null != reader)
        {
            if (stillAttached())
            {
                frame();
                return false;
            }
            final long oldPid = reader.pid();
            closeReader();
            lastPid = oldPid;
            if (open())
            {
                restarted(oldPid);
                frame();
                return false;
            }
            event("process " + oldPid + " exited");
            if (!exitWhenGone)
            {
                waiting();
            }
            return true;
        }
        if (open())
        {
            if (lastPid >= 0)
            {
                restarted(lastPid);
            }
            frame();
            return false;
        }
        waiting();
        return false;
    }

    private void restarted(final long oldPid)
    {
        final long newPid = reader.pid();
        event(oldPid == newPid ? "process " + newPid + " restarted its metrics (new counters file)" :
            "process restarted (pid " + oldPid + " -> " + newPid + ")");
    }

    /**
     * Whether the open reader still shows the file's writer: the writer is live and the file was not replaced (a
     * live writer's file that was removed by hand is still mapped, so it is still shown).
     */
    private boolean stillAttached()
    {
        if (!reader.isLive())
        {
            return false;
        }
        final Object key = fileKey();
        return null == key || null == fileKey || fileKey.equals(key);
    }

    private Object fileKey()
    {
        try
        {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    /**
     * Open the file if a live process writes it; else set the reason to wait.
     */
    private boolean open()
    {
        if (!Files.exists(file))
        {
            waitFor(otherFiles(), false);
            return false;
        }
        final Object key = fileKey();
        final CountersFileReader candidate;
        try
        {
            candidate = CountersFileReader.open(file);
        }
        catch (final IllegalStateException | UncheckedIOException ex)
        {
            // while its writer lays it out a file is too short, or not yet marked: only a reason that stays is shown
            waitFor(ex.getCause() instanceof NoSuchFileException ? null : ex.getMessage(), true);
            return false;
        }
        if (!candidate.isLive())
        {
            final String reason = candidate.state() == CountersFile.STATE_CLOSED ?
                "closed by process " + candidate.pid() : "left by process " + candidate.pid() + ", which is gone";
            candidate.close();
            waitFor(reason, false);
            return false;
        }
        reader = candidate;
        fileKey = key;
        previous = null;
        lastWaiting = null;
        lastFailure = null;
        lastEvent = null;
        return true;
    }

    private void waitFor(final String reason, final boolean transientReason)
    {
        final boolean show = null != reason && (!transientReason || reason.equals(lastFailure));
        lastFailure = transientReason ? reason : null;
        waitReason = "waiting for " + file + (show ? " (" + reason + ")" : "");
    }

    private void waiting()
    {
        if (!waitReason.equals(lastWaiting))
        {
            lastWaiting = waitReason;
            event(waitReason);
        }
    }

    /**
     * The other counters files in the directory, when the one asked for is not there: the process may write under
     * another name.
     */
    private String otherFiles()
    {
        final Path directory = file.getParent();
        if (null == directory || !Files.isDirectory(directory))
        {
            return null;
        }
        final List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + DAT))
        {
            for (final Path other : files)
            {
                names.add(other.getFileName().toString());
            }
        }
        catch (final IOException ex)
        {
            return null;
        }
        if (names.isEmpty())
        {
            return null;
        }
        names.sort(null);
        return "the directory has " + String.join(", ", names) + "; choose one with --file";
    }

    private void frame()
    {
        final long now = clock.nanoTime();
        final MetricsSnapshot snapshot;
        try
        {
            snapshot = reader.snapshot();
        }
        catch (final RuntimeException ex)
        {
            event("cannot read " + file + ": " + ex.getMessage());
            return;
        }
        final long elapsedNs = null == previous ?
            TimeUnit.MILLISECONDS.toNanos(Math.max(0, snapshot.heartbeatMs() - snapshot.startTimeMs())) :
            now - previousNs;
        final String text = renderer.render(previous, snapshot, elapsedNs);
        if (clearScreen)
        {
            out.print(CLEAR_SCREEN);
            out.print(text);
            if (null != lastEvent)
            {
                out.print('\n');
                out.print("last event: ");
                out.print(lastEvent);
                out.print('\n');
            }
        }
        else
        {
            if (printed)
            {
                out.print('\n');
            }
            out.print(text);
        }
        printed = true;
        lastWasFrame = true;
        previous = snapshot;
        previousNs = now;
        frames++;
    }

    /**
     * Print what happened to the process; when redrawing in place, the next frames repeat it under themselves.
     */
    private void event(final String message)
    {
        if (lastWasFrame)
        {
            out.print('\n');
        }
        out.print(message);
        out.print('\n');
        printed = true;
        lastWasFrame = false;
        lastEvent = message;
    }

    private void closeReader()
    {
        if (null != reader)
        {
            reader.close();
            reader = null;
        }
    }
}
