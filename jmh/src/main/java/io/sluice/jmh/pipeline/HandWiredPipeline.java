package io.sluice.jmh.pipeline;

import io.sluice.runtime.agent.IdleStrategies;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.jctools.queues.SpscArrayQueue;

import java.util.ArrayList;
import java.util.List;

/**
 * The same pipeline hand-wired: two raw JCTools {@link SpscArrayQueue}s of the same capacity as the Sluice edges,
 * one Agrona {@link Agent} per stage, run by the same Agrona runners as a graph's ({@link CompositeAgent} on one
 * {@link AgentRunner} for the shared thread, one runner per agent otherwise) with the same idle strategy.
 * <p>
 * Backpressure is the simplest rule that never overfills a queue: each duty cycle a stage takes (or the source makes)
 * at most {@code min(batch, capacity - next.size())} messages, so every offer fits. There is no outbox, no
 * water-mark hysteresis, no credit, no counters beyond what the stages' work keeps, no retry or failure handling:
 * the difference to the Sluice graph is Sluice's stage, outbox and channel machinery.
 */
final class HandWiredPipeline extends Pipeline
{
    private final SpscArrayQueue<Integer> first;
    private final SpscArrayQueue<Integer> second;
    private final SourceAgent sourceAgent;
    private final MiddleAgent middleAgent;
    private final SinkAgent sinkAgent;
    private final List<AgentRunner> runners = new ArrayList<>();

    HandWiredPipeline(final boolean sharedThread, final int capacity, final int batch, final String idleStrategy)
    {
        super(capacity, batch, idleStrategy);
        first = new SpscArrayQueue<>(capacity);
        second = new SpscArrayQueue<>(capacity);
        sourceAgent = new SourceAgent(source, first, capacity, batch);
        middleAgent = new MiddleAgent(middle, first, second, capacity, batch);
        sinkAgent = new SinkAgent(sink, second, batch);
        if (sharedThread)
        {
            runners.add(newRunner(new CompositeAgent(sourceAgent, middleAgent, sinkAgent)));
        }
        else
        {
            runners.add(newRunner(sourceAgent));
            runners.add(newRunner(middleAgent));
            runners.add(newRunner(sinkAgent));
        }
    }

    private AgentRunner newRunner(final Agent agent)
    {
        return new AgentRunner(IdleStrategies.newIdleStrategy("idleStrategy", idleStrategy), errors, null, agent);
    }

    @Override
    void start()
    {
        for (final AgentRunner runner : runners)
        {
            AgentRunner.startOnThread(runner);
        }
    }

    @Override
    String stopAndDrain()
    {
        for (final AgentRunner runner : runners)
        {
            // stops the agent and joins its thread: what the agents wrote is visible here afterwards
            runner.close();
        }
        // move what is still in flight to the sink on this thread, the source stopped
        long idleCycles = 0;
        while (!first.isEmpty() || !second.isEmpty())
        {
            final int work = middleAgent.doWork() + sinkAgent.doWork();
            idleCycles = work == 0 ? idleCycles + 1 : 0;
            if (idleCycles > 1_000)
            {
                return "hand-wired queues do not drain: first=" + first.size() + " second=" + second.size();
            }
        }
        return null;
    }

    /**
     * Makes at most {@code min(batch, room of the next queue)} messages per duty cycle.
     */
    static final class SourceAgent implements Agent
    {
        private final StageWork.Source source;
        private final SpscArrayQueue<Integer> out;
        private final int capacity;
        private final int batch;

        SourceAgent(
            final StageWork.Source source, final SpscArrayQueue<Integer> out, final int capacity, final int batch)
        {
            this.source = source;
            this.out = out;
            this.capacity = capacity;
            this.batch = batch;
        }

        @Override
        public int doWork()
        {
            final int limit = Math.min(batch, capacity - out.size());
            for (int i = 0; i < limit; i++)
            {
                if (!out.offer(source.next()))
                {
                    throw new IllegalStateException("hand-wired source: queue refused a message it had room for");
                }
            }
            return Math.max(0, limit);
        }

        @Override
        public String roleName()
        {
            return "hand-wired-source";
        }
    }

    /**
     * Takes at most {@code min(batch, room of the next queue)} messages per duty cycle and passes each on.
     */
    static final class MiddleAgent implements Agent
    {
        private final StageWork.Middle middle;
        private final SpscArrayQueue<Integer> in;
        private final SpscArrayQueue<Integer> out;
        private final int capacity;
        private final int batch;

        MiddleAgent(
            final StageWork.Middle middle,
            final SpscArrayQueue<Integer> in,
            final SpscArrayQueue<Integer> out,
            final int capacity,
            final int batch)
        {
            this.middle = middle;
            this.in = in;
            this.out = out;
            this.capacity = capacity;
            this.batch = batch;
        }

        @Override
        public int doWork()
        {
            final int limit = Math.min(batch, capacity - out.size());
            int taken = 0;
            while (taken < limit)
            {
                final Integer message = in.relaxedPoll();
                if (null == message)
                {
                    break;
                }
                taken++;
                if (!out.offer(middle.apply(message)))
                {
                    throw new IllegalStateException("hand-wired middle: queue refused a message it had room for");
                }
            }
            return taken;
        }

        @Override
        public String roleName()
        {
            return "hand-wired-middle";
        }
    }

    /**
     * Takes at most {@code batch} messages per duty cycle.
     */
    static final class SinkAgent implements Agent
    {
        private final StageWork.Sink sink;
        private final SpscArrayQueue<Integer> in;
        private final int batch;

        SinkAgent(final StageWork.Sink sink, final SpscArrayQueue<Integer> in, final int batch)
        {
            this.sink = sink;
            this.in = in;
            this.batch = batch;
        }

        @Override
        public int doWork()
        {
            int taken = 0;
            while (taken < batch)
            {
                final Integer message = in.relaxedPoll();
                if (null == message)
                {
                    break;
                }
                taken++;
                sink.accept(message);
            }
            return taken;
        }

        @Override
        public String roleName()
        {
            return "hand-wired-sink";
        }
    }
}
