package io.sluice.examples.cli;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;

/**
 * A progress bar with rate and ETA on the error stream, for long replays: shown when asked for ({@code --progress})
 * or when stderr is a terminal ({@code bin/sluice} passes {@value #STDERR_TTY_PROPERTY}=true when it is, since Java
 * 17 cannot tell for stderr alone); otherwise every call does nothing.
 * <p>
 * <b>Note:</b> not thread-safe; the bar redraws itself on its own thread until {@link #close()}.
 */
public final class Progress implements AutoCloseable
{
    /** System property set by {@code bin/sluice} to {@code true} when stderr is a terminal. */
    public static final String STDERR_TTY_PROPERTY = "sluice.stderr.tty";

    private static final int MAX_WIDTH = 100;
    private static final int UPDATE_MILLIS = 200;

    private final ProgressBar bar;

    private Progress(final ProgressBar bar)
    {
        this.bar = bar;
    }

    /**
     * Start a bar, or a silent stand-in when it is not wanted.
     *
     * @param err   where the bar is drawn.
     * @param task  what is being done, e.g. "replay".
     * @param total units expected (records); the bar grows its maximum if more come.
     * @param force true for {@code --progress}: draw even when stderr is not a terminal.
     * @return the progress, to be closed.
     */
    public static Progress start(final PrintWriter err, final String task, final long total, final boolean force)
    {
        if (!force && !Boolean.getBoolean(STDERR_TTY_PROPERTY))
        {
            return new Progress(null);
        }
        final ProgressBar bar = new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(Math.max(total, 0))
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(UPDATE_MILLIS)
            .showSpeed()
            .setSpeedUnit(ChronoUnit.SECONDS)
            .setUnit(" records", 1)
            .setConsumer(new DelegatingProgressBarConsumer((line) ->
            {
                err.print('\r');
                err.print(line);
                err.flush();
            }, MAX_WIDTH))
            .build();
        return new Progress(bar);
    }

    /**
     * Whether a bar is drawn.
     *
     * @return false for the silent stand-in.
     */
    public boolean isShown()
    {
        return null != bar;
    }

    /**
     * Count units done.
     *
     * @param n units.
     */
    public void stepBy(final long n)
    {
        if (null != bar)
        {
            if (bar.getCurrent() + n > bar.getMax())
            {
                bar.maxHint(bar.getCurrent() + n);
            }
            bar.stepBy(n);
        }
    }

    /**
     * Draw the last state and stop redrawing.
     */
    @Override
    public void close()
    {
        if (null != bar)
        {
            bar.close();
        }
    }
}
