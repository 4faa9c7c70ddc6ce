package io.sluice.examples.spilltools;

import io.sluice.examples.cli.Json;
import io.sluice.examples.cli.Progress;
import io.sluice.examples.cli.ToolErrors;
import io.sluice.persistence.StoreDirectoryException;
import io.sluice.persistence.codec.Codecs;
import io.sluice.persistence.spill.SpillDirectoryReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code sluice spill replay DIR}: the pending records of a spill directory as JSON lines, oldest first.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
        "Write the pending records of a spill directory (spilled and not acknowledged), oldest first, to stdout as " +
            "JSON lines: {\"index\":..,\"typeId\":..,\"length\":..,\"payload\":..}; the payload as text for the " +
            "utf8-string/1 codec, a number for int64-le/1, base64 otherwise.",
        "Read-only: nothing is acknowledged, so a store opened on the directory still delivers them. To move them " +
            "into a live channel, open the store in that process (SpillOptions) and let the channel drain it."
    })
public final class SpillReplay implements Callable<Integer>
{
    private static final int PROGRESS_EVERY = 1024;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The spill store directory.")
    private java.nio.file.Path dir;

    @Option(names = "--limit", defaultValue = "" + Long.MAX_VALUE, paramLabel = "N",
        description = "Write at most N records (default: all).")
    private long limit;

    @Option(names = "--progress",
        description = "Show a progress bar with rate and ETA on stderr even when stderr is not a terminal.")
    private boolean progress;

    /**
     * Replay.
     *
     * @return 0, or 1 if the directory cannot be read.
     */
    @Override
    public Integer call()
    {
        if (limit < 0)
        {
            return ToolErrors.fail(spec, "--limit=" + limit + " is not allowed; allowed 0.." + Long.MAX_VALUE);
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try (SpillDirectoryReader reader = SpillDirectoryReader.open(dir))
        {
            final String codec = reader.codec();
            final boolean text = Codecs.utf8().name().equals(codec);
            final boolean number = Codecs.longs().name().equals(codec);
            final long total = Math.min(limit, reader.pending()[0]);
            final Json json = new Json();
            final long[] pendingSteps = {0};
            final long written;
            try (Progress bar = Progress.start(err, "replay", total, progress))
            {
                written = reader.forEachPending((index, typeId, buffer, offset, length) ->
                {
                    json.reset().field("index", index);
                    if (reader.isBinary())
                    {
                        json.field("typeId", typeId);
                    }
                    json.field("length", length);
                    if (text)
                    {
                        json.field("payload", buffer.getStringWithoutLengthUtf8(offset, length));
                    }
                    else if (number && length == Long.BYTES)
                    {
                        json.field("payload", buffer.getLong(offset));
                    }
                    else
                    {
                        final byte[] bytes = new byte[length];
                        buffer.getBytes(offset, bytes);
                        json.base64("payload", bytes);
                    }
                    out.println(json.end());
                    if (++pendingSteps[0] == PROGRESS_EVERY)
                    {
                        bar.stepBy(pendingSteps[0]);
                        pendingSteps[0] = 0;
                    }
                    return true;
                }, limit);
                bar.stepBy(pendingSteps[0]);
                if (bar.isShown())
                {
                    err.println();
                }
            }
            out.flush();
            err.println("wrote " + written + " pending record" + (written == 1 ? "" : "s") + " from " + dir +
                " (read-only; nothing acknowledged)");
            err.flush();
            return 0;
        }
        catch (final StoreDirectoryException ex)
        {
            return ToolErrors.fail(spec, ex);
        }
    }
}
