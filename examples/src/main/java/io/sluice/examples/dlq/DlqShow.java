package io.sluice.examples.dlq;

import io.sluice.examples.cli.ToolErrors;
import io.sluice.persistence.StoreDirectoryException;
import io.sluice.persistence.deadletter.DeadLetterReader;
import io.sluice.persistence.deadletter.DeadLetterRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code sluice dlq show DIR SEQUENCE}: every field of one dead letter, its whole payload included.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Show one dead letter in full: stage, edge, cause, attempts, times and the whole payload (text " +
        "for the utf8-string/1 codec, base64 otherwise).")
public final class DlqShow implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The dead-letter store directory.")
    private Path dir;

    @Parameters(index = "1", paramLabel = "SEQUENCE", description = "The dead letter's sequence, as listed.")
    private long sequence;

    @Option(names = "--json", description = "One JSON object instead of text.")
    private boolean json;

    /**
     * Show.
     *
     * @return 0, or 1 if the directory cannot be read or holds no such dead letter.
     */
    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        try (DeadLetterReader reader = DeadLetterReader.open(dir))
        {
            final DeadLetterRecord record = new DeadLetterRecord();
            if (!reader.read(sequence, record))
            {
                final long count = reader.count();
                return ToolErrors.fail(spec, "store " + dir + " holds no dead letter with sequence " + sequence +
                    (count == 0 ? "; it is empty" :
                    "; it holds sequences " + reader.firstSequence() + ".." + reader.lastSequence()));
            }
            final DeadLetterFormat format = new DeadLetterFormat(reader.codecName());
            out.println(json ? format.jsonLine(record) : format.detail(record));
            out.flush();
            return 0;
        }
        catch (final StoreDirectoryException ex)
        {
            return ToolErrors.fail(spec, ex);
        }
    }
}
