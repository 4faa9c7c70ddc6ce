package io.sluice.examples.dlq;

import io.sluice.examples.cli.Progress;
import io.sluice.examples.cli.ToolErrors;
import io.sluice.persistence.StoreDirectoryException;
import io.sluice.persistence.deadletter.DeadLetterReader;
import io.sluice.persistence.deadletter.DeadLetterRecord;
import io.sluice.persistence.deadletter.ReplayCursor;
import io.sluice.persistence.deadletter.ReplayOutcome;
import io.sluice.persistence.deadletter.ReplayRequest;
import io.sluice.persistence.deadletter.ReplayStatus;
import io.sluice.persistence.deadletter.ReplayTarget;
import io.sluice.queues.channel.OfferResult;
import org.agrona.concurrent.BackoffIdleStrategy;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code sluice dlq replay DIR (--to-stdout | --to-dir OUT | --to-edge EDGE)}: replay dead letters from a named
 * cursor's durable mark, so an interrupted replay resumes where it stopped: as JSON lines to stdout or a file, or
 * into an edge of a graph running in another process.
 * <p>
 * An edge is an in-process channel, so {@code --to-edge} asks the graph's process to do it: it writes a
 * {@link ReplayRequest} into the store directory, a {@code DeadLetterReplayAgent} in the graph's duty cycle takes it
 * and replays, and this command follows the {@link ReplayStatus} the agent writes (progress bar, then a summary). If
 * no agent takes the request within {@code --wait-timeout}, the command withdraws it and fails.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
        "Replay dead letters, oldest first: as JSON lines (one object per record; payload as text for the " +
            "utf8-string/1 codec, base64 otherwise) to stdout or to a file in a directory, or into an edge of a " +
            "running graph.",
        "A named cursor keeps a durable mark in the store directory: a replay that is interrupted resumes after " +
            "the last record written, and records already replayed are not replayed again (--from-start does).",
        "--to-edge replays into an edge of a graph running in another process: the command writes a request into " +
            "DIR/" + ReplayRequest.DIRECTORY + "/, a DeadLetterReplayAgent in the graph's process (opt-in, see " +
            "docs/dead-letters.md) replays it, and the command follows its progress until it is done."
    })
public final class DlqReplay implements Callable<Integer>
{
    /** Records replayed between progress updates. */
    static final int BATCH = 1024;
    /** How long one record may wait for a destination that does not take it. */
    static final long STALL_TIMEOUT_SECONDS = 10;
    /** How often the status of a request is read while following it. */
    static final long FOLLOW_POLL_NS = TimeUnit.MILLISECONDS.toNanos(20);
    /** The least time without a status update after which the agent's process is taken to have stopped. */
    static final long MIN_STALE_NS = TimeUnit.SECONDS.toNanos(5);

    private static final long MIN_WAIT_NS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_WAIT_NS = TimeUnit.HOURS.toNanos(1);

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The dead-letter store directory.")
    private Path dir;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Destination destination;

    @Option(names = "--cursor", defaultValue = "replay", paramLabel = "NAME",
        description = "Name of the replay cursor whose mark to resume from and advance (default: ${DEFAULT-VALUE}).")
    private String cursorName;

    @Option(names = "--from-start", description = "Move the cursor's mark back to the first dead letter first.")
    private boolean fromStart;

    @Option(names = "--limit", defaultValue = "" + Long.MAX_VALUE, paramLabel = "N",
        description = "Replay at most N dead letters (default: all).")
    private long limit;

    @Option(names = "--progress",
        description = "Show a progress bar with rate and ETA on stderr even when stderr is not a terminal.")
    private boolean progress;

    @Option(names = "--wait-timeout", defaultValue = "10s", paramLabel = "TIME",
        description = "With --to-edge: how long to wait for a running process to take the request, 10ms to 1h: " +
            "500ms, 10s, 1.5 (seconds) (default: ${DEFAULT-VALUE}).")
    private String waitTimeout;

    /**
     * Where the records go: exactly one.
     */
    static final class Destination
    {
        @Option(names = "--to-stdout", required = true, description = "Write JSON lines to stdout.")
        boolean toStdout;

        @Option(names = "--to-dir", required = true, paramLabel = "OUT",
            description = "Append JSON lines to OUT/CURSOR.jsonl (created if needed).")
        Path toDir;

        @Option(names = "--to-edge", required = true, paramLabel = "EDGE",
            description = "Replay into edge EDGE of the graph whose process runs a DeadLetterReplayAgent on DIR, " +
                "and follow its progress.")
        String toEdge;
    }

    /**
     * Replay.
     *
     * @return 0 when every record asked for was replayed, 1 otherwise.
     */
    @Override
    public Integer call()
    {
        if (limit < 0)
        {
            return ToolErrors.fail(spec, "--limit=" + limit + " is not allowed; allowed 0.." + Long.MAX_VALUE);
        }
        if (null != destination.toEdge)
        {
            return replayIntoEdge();
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--wait-timeout"))
        {
            throw new ParameterException(spec.commandLine(), "--wait-timeout=" + waitTimeout + " is not allowed " +
                "with " + (destination.toStdout ? "--to-stdout" : "--to-dir") + "; allowed with --to-edge only");
        }
        final PrintWriter err = spec.commandLine().getErr();
        try (DeadLetterReader reader = DeadLetterReader.open(dir);
            ReplayCursor cursor = reader.replayCursor(cursorName))
        {
            if (fromStart)
            {
                cursor.seek(0);
            }
            final DeadLetterFormat format = new DeadLetterFormat(reader.codecName());
            try (LineTarget target = null != destination.toDir ?
                new FileTarget(format, destination.toDir.resolve(cursorName + ".jsonl")) :
                new StdoutTarget(format, spec.commandLine().getOut()))
            {
                final long total = Math.min(limit, cursor.remaining());
                long replayed = 0;
                ReplayOutcome outcome = ReplayOutcome.LIMIT_REACHED;
                try (Progress bar = Progress.start(err, "replay", total, progress))
                {
                    final BackoffIdleStrategy idle = new BackoffIdleStrategy();
                    while (replayed < limit && outcome == ReplayOutcome.LIMIT_REACHED)
                    {
                        outcome = cursor.replay(target, idle, STALL_TIMEOUT_SECONDS, TimeUnit.SECONDS,
                            Math.min(BATCH, limit - replayed));
                        replayed += cursor.replayed();
                        bar.stepBy(cursor.replayed());
                    }
                    target.finish();
                    if (bar.isShown())
                    {
                        err.println();
                    }
                }
                err.println("replayed " + replayed + " dead letter" + (replayed == 1 ? "" : "s") + " from " + dir +
                    " to " + target.where() + "; cursor '" + cursorName + "' is at sequence " +
                    cursor.nextSequence() + ", " + cursor.remaining() + " to go");
                err.flush();
                if (outcome == ReplayOutcome.CAUGHT_UP || outcome == ReplayOutcome.LIMIT_REACHED)
                {
                    return 0;
                }
                return ToolErrors.fail(spec, "stopped early (" + outcome + ")" +
                    (null == target.failure() ? "" : ": " + target.failure()) +
                    "; run again to resume from sequence " + cursor.nextSequence());
            }
        }
        catch (final StoreDirectoryException ex)
        {
            return ToolErrors.fail(spec, ex);
        }
        catch (final IOException ex)
        {
            return ToolErrors.fail(spec, "cannot write to " + destination.toDir + ": " + ex);
        }
    }

    /**
     * {@code --to-edge}: write a request for the agent in the graph's process, wait for it to be taken, follow its
     * status with the progress bar, and report how it ended.
     */
    private int replayIntoEdge()
    {
        final long waitNs = parseWaitTimeout();
        final String edge = destination.toEdge;
        if (edge.isBlank())
        {
            throw new ParameterException(spec.commandLine(), "--to-edge='" + edge + "' is not allowed; allowed the " +
                "name of an edge of the running graph");
        }
        final ReplayRequest request;
        try
        {
            request = ReplayRequest.create(edge, cursorName, fromStart, limit, TimeUnit.NANOSECONDS.toMillis(waitNs));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), "--cursor=" + cursorName + " is not allowed; allowed " +
                "1 to 64 letters, digits, '-', '_' or '.'");
        }
        try
        {
            // refuse what is not a dead-letter store before asking anyone to replay it
            DeadLetterReader.open(dir).close();
            request.write(dir);
            return follow(request, waitNs);
        }
        catch (final StoreDirectoryException ex)
        {
            return ToolErrors.fail(spec, ex);
        }
    }

    private int follow(final ReplayRequest request, final long waitNs)
    {
        final PrintWriter err = spec.commandLine().getErr();
        final long staleNs = Math.max(waitNs, MIN_STALE_NS);
        final long takeDeadline = System.nanoTime() + waitNs;
        long lastUpdated = -1;
        long lastChangeNs = System.nanoTime();
        long shown = 0;
        boolean queuedShown = false;
        Progress bar = null;
        try
        {
            while (true)
            {
                final long now = System.nanoTime();
                final ReplayStatus status = ReplayStatus.read(dir, request.id());
                if (null == status)
                {
                    if (now - takeDeadline >= 0)
                    {
                        if (request.withdraw(dir))
                        {
                            return ToolErrors.fail(spec, "no running process replays requests for " + dir + ": a " +
                                "graph must run a DeadLetterReplayAgent on this store (see docs/dead-letters.md)");
                        }
                        if (now - takeDeadline >= waitNs)
                        {
                            return ToolErrors.fail(spec, "a process took replay request " + request.id() + " from " +
                                dir + " but wrote no status for " + formatNanos(waitNs) + "; it may have stopped");
                        }
                    }
                }
                else
                {
                    if (status.updatedEpochMillis() != lastUpdated)
                    {
                        lastUpdated = status.updatedEpochMillis();
                        lastChangeNs = now;
                    }
                    switch (status.state())
                    {
                        case QUEUED:
                            if (!queuedShown && !status.message().isEmpty())
                            {
                                err.println("queued in pid " + status.pid() + ": " + status.message());
                                err.flush();
                                queuedShown = true;
                            }
                            break;
                        case RUNNING:
                            if (null == bar)
                            {
                                bar = Progress.start(err, "replay", status.total(), progress);
                            }
                            bar.stepBy(status.replayed() - shown);
                            shown = status.replayed();
                            break;
                        default:
                            if (null != bar)
                            {
                                bar.stepBy(status.replayed() - shown);
                                closeBar(bar, err);
                                bar = null;
                            }
                            ReplayStatus.delete(dir, request.id());
                            return ended(status);
                    }
                    if (now - lastChangeNs >= staleNs)
                    {
                        return stale(status, staleNs);
                    }
                }
                LockSupport.parkNanos(FOLLOW_POLL_NS);
            }
        }
        finally
        {
            if (null != bar)
            {
                closeBar(bar, err);
            }
        }
    }

    private int stale(final ReplayStatus status, final long staleNs)
    {
        final boolean alive = ProcessHandle.of(status.pid()).map(ProcessHandle::isAlive).orElse(false);
        return ToolErrors.fail(spec, "pid " + status.pid() + (alive ? "" : " (not running on this host)") +
            " has not updated the status of replay request " + status.id() + " for " + formatNanos(staleNs) + " (" +
            status.replayed() + " dead letter" + plural(status.replayed()) + " replayed into edge " + status.edge() +
            "); the mark of cursor '" + status.cursor() + "' keeps what was replayed: run again to resume");
    }

    private int ended(final ReplayStatus status)
    {
        if (status.state() == ReplayStatus.State.DONE)
        {
            final PrintWriter err = spec.commandLine().getErr();
            err.println("replayed " + status.replayed() + " dead letter" + plural(status.replayed()) + " into edge " +
                status.edge() + " of pid " + status.pid() + "; cursor '" + status.cursor() + "' is at sequence " +
                status.nextSequence());
            err.flush();
            return 0;
        }
        return ToolErrors.fail(spec, "pid " + status.pid() + " failed the replay into edge " + status.edge() + ": " +
            status.message());
    }

    private static void closeBar(final Progress bar, final PrintWriter err)
    {
        bar.close();
        if (bar.isShown())
        {
            err.println();
        }
    }

    private long parseWaitTimeout()
    {
        final long nanos = ToolErrors.timeNanos(waitTimeout);
        if (nanos < MIN_WAIT_NS || nanos > MAX_WAIT_NS)
        {
            throw new ParameterException(spec.commandLine(), "--wait-timeout=" + waitTimeout + " is not allowed; " +
                "allowed a time from 10ms to 1h such as 500ms, 10s or 1.5 (seconds)");
        }
        return nanos;
    }

    private static String formatNanos(final long nanos)
    {
        final long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }

    private static String plural(final long n)
    {
        return n == 1 ? "" : "s";
    }

    /**
     * A destination of JSON lines.
     */
    private abstract static class LineTarget implements ReplayTarget, AutoCloseable
    {
        final DeadLetterFormat format;
        String failure;

        LineTarget(final DeadLetterFormat format)
        {
            this.format = format;
        }

        String failure()
        {
            return failure;
        }

        abstract String where();

        abstract void finish() throws IOException;

        @Override
        public abstract void close() throws IOException;
    }

    /**
     * stdout: a line is taken once printed and flushed; a closed pipe stops the replay before the mark moves.
     */
    private static final class StdoutTarget extends LineTarget
    {
        private final PrintWriter out;

        StdoutTarget(final DeadLetterFormat format, final PrintWriter out)
        {
            super(format);
            this.out = out;
        }

        @Override
        public int offer(final DeadLetterRecord record)
        {
            out.println(format.jsonLine(record));
            out.flush();
            if (out.checkError())
            {
                failure = "stdout is closed";
                return OfferResult.CLOSED;
            }
            return OfferResult.ACCEPTED;
        }

        @Override
        String where()
        {
            return "stdout";
        }

        @Override
        void finish()
        {
            out.flush();
        }

        @Override
        public void close()
        {
            out.flush();
        }
    }

    /**
     * A JSON-lines file: each line is written (to the page cache) before the mark moves, and the file is forced to
     * disk at the end. A crash between a write and the mark's move can repeat that one line on resume; each line
     * carries its sequence.
     */
    private static final class FileTarget extends LineTarget
    {
        private final Path file;
        private final FileChannel channel;

        FileTarget(final DeadLetterFormat format, final Path file) throws IOException
        {
            super(format);
            this.file = file;
            Files.createDirectories(file.getParent());
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        }

        @Override
        public int offer(final DeadLetterRecord record)
        {
            final ByteBuffer line =
                ByteBuffer.wrap((format.jsonLine(record) + "\n").getBytes(StandardCharsets.US_ASCII));
            try
            {
                while (line.hasRemaining())
                {
                    channel.write(line);
                }
                return OfferResult.ACCEPTED;
            }
            catch (final IOException ex)
            {
                failure = "cannot write " + file + ": " + ex;
                return OfferResult.REJECTED;
            }
        }

        @Override
        String where()
        {
            return file.toString();
        }

        @Override
        void finish() throws IOException
        {
            channel.force(true);
        }

        @Override
        public void close() throws IOException
        {
            channel.close();
        }
    }
}
