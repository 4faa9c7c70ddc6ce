package io.sluice.runtime.graph;

import org.openjdk.jcstress.infra.results.IL_Result;

/**
 * One graph raced in one way: a {@link GraphRig} and what each actor does with it. As in the channel tests, a
 * jcstress test holds several scenarios in its state and each actor plays its role on every scenario in turn, in the
 * same order, so the actors meet on each graph; bundling keeps the number of tests (and jcstress's fixed cost per
 * test) small.
 */
final class GraphScenario
{
    /**
     * What one actor does with a rig.
     */
    @FunctionalInterface
    interface Role
    {
        void play(GraphRig rig);
    }

    static final Role IDLE = rig ->
    {
    };

    final GraphRig rig;
    private final Role first;
    private final Role second;
    private final Role third;

    GraphScenario(final GraphRig.Spec spec, final Role first, final Role second, final Role third)
    {
        this.rig = new GraphRig(spec).actors(third == IDLE ? 2 : 3);
        this.first = first;
        this.second = second;
        this.third = third;
    }

    GraphScenario(final GraphRig.Spec spec, final Role first, final Role second)
    {
        this(spec, first, second, IDLE);
    }

    static void playFirst(final GraphScenario[] scenarios)
    {
        for (final GraphScenario scenario : scenarios)
        {
            scenario.first.play(scenario.rig);
            scenario.rig.leave();
        }
    }

    static void playSecond(final GraphScenario[] scenarios)
    {
        for (final GraphScenario scenario : scenarios)
        {
            scenario.second.play(scenario.rig);
            scenario.rig.leave();
        }
    }

    static void playThird(final GraphScenario[] scenarios)
    {
        for (final GraphScenario scenario : scenarios)
        {
            scenario.third.play(scenario.rig);
            scenario.rig.leave();
        }
    }

    /**
     * Settle and audit every scenario. r1: in how many the sink finished on its actor (during the race, not in the
     * arbiter); r2: {@link GraphRig#OK}, or the first failure prefixed with its scenario's label.
     */
    static void verdict(final GraphScenario[] scenarios, final IL_Result r)
    {
        String result = GraphRig.OK;
        int finishedInRace = 0;
        for (final GraphScenario scenario : scenarios)
        {
            final GraphRig rig = scenario.rig;
            rig.settle();
            final String audit = rig.audit();
            if (!GraphRig.OK.equals(audit) && GraphRig.OK.equals(result))
            {
                result = rig.label + ": " + audit;
            }
            if (rig.sinkFinishedInRace())
            {
                finishedInRace++;
            }
        }
        r.r1 = finishedInRace;
        r.r2 = result;
    }
}
