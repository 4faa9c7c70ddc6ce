package io.sluice.runtime.graph;

import org.agrona.concurrent.Agent;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJJ_Result;

/**
 * The counters of a user agent ({@link CountingAgent}, which wraps every agent a graph runs for the user) read by
 * another thread (the metrics publisher) while the agent's thread runs its duty cycles. The agent does work 3 in its
 * first duty cycle, nothing in its second, and throws in its third; the counting thread publishes busy cycles, work
 * and errors before the duty cycle count, and {@link CountingAgent#counters(AgentCounters)} loads the duty cycle count
 * first, so a reader that sees a duty cycle sees what that cycle did.
 * <p>
 * Result: duty cycles, busy cycles, work, errors, as one read saw them.
 */
public final class CountingAgentTests
{
    private CountingAgentTests()
    {
    }

    /**
     * Three duty cycles on one thread, one read on another.
     */
    @JCStressTest
    @Outcome(id = {"0, 0, 0, 0", "1, 1, 3, 0", "2, 1, 3, 0", "3, 1, 3, 1"}, expect = Expect.ACCEPTABLE,
        desc = "The counts of 0, 1, 2 or 3 duty cycles, whole.")
    @Outcome(id = {"0, 1, 0, 0", "0, 1, 3, 0", "0, 1, 3, 1", "1, 1, 3, 1", "2, 1, 3, 1"},
        expect = Expect.ACCEPTABLE,
        desc = "A duty cycle's outcome (busy, work, error) seen before its cycle is counted: the outcome is " +
        "published first, and the reader loads the cycle count before the outcomes.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "A counted duty cycle whose outcome is missing (the first cycle counted without its busy cycle or " +
        "its work, the third without its error), or work without its busy cycle.")
    @State
    public static class ThreeCycles
    {
        final CountingAgent agent = new CountingAgent(new ScriptedAgent(), false, "g");

        /**
         * The agent's thread: three duty cycles, the third throws (the runner's error handler would see it).
         */
        @Actor
        public void agentThread()
        {
            try
            {
                agent.doWork();
                agent.doWork();
                agent.doWork();
            }
            catch (final Exception ex)
            {
                // the scripted failure of the third cycle
            }
        }

        /**
         * The publisher's read.
         *
         * @param r duty cycles, busy cycles, work, errors.
         */
        @Actor
        public void publisher(final JJJJ_Result r)
        {
            final AgentCounters counters = agent.counters(new AgentCounters());
            r.r1 = counters.dutyCycles;
            r.r2 = counters.busyCycles;
            r.r3 = counters.workCount;
            r.r4 = counters.errors;
        }
    }

    /**
     * Does work 3, then nothing, then throws.
     */
    static final class ScriptedAgent implements Agent
    {
        private int cycle;

        @Override
        public int doWork()
        {
            cycle++;
            if (cycle == 1)
            {
                return 3;
            }
            if (cycle == 2)
            {
                return 0;
            }
            throw new IllegalStateException("scripted failure");
        }

        @Override
        public String roleName()
        {
            return "scripted";
        }
    }
}
