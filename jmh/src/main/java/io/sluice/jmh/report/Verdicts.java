package io.sluice.jmh.report;

/**
 * The verdict on a ratio against a goal, taking the ratio's error into account: "PASS" when the whole error bar
 * meets the goal, "PASS (within error)" when the ratio does and the bar crosses it, "FAIL (within error)" when only
 * the bar reaches it, "FAIL" otherwise; "(no error estimate)" without an error, "n/a" without a ratio. Every report
 * judges its ratios this way ({@link Goals} and the metrics overhead report).
 */
public final class Verdicts
{
    private Verdicts()
    {
    }

    /**
     * Verdict on "ratio at least goal" (a rate, where higher is better).
     *
     * @param ratio the ratio, NaN if unknown.
     * @param error its half-width, NaN if unknown.
     * @param goal  the least ratio that meets the goal.
     * @return the verdict, e.g. "PASS (within error)".
     */
    public static String atLeast(final double ratio, final double error, final double goal)
    {
        return verdict(ratio, error, ratio - goal);
    }

    /**
     * Verdict on "ratio at most goal" (a time or a latency, where lower is better).
     *
     * @param ratio the ratio, NaN if unknown.
     * @param error its half-width, NaN if unknown.
     * @param goal  the greatest ratio that meets the goal.
     * @return the verdict, e.g. "FAIL (within error)".
     */
    public static String atMost(final double ratio, final double error, final double goal)
    {
        return verdict(ratio, error, goal - ratio);
    }

    /**
     * @param margin how far the ratio is on the good side of the goal (negative: on the bad side).
     */
    private static String verdict(final double ratio, final double error, final double margin)
    {
        if (Double.isNaN(ratio))
        {
            return "n/a";
        }
        if (Double.isNaN(error))
        {
            return margin >= 0 ? "PASS (no error estimate)" : "FAIL (no error estimate)";
        }
        if (margin - error >= 0)
        {
            return "PASS";
        }
        if (margin >= 0)
        {
            return "PASS (within error)";
        }
        return margin + error >= 0 ? "FAIL (within error)" : "FAIL";
    }
}
