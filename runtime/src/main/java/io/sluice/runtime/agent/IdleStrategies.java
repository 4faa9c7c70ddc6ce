package io.sluice.runtime.agent;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.List;

/**
 * Agrona idle strategies by the names an operator writes in configuration. Each call makes a new instance: an idle
 * strategy keeps per-thread state (a back-off's spin and park counts), so every runner thread needs its own.
 * <table>
 *     <caption>Names</caption>
 *     <tr><th>name</th><th>strategy</th><th>for</th></tr>
 *     <tr><td>{@code busy-spin}</td><td>{@link BusySpinIdleStrategy}</td><td>a pinned core, lowest latency</td></tr>
 *     <tr><td>{@code yielding}</td><td>{@link YieldingIdleStrategy}</td><td>low latency, shares the core</td></tr>
 *     <tr><td>{@code sleeping}</td><td>{@link SleepingIdleStrategy} (parks 1 microsecond, usually more)</td>
 *     <td>background agents</td></tr>
 *     <tr><td>{@code backoff}</td><td>{@link BackoffIdleStrategy} (spin, then yield, then park up to 1 ms)</td>
 *     <td>the default: fast when busy, cheap when idle</td></tr>
 *     <tr><td>{@code noop}</td><td>{@link NoOpIdleStrategy}</td><td>an invoker loop that idles itself</td></tr>
 * </table>
 */
public final class IdleStrategies
{
    /**
     * Name of {@link BusySpinIdleStrategy}.
     */
    public static final String BUSY_SPIN = "busy-spin";

    /**
     * Name of {@link YieldingIdleStrategy}.
     */
    public static final String YIELDING = "yielding";

    /**
     * Name of {@link SleepingIdleStrategy}.
     */
    public static final String SLEEPING = "sleeping";

    /**
     * Name of {@link BackoffIdleStrategy}.
     */
    public static final String BACKOFF = "backoff";

    /**
     * Name of {@link NoOpIdleStrategy}.
     */
    public static final String NOOP = "noop";

    /**
     * Every name {@link #newIdleStrategy(String, String)} takes, in the order errors list them.
     */
    public static final List<String> NAMES = List.of(BUSY_SPIN, YIELDING, SLEEPING, BACKOFF, NOOP);

    private IdleStrategies()
    {
    }

    /**
     * A new idle strategy of the given name.
     *
     * @param setting name of the setting the value came from, for the error message, e.g. {@code "idleStrategy"}.
     * @param name    one of {@link #NAMES}.
     * @return a new instance, for one thread.
     * @throws IllegalArgumentException naming the setting, the value and the allowed names if the name is unknown.
     */
    public static IdleStrategy newIdleStrategy(final String setting, final String name)
    {
        if (null == name)
        {
            throw new IllegalArgumentException(setting + "=null is not allowed; allowed " + String.join(", ", NAMES));
        }
        switch (name)
        {
            case BUSY_SPIN:
                return new BusySpinIdleStrategy();
            case YIELDING:
                return new YieldingIdleStrategy();
            case SLEEPING:
                return new SleepingIdleStrategy();
            case BACKOFF:
                return new BackoffIdleStrategy();
            case NOOP:
                return new NoOpIdleStrategy();
            default:
                throw new IllegalArgumentException(
                    setting + "=" + name + " is not allowed; allowed " + String.join(", ", NAMES));
        }
    }

    /**
     * Check a name without making a strategy.
     *
     * @param setting name of the setting the value came from, for the error message.
     * @param name    the name to check.
     * @return {@code name}.
     * @throws IllegalArgumentException if the name is unknown.
     */
    public static String validate(final String setting, final String name)
    {
        newIdleStrategy(setting, name);
        return name;
    }
}
