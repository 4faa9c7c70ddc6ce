package io.sluice.jmh.channel;

/**
 * What the ratio report needs to know about an implementation under test: how to name it, which raw peer a Sluice
 * channel is compared with and the goal of that comparison. Implemented by the {@code Impl} enums of the
 * benchmarks, so the benchmark and its report cannot disagree about who is whose peer.
 */
public interface Implementation
{
    /**
     * Name used by the {@code impl} parameter (the enum constant's name).
     *
     * @return the parameter value.
     */
    String name();

    /**
     * Human-readable name for tables.
     *
     * @return e.g. "Sluice OBJECT_SPSC".
     */
    String label();

    /**
     * Whether this is a Sluice channel (the goals apply to Sluice channels only).
     *
     * @return true for Sluice.
     */
    boolean isSluice();

    /**
     * Whether this is the ArrayBlockingQueue baseline every channel is compared with.
     *
     * @return true for the baseline.
     */
    boolean isBaseline();

    /**
     * The raw peer a Sluice channel is compared with, as an {@code impl} parameter value.
     *
     * @return the peer's name, or null if none.
     */
    String peer();

    /**
     * Smallest acceptable ratio of this channel's throughput to its raw peer's.
     *
     * @return the goal, or NaN if there is no goal (the ratio is shown for information).
     */
    double peerGoal();
}
