package io.sluice.jmh;

import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.ProfilersFailedException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Properties;

/**
 * Entry point of {@code benchmarks.jar}: takes the normal JMH command line ({@code -h} for help) and runs JMH with
 * the project's JVM flags appended to every fork, after any {@code -jvmArgsAppend} given on the command line.
 * <p>
 * The flags come from the parent pom's {@code sluice.jvm.flags} property, filtered into
 * {@code io/sluice/jmh/jvm-flags.properties} at build time, so that there is one place to change them. Forks need
 * them (Agrona 2.x reaches {@code jdk.internal.misc.Unsafe}); the host JVM started with {@code java -jar} gets the
 * export from the jar manifest's {@code Add-Exports} instead.
 */
public final class BenchmarkMain
{
    static final String FLAGS_RESOURCE = "jvm-flags.properties";
    static final String FLAGS_KEY = "jvm.flags";

    private BenchmarkMain()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final CommandLineOptions commandLine;
        try
        {
            commandLine = new CommandLineOptions(args);
        }
        catch (final CommandLineOptionException ex)
        {
            System.err.println("Error parsing command line:");
            System.err.println(" " + ex.getMessage());
            System.exit(1);
            return;
        }

        if (commandLine.shouldHelp())
        {
            commandLine.showHelp();
            return;
        }
        if (commandLine.shouldListProfilers())
        {
            commandLine.listProfilers();
            return;
        }
        if (commandLine.shouldListResultFormats())
        {
            commandLine.listResultFormats();
            return;
        }

        final Runner runner = new Runner(withProjectJvmFlags(commandLine));
        if (commandLine.shouldList())
        {
            runner.list();
            return;
        }
        if (commandLine.shouldListWithParams())
        {
            runner.listWithParams(commandLine);
            return;
        }

        try
        {
            runner.run();
        }
        catch (final NoBenchmarksException ex)
        {
            System.err.println("No matching benchmarks. Misspelled regexp? Use -l to list the benchmarks.");
            System.exit(1);
        }
        catch (final ProfilersFailedException ex)
        {
            System.err.println(ex.getMessage());
            for (final Throwable suppressed : ex.getSuppressed())
            {
                System.err.println("  " + suppressed.getMessage());
            }
            System.exit(1);
        }
        catch (final RunnerException ex)
        {
            System.err.print("ERROR: ");
            ex.printStackTrace(System.err);
            System.exit(1);
        }
    }

    /**
     * The command line options with the project's JVM flags appended to the forks' {@code jvmArgsAppend}.
     *
     * @param commandLine parsed JMH options.
     * @return options for the runner.
     */
    static Options withProjectJvmFlags(final CommandLineOptions commandLine)
    {
        final List<String> append = new ArrayList<>();
        final Collection<String> fromCommandLine = commandLine.getJvmArgsAppend().orElse(List.of());
        append.addAll(fromCommandLine);
        append.addAll(projectJvmFlags());
        return new OptionsBuilder()
            .parent(commandLine)
            .jvmArgsAppend(append.toArray(new String[0]))
            .build();
    }

    /**
     * The project's JVM flags, as filtered into the jar by Maven from {@code sluice.jvm.flags}.
     *
     * @return the flags in order, possibly none.
     * @throws IllegalStateException if the resource is missing or was not filtered.
     */
    public static List<String> projectJvmFlags()
    {
        final Properties properties = new Properties();
        try (InputStream in = BenchmarkMain.class.getResourceAsStream(FLAGS_RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException("resource io/sluice/jmh/" + FLAGS_RESOURCE + " is missing: build " +
                    "the benchmarks with Maven (mvn -pl jmh -am package), which filters the JVM flags into it");
            }
            properties.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }

        final String value = properties.getProperty(FLAGS_KEY, "").trim();
        if (value.contains("${"))
        {
            throw new IllegalStateException(FLAGS_KEY + "='" + value + "' in io/sluice/jmh/" + FLAGS_RESOURCE +
                " was not filtered: build the benchmarks with Maven (mvn -pl jmh -am package)");
        }
        return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
    }
}
