package io.sluice.examples.dlq;

import io.sluice.examples.cli.Progress;
import io.sluice.examples.cli.ToolErrors;
import io.sluice.persistence.StoreDirectoryException;
import io.sluice.persistence.deadletter.DeadLetterReader;
import io.sluice.persistence.deadletter.DeadLetterRecord;
import io.sluice.persistence.deadletter.ReplayCursor;
import io.sluice.persistence.deadletter.ReplayOutcome;
import io.sluice.persistence.deadletter.ReplayTarget;
import io.sluice.queues.channel.OfferResult;
import org.agrona.concurrent.BackoffIdleStrategy;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

/**
 * {@code sluice dlq replay DIR (--to-stdout | --to-dir OUT)}: replay dead letters as JSON lines from a named cursor's
 * durable mark, so an interrupted replay resumes where it stopped.
 * <p>
 * Replaying into an edge of a running graph cannot be done from another process (edges are in-process channels):
 * that is the library API, {@code ReplayCursor.replay} with {@code ReplayTargets.objectChannel/binaryChannel}, called
 * inside the graph's process. This command writes the records where another process can take them: stdout or a
 * JSON-lines file.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
        "Replay dead letters, oldest first, as JSON lines (one object per record; payload as text for the " +
            "utf8-string/1 codec, base64 otherwise) to stdout or to a file in a directory.",
        "A named cursor keeps a durable mark in the store directory: a replay that is interrupted resumes after " +
            "the last record written, and records already replayed are not replayed again (--from-start does).",
        "Replaying into an edge of a running graph is done inside that graph's process with the library " +
            "(ReplayCursor.replay with ReplayTargets); see docs/dead-letters.md."
    })
public final class DlqReplay implements Callable<Integer>
{
    /** Records replayed between progress updates. */
    static final int BATCH = 1024;
    /** How long one record may wait for a destination that does not take it. */
    static final long STALL_TIMEOUT_SECONDS = 10;

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
