package io.sluice.examples.dlq;

import io.sluice.examples.cli.ToolErrors;
import io.sluice.persistence.StoreDirectoryException;
import io.sluice.persistence.deadletter.DeadLetterReader;
import io.sluice.persistence.deadletter.ReplayCursor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sluice dlq list DIR}: what the store holds, its replay cursors, and one line per dead letter.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the dead letters in a store directory, oldest first, with its replay cursors. Reads " +
        "without locking: a store may be writing meanwhile.")
public final class DlqList implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The dead-letter store directory.")
    private Path dir;

    @Option(names = "--from", defaultValue = "0", paramLabel = "SEQ",
        description = "First sequence to list (default: ${DEFAULT-VALUE}).")
    private long from;

    @Option(names = "--limit", defaultValue = "" + Long.MAX_VALUE, paramLabel = "N",
        description = "List at most N dead letters (default: all).")
    private long limit;

    @Option(names = "--json", description = "One JSON object per line instead of text, without the header.")
    private boolean json;

    /**
     * List.
     *
     * @return 0, or 1 if the directory cannot be read.
     */
    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        try (DeadLetterReader reader = DeadLetterReader.open(dir))
        {
            final DeadLetterFormat format = new DeadLetterFormat(reader.codecName());
            if (!json)
            {
                final long count = reader.count();
                out.println("store " + dir + ": " + reader.kind() + ", codec " + reader.codecName() + ", " + count +
                    " dead letter" + (count == 1 ? "" : "s") + (count == 0 ? "" :
                    " (sequences " + reader.firstSequence() + ".." + reader.lastSequence() + ")"));
                final List<String> cursors = ReplayCursor.names(dir);
                final StringBuilder line = new StringBuilder("replay cursors:");
                if (cursors.isEmpty())
                {
                    line.append(" none");
                }
                for (final String name : cursors)
                {
                    line.append(' ').append(name).append(" (next ").append(ReplayCursor.peekNextSequence(dir, name))
                        .append(')');
                }
                out.println(line);
            }
            reader.forEach(from, limit,
                (record) -> out.println(json ? format.jsonLine(record) : format.summary(record)));
            out.flush();
            return 0;
        }
        catch (final StoreDirectoryException ex)
        {
            return ToolErrors.fail(spec, ex);
        }
    }
}
