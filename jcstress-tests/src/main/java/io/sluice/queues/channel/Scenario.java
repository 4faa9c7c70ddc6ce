package io.sluice.queues.channel;

import org.openjdk.jcstress.infra.results.IL_Result;

/**
 * One channel raced in one way: a {@link Rig} and what each actor does with it. A jcstress test holds several
 * scenarios (one per policy, or per kind) in its state and each actor plays its role on every scenario in turn, in
 * the same order, so the actors meet on each channel. Bundling keeps the number of jcstress tests, and so the fixed
 * cost jcstress pays per test and per VM configuration, small.
 */
final class Scenario
{
    /**
     * What one actor does with a rig.
     */
    @FunctionalInterface
    interface Role
    {
        void play(Rig rig);
    }

    /**
     * A yes/no fact about a finished run, counted in the result.
     */
    @FunctionalInterface
    interface Flag
    {
        boolean test(Rig rig);
    }

    /**
     * The arbiter's check of a finished run.
     */
    @FunctionalInterface
    interface Verdict
    {
        String of(Rig rig);
    }

    static final Role IDLE = rig ->
    {
    };

    final String label;
    final Rig rig;
    private final Role first;
    private final Role second;
    private final Role third;
    private final Flag flag;
    private final Verdict verdict;

    Scenario(final Spec spec, final Role first, final Role second, final Role third, final Flag flag,
        final Verdict verdict)
    {
        this.label = spec.kind + "/" + spec.policy;
        this.rig = spec.build();
        this.first = first;
        this.second = second;
        this.third = third;
        this.flag = flag;
        this.verdict = verdict;
    }

    Scenario(final Spec spec, final Role first, final Role second, final Flag flag)
    {
        this(spec, first, second, IDLE, flag, Rig::audit);
    }

    static void playFirst(final Scenario[] scenarios)
    {
        for (final Scenario scenario : scenarios)
        {
            scenario.first.play(scenario.rig);
        }
    }

    static void playSecond(final Scenario[] scenarios)
    {
        for (final Scenario scenario : scenarios)
        {
            scenario.second.play(scenario.rig);
        }
    }

    static void playThird(final Scenario[] scenarios)
    {
        for (final Scenario scenario : scenarios)
        {
            scenario.third.play(scenario.rig);
        }
    }

    /**
     * Audit every scenario. r1: in how many the flag is set; r2: {@link Rig#OK}, or the first failure prefixed with
     * its scenario's kind and policy.
     */
    static void verdict(final Scenario[] scenarios, final IL_Result r)
    {
        String result = Rig.OK;
        int flagged = 0;
        for (final Scenario scenario : scenarios)
        {
            final String audit = scenario.verdict.of(scenario.rig);
            if (!Rig.OK.equals(audit) && Rig.OK.equals(result))
            {
                result = scenario.label + ": " + audit;
            }
            if (scenario.flag.test(scenario.rig))
            {
                flagged++;
            }
        }
        r.r1 = flagged;
        r.r2 = result;
    }
}
