package io.sluice.runtime.metrics;

import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.graph.AgentCounters;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.GraphBuilder;
import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.graph.SourceHandler;
import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * User agents (declared with the builder and joined at run time) are counted in the counters file, read by a
 * {@link CountersFileReader} as another process would.
 */
class SluiceMetricsAgentTest
{
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(20);

    /**
     * Does {@code busyCalls} calls of work {@code workPerCall}, then throws {@code errorCalls} times, then idles;
     * remembers what it reported.
     */
    static final class ScriptedAgent implements Agent
    {
        final String name;
        final int busyCalls;
        final int workPerCall;
        final int errorCalls;
        final AtomicLong calls = new AtomicLong();
        final AtomicLong reportedWork = new AtomicLong();
        final AtomicLong reportedBusy = new AtomicLong();
        final AtomicLong thrown = new AtomicLong();

        ScriptedAgent(final String name, final int busyCalls, final int workPerCall, final int errorCalls)
        {
            this.name = name;
            this.busyCalls = busyCalls;
            this.workPerCall = workPerCall;
            this.errorCalls = errorCalls;
        }

        @Override
        public int doWork()
        {
            final long call = calls.incrementAndGet();
            if (call <= busyCalls)
            {
                reportedBusy.incrementAndGet();
                reportedWork.addAndGet(workPerCall);
                return workPerCall;
            }
            if (call <= busyCalls + errorCalls)
            {
                thrown.incrementAndGet();
                throw new IllegalStateException("scripted failure " + call);
            }
            return 0;
        }

        boolean finishedScript()
        {
            return calls.get() > busyCalls + errorCalls;
        }

        @Override
        public String roleName()
        {
            return name;
        }
    }

    static Graph graph(final SluiceMetrics metrics, final Agent agent, final AtomicLong handledErrors)
    {
        final int[] next = {0};
        final GraphBuilder builder = GraphBuilder.graph("agents");
        builder.source("src", (Outbox<Integer> out, int limit) ->
        {
            if (next[0] == 10)
            {
                return SourceHandler.END_OF_STREAM;
            }
            out.emit(next[0]++);
            return 1;
        });
        builder.sink("store", (Integer m) ->
        {
        });
        builder.edge("src->store", "src", "store");
        return builder.agent(agent).threading(ThreadingMode.SHARED_THREAD).idleStrategy("yielding")
            .errorHandler((t) -> handledErrors.incrementAndGet()).metrics(metrics).build();
    }

    private static EntitySnapshot awaitAgent(
        final Path file, final String name, final String what, final Predicate<EntitySnapshot> condition)
    {
        final long deadline = System.nanoTime() + DEADLINE_NS;
        EntitySnapshot last = null;
        while (System.nanoTime() - deadline < 0)
        {
            try (CountersFileReader reader = CountersFileReader.open(file))
            {
                final GraphSnapshot graph = reader.snapshot().graph("agents");
                last = null == graph ? null : graph.agent(name);
                if (null != last && condition.test(last))
                {
                    return last;
                }
            }
            Thread.onSpinWait();
        }
        return fail("agent '" + name + "' never showed " + what + " in the counters file within 20 s; last " + last);
    }

    private static void awaitScript(final ScriptedAgent agent)
    {
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (!agent.finishedScript())
        {
            assertTrue(System.nanoTime() - deadline < 0, "agent '" + agent.name + "' did not run its script in 20 s");
            Thread.onSpinWait();
        }
    }

    @Test
    void shouldCountDeclaredAndJoinedAgentsInTheCountersFile(@TempDir final Path dir)
    {
        final AtomicLong handledErrors = new AtomicLong();
        final ScriptedAgent declared = new ScriptedAgent("declared", 10, 3, 2);
        final ScriptedAgent joined = new ScriptedAgent("joined", 7, 5, 3);
        try (SluiceMetrics metrics = SluiceMetrics.start(new MetricsOptions().directory(dir)
            .publishInterval(5, TimeUnit.MILLISECONDS)))
        {
            final Graph graph = graph(metrics, declared, handledErrors);
            try
            {
                graph.start();
                awaitScript(declared);
                final EntitySnapshot first = awaitAgent(metrics.file(), "declared", "its script",
                    (a) -> a.value(SluiceMetric.AGENT_ERRORS) == 2 && a.value(SluiceMetric.AGENT_DUTY_CYCLES) > 12);
                assertEquals(declared.reportedBusy.get(), first.value(SluiceMetric.AGENT_BUSY_CYCLES));
                assertEquals(declared.reportedWork.get(), first.value(SluiceMetric.AGENT_WORK));
                assertEquals(30, first.value(SluiceMetric.AGENT_WORK));
                assertEquals(declared.thrown.get(), first.value(SluiceMetric.AGENT_ERRORS));
                assertEquals(0, first.value(SluiceMetric.AGENT_INFO));
                assertEquals(0, first.value(SluiceMetric.AGENT_CLOSED));
                assertEquals("false", first.attribute("joined"));
                // the duty cycle is learnt at start; the label follows at the next publication
                awaitAgent(metrics.file(), "declared", "its duty cycle", (a) -> "agents".equals(a.attribute("group")));
                final long cycles = first.value(SluiceMetric.AGENT_DUTY_CYCLES);
                awaitAgent(metrics.file(), "declared", "more duty cycles",
                    (a) -> a.value(SluiceMetric.AGENT_DUTY_CYCLES) > cycles);

                final long deadline = System.nanoTime() + DEADLINE_NS;
                while (!graph.join(joined))
                {
                    assertTrue(System.nanoTime() - deadline < 0, "join was refused for 20 s");
                    Thread.onSpinWait();
                }
                awaitScript(joined);
                final EntitySnapshot second = awaitAgent(metrics.file(), "joined", "its script",
                    (a) -> a.value(SluiceMetric.AGENT_ERRORS) == 3 && a.value(SluiceMetric.AGENT_DUTY_CYCLES) > 10);
                assertEquals(7, second.value(SluiceMetric.AGENT_BUSY_CYCLES));
                assertEquals(joined.reportedWork.get(), second.value(SluiceMetric.AGENT_WORK));
                assertEquals(35, second.value(SluiceMetric.AGENT_WORK));
                assertEquals(1, second.value(SluiceMetric.AGENT_INFO));
                assertEquals("true", second.attribute("joined"));
                assertEquals("agents", second.attribute("group"));
                assertEquals(0, second.value(SluiceMetric.AGENT_CLOSED));
                assertTrue(second.value(SluiceMetric.AGENT_SATURATION) >= 0 &&
                    second.value(SluiceMetric.AGENT_SATURATION) <= 1_000_000);

                // the errors were still handled by the graph's error handler (after the wrapper counted them)
                while (handledErrors.get() < 5)
                {
                    assertTrue(System.nanoTime() - deadline < 0, "handled " + handledErrors.get() + " errors of 5");
                    Thread.onSpinWait();
                }
                assertEquals(5, handledErrors.get());

                while (!graph.leave("agents", joined))
                {
                    assertTrue(System.nanoTime() - deadline < 0, "leave was refused for 20 s");
                    Thread.onSpinWait();
                }
                final EntitySnapshot left = awaitAgent(metrics.file(), "joined", "its closed flag",
                    (a) -> a.value(SluiceMetric.AGENT_CLOSED) == 1);
                final long callsAfterLeave = joined.calls.get();
                assertEquals(callsAfterLeave, left.value(SluiceMetric.AGENT_DUTY_CYCLES));
                assertEquals(0, awaitAgent(metrics.file(), "declared", "still running",
                    (a) -> true).value(SluiceMetric.AGENT_CLOSED));

                final AgentCounters counters = graph.agentCounters(1, new AgentCounters());
                assertEquals("joined", counters.name());
                assertTrue(counters.closed());
                assertEquals(2, graph.agentCount());
            }
            finally
            {
                graph.close();
            }
            try (CountersFileReader reader = CountersFileReader.open(metrics.file()))
            {
                assertEquals(null, reader.snapshot().graph("agents"), "a closed graph frees its agents' counters");
            }
        }
    }

    @Test
    void shouldRunAndCountAnAgentBeyondMaxAgentsPerGraphWithoutRegisteringIt(@TempDir final Path dir)
    {
        final AtomicLong handledErrors = new AtomicLong();
        final ScriptedAgent declared = new ScriptedAgent("declared", 1, 1, 0);
        final ScriptedAgent extra = new ScriptedAgent("extra", 4, 2, 0);
        final AtomicLong missed = new AtomicLong();
        try (SluiceMetrics metrics = SluiceMetrics.start(new MetricsOptions().directory(dir).maxAgentsPerGraph(1)
            .publishInterval(5, TimeUnit.MILLISECONDS), (t) -> missed.incrementAndGet()))
        {
            final Graph graph = graph(metrics, declared, handledErrors);
            try
            {
                graph.start();
                // join needs the duty cycle to have started (Agrona's composite refuses an add before onStart)
                awaitScript(declared);
                final long deadline = System.nanoTime() + DEADLINE_NS;
                while (!graph.join(extra))
                {
                    assertTrue(System.nanoTime() - deadline < 0, "join was refused for 20 s");
                    Thread.onSpinWait();
                }
                awaitScript(extra);
                while (metrics.agentsNotRegistered() == 0)
                {
                    assertTrue(System.nanoTime() - deadline < 0, "the miss was not counted in 20 s");
                    Thread.onSpinWait();
                }
                assertEquals(1, metrics.agentsNotRegistered());
                assertEquals(1, missed.get());
                try (CountersFileReader reader = CountersFileReader.open(metrics.file()))
                {
                    final GraphSnapshot view = reader.snapshot().graph("agents");
                    assertNotNull(view.agent("declared"));
                    assertEquals(1, view.agents().size());
                }
                final AgentCounters counters = graph.agentCounters(1, new AgentCounters());
                assertEquals(4, counters.busyCycles());
                assertEquals(8, counters.workCount());
            }
            finally
            {
                graph.close();
            }
        }
    }

    @Test
    void shouldNameMaxAgentsPerGraphInItsError()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> SluiceMetrics.start(new MetricsOptions().maxAgentsPerGraph(-1)));
        assertEquals("metrics maxAgentsPerGraph: -1 is out of range; allowed 0 to 4096", ex.getMessage());
    }
}
