package io.sluice.examples.stat;

import io.sluice.examples.cli.ToolErrors;
import io.sluice.runtime.metrics.MetricsOptions;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code sluice stat}: a live view of a running Sluice process's counters file, refreshed every interval. Finds the
 * file by directory, by pid (the process's default directory), or by listing the metrics base directory; renders
 * with {@link StatRenderer} and follows the process with {@link StatLoop}.
 * <p>
 * Output is redrawn in place, with the bottleneck edge in reverse video, when stdout is a terminal (Java 17 tells by
 * {@link System#console()}; {@value #STDOUT_TTY_PROPERTY} overrides it); otherwise frames follow each other as plain
 * text, a blank line apart.
 */
@Command(
    name = "stat",
    mixinStandardHelpOptions = true,
    description = {
        "Watch a running Sluice process: per graph, every edge (fill, credits, messages per second in and out, " +
            "share of time unwritable, drops by policy, spills, wait-time quantiles) and every stage (duty cycles " +
            "per second, busy share, errors, dead letters, breaker, service-time quantiles), the bottleneck edge " +
            "marked '" + StatRenderer.BOTTLENECK_MARKER + "'.",
        "Attach with --dir or --pid; with neither, to the one live process under the metrics base directory (" +
            "/dev/shm/sluice-<user> on Linux). Waits for a process that has not started yet, follows a restart, " +
            "and after an exit waits for the next process in the same directory (unless --exit-when-gone; with " +
            "--pid it always ends, as that directory belongs to that process alone)."
    })
public final class StatCommand implements Callable<Integer>
{
    /**
     * System property that says whether stdout is a terminal, {@code true} or {@code false}, for launchers that know
     * better than {@link System#console()} (which needs stdin to be a terminal too).
     */
    public static final String STDOUT_TTY_PROPERTY = "sluice.stdout.tty";

    private static final long MIN_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_INTERVAL_NS = TimeUnit.HOURS.toNanos(1);
    private static final DateTimeFormatter STARTED =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final Path baseDirectory;
    private final NanoClock clock;
    private final StatLoop.Sleeper sleeper;
    private final Boolean terminal;

    @Spec
    private CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "The process's counters directory (what it gave MetricsOptions.directory).")
    private Path dir;

    @Option(names = "--file", paramLabel = "NAME",
        description = "Name of the counters file in the directory; by default " + MetricsOptions.DEFAULT_FILE_NAME +
        ", or the live one when found by listing.")
    private String file;

    @Option(names = "--pid", paramLabel = "PID",
        description = "The process whose default directory (<base>/<pid>) to watch; ends when it exits.")
    private Long pid;

    @Option(names = "--interval", defaultValue = "1s", paramLabel = "TIME",
        description = "Time between refreshes, 10ms to 1h: 500ms, 2s, 1.5 (seconds) (default: ${DEFAULT-VALUE}).")
    private String interval;

    @Option(names = "--count", paramLabel = "N", description = "Print N refreshes, then exit.")
    private Long count;

    @Option(names = "--once",
        description = "Print one snapshot and exit; its rates are averages since the process started.")
    private boolean once;

    @Option(names = "--no-color",
        description = "No ANSI highlighting (none anyway when stdout is not a terminal, or NO_COLOR is set).")
    private boolean noColor;

    @Option(names = "--no-clear", description = "Print frames one after another instead of redrawing in place.")
    private boolean noClear;

    @Option(names = "--exit-when-gone",
        description = "Exit when the process exits, instead of waiting for a new one in the same directory.")
    private boolean exitWhenGone;

    /**
     * The command as {@code bin/sluice} runs it: the real base directory, clock and sleep, and a terminal test.
     */
    public StatCommand()
    {
        this(MetricsOptions.baseDirectory(), SystemNanoClock.INSTANCE, StatLoop.THREAD_SLEEPER, null);
    }

    /**
     * The command with its surroundings replaced, for tests.
     *
     * @param baseDirectory where process directories are listed and {@code --pid} looks.
     * @param clock         monotonic time for the loop.
     * @param sleeper       waits between frames.
     * @param terminal      whether stdout is a terminal, or null to find out.
     */
    StatCommand(
        final Path baseDirectory, final NanoClock clock, final StatLoop.Sleeper sleeper, final Boolean terminal)
    {
        this.baseDirectory = baseDirectory;
        this.clock = clock;
        this.sleeper = sleeper;
        this.terminal = terminal;
    }

    /**
     * Attach and refresh until done.
     *
     * @return 0 when done, 1 if interrupted, 2 for a usage error or when no single live process can be chosen.
     */
    @Override
    public Integer call()
    {
        final long intervalNs = parseInterval();
        checkOptions();
        final Path counters;
        boolean endWhenGone = exitWhenGone;
        if (null != pid)
        {
            final Path directory = baseDirectory.resolve(Long.toString(pid));
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            {
                throw new ParameterException(spec.commandLine(), "--pid=" + pid + " is not a running process" +
                    (Files.isDirectory(directory) ? "; its counters are left in " + directory +
                    " (read them with --dir)" : ""));
            }
            counters = directory.resolve(fileName());
            endWhenGone = true;
        }
        else if (null != dir)
        {
            counters = dir.resolve(fileName());
        }
        else
        {
            final List<ProcessDirectory> found;
            try
            {
                found = ProcessDirectory.scan(baseDirectory);
            }
            catch (final UncheckedIOException ex)
            {
                throw new ParameterException(spec.commandLine(), ex.getMessage() + "; give --dir or --pid");
            }
            final List<ProcessDirectory> live = new ArrayList<>();
            for (final ProcessDirectory process : found)
            {
                if (process.isLive())
                {
                    live.add(process);
                }
            }
            if (live.size() != 1)
            {
                return listAndAsk(found, live.size());
            }
            counters = live.get(0).directory().resolve(null != file ? file : live.get(0).liveFile());
        }

        final boolean tty = null != terminal ? terminal : stdoutIsTerminal();
        final String noColorEnv = System.getenv("NO_COLOR");
        final boolean color = tty && !noColor && (null == noColorEnv || noColorEnv.isEmpty());
        final StatLoop loop = new StatLoop(counters, spec.commandLine().getOut(), new StatRenderer(color), clock,
            sleeper)
            .interval(intervalNs)
            .count(once ? 1 : null == count ? 0 : count)
            .exitWhenGone(endWhenGone)
            .clearScreen(tty && !noClear);
        try
        {
            return loop.run();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /**
     * Whether stdout is a terminal: {@value #STDOUT_TTY_PROPERTY} if set, else whether there is a console.
     *
     * @return true for a terminal.
     */
    public static boolean stdoutIsTerminal()
    {
        final String forced = System.getProperty(STDOUT_TTY_PROPERTY);
        if (null != forced && !forced.isEmpty())
        {
            return Boolean.parseBoolean(forced);
        }
        return null != System.console();
    }

    private String fileName()
    {
        return null != file ? file : MetricsOptions.DEFAULT_FILE_NAME;
    }

    private void checkOptions()
    {
        if (null != dir && null != pid)
        {
            throw new ParameterException(spec.commandLine(), "--dir and --pid are mutually exclusive; give one");
        }
        check(null == pid || pid > 0, "--pid", pid, "a process id >= 1");
        check(null == count || count > 0, "--count", count, "1 or more");
        if (once && null != count && count != 1)
        {
            throw new ParameterException(spec.commandLine(),
                "--once and --count=" + count + " contradict each other; give one");
        }
        check(null == file || (!file.isEmpty() && !file.contains("/") && !file.contains("\\") &&
            file.endsWith(".dat") && !file.startsWith(".")), "--file", file,
            "a file name in the directory, ending in .dat");
    }

    private long parseInterval()
    {
        final long nanos = ToolErrors.timeNanos(interval);
        check(nanos >= MIN_INTERVAL_NS && nanos <= MAX_INTERVAL_NS, "--interval", interval,
            "a time from 10ms to 1h such as 500ms, 2s or 1.5 (seconds)");
        return nanos;
    }

    private void check(final boolean ok, final String option, final Object value, final String allowed)
    {
        ToolErrors.check(spec, ok, option, value, allowed);
    }

    private int listAndAsk(final List<ProcessDirectory> found, final int live)
    {
        final PrintWriter err = spec.commandLine().getErr();
        if (live == 0)
        {
            err.println(spec.qualifiedName() + ": no live Sluice process under " + baseDirectory +
                "; start one (e.g. bin/sluice examples backpressure), or give --dir DIR or --pid PID");
        }
        else
        {
            err.println(spec.qualifiedName() + ": " + live + " live Sluice processes under " + baseDirectory +
                "; choose one with --pid PID (or --dir DIR)");
        }
        if (!found.isEmpty())
        {
            err.printf(Locale.ROOT, "  %-8s  %-10s  %-19s  %s%n", "PID", "STATE", "STARTED", "DIRECTORY (FILES)");
            for (final ProcessDirectory process : found)
            {
                err.printf(Locale.ROOT, "  %-8s  %-10s  %-19s  %s (%s)%n",
                    process.pid() < 0 ? StatFormat.NONE : Long.toString(process.pid()),
                    process.state(),
                    process.startTimeMs() < 0 ? StatFormat.NONE :
                        STARTED.format(Instant.ofEpochMilli(process.startTimeMs())),
                    process.directory(),
                    String.join(", ", process.files()));
            }
        }
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }
}
