package io.sluice.runtime.graph;

import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.CreditMode;
import io.sluice.queues.channel.OfferResult;
import io.sluice.runtime.agent.ThreadingMode;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small graph under test, built but never started: the actors of a jcstress test run its stages' duty cycles
 * ({@link StageAgent#doWork()}) themselves, one stage per actor or several round-robin on one actor, as the runner
 * threads of {@code THREAD_PER_AGENT} or {@code GROUPS} would. Every stage of a graph is on exactly one actor, so
 * each agent keeps its single-thread contract; what crosses threads is what the runtime hands over between stages:
 * the messages on the edges, the close of an edge by its last producer ({@link Edge#producerFinished()}), the close
 * signal of {@link Graph#close()}, credit grants, and the counters read by other threads.
 * <p>
 * Shapes: {@code PIPE} (source "src0" to sink "sink"), {@code RELAY} (src0 to stage "relay" to sink) and
 * {@code FAN_IN} (src0 and src1 into "sink" over one MPSC edge). Messages are int ids {@code (producer + 1) * 100 +
 * seq}, seq counting from 1 per source, so the audit can tell loss, duplication and per-source order from the sink's
 * log alone. Object graphs carry Integers; binary graphs carry the id as a four-byte message of type {@link #TYPE_ID}.
 * <p>
 * In-race checks run on the thread of the stage they concern, right after the duty cycle that finished it: a stage
 * may finish only after every source feeding it ended (or the graph was closing) and only once it has received
 * everything they sent; an edge may be closed only once all of its producers ended. Every wait is bounded: a stage
 * driven by an actor gives up after {@link #PATIENCE} idle rounds and leaves the rest to the arbiter, which finishes
 * the graph on its own thread ({@link #settle()}) before the audit; a bug shows as a forbidden verdict string, not
 * as a hung test. An actor that leaves a graph says so ({@link #leave()}); one that is still there and finds every
 * other actor gone stops at the first round without work, so an actor that fell behind catches up at once instead of
 * waiting out its patience on every graph after.
 */
final class GraphRig
{
    static final String OK = "OK";
    static final int TYPE_ID = 7;
    static final int MAX_SOURCES = 2;
    static final int MAX_MESSAGES = 32;

    /** Rounds in a row without work after which an actor leaves the rest of the run to the arbiter. */
    static final int PATIENCE = 20_000;

    /** Upper bound of the rounds an actor drives, whatever happens. */
    static final int MAX_ROUNDS = 200_000;

    /** Upper bound of the rounds the arbiter drives to finish the graph. */
    static final int SETTLE_ROUNDS = 1_000;

    enum Shape
    {
        PIPE, RELAY, FAN_IN
    }

    /**
     * What to build: shape, kind, edge bounds, how sources emit.
     */
    static final class Spec
    {
        final Shape shape;
        final boolean binary;
        int messages = 5;
        int capacity = 2;
        int highWaterMark = 2;
        int lowWaterMark = 1;
        int batch = 2;
        boolean greedy;
        boolean endless;
        boolean manualCredit;

        private Spec(final Shape shape, final boolean binary)
        {
            this.shape = shape;
            this.binary = binary;
        }

        static Spec of(final Shape shape, final boolean binary)
        {
            return new Spec(shape, binary);
        }

        Spec messages(final int messages)
        {
            this.messages = messages;
            return this;
        }

        Spec marks(final int capacity, final int highWaterMark, final int lowWaterMark)
        {
            this.capacity = capacity;
            this.highWaterMark = highWaterMark;
            this.lowWaterMark = lowWaterMark;
            return this;
        }

        Spec batch(final int batch)
        {
            this.batch = batch;
            return this;
        }

        /**
         * Sources ignore the limit: they emit everything at once and end in the same call, so the outbox holds
         * what the edge has no room for and the source may finish only once it is flushed.
         */
        Spec greedy()
        {
            this.greedy = true;
            return this;
        }

        /**
         * Sources never end by themselves: they emit {@code messages} and then nothing; only the graph's close signal
         * stops them.
         */
        Spec endless()
        {
            this.endless = true;
            return this;
        }

        /**
         * The edge into the sink has MANUAL credits, none initially: the sink's grants (request-n following its room)
         * are all the source may send.
         */
        Spec manualCredit()
        {
            this.manualCredit = true;
            return this;
        }

        String label()
        {
            return (binary ? "binary " : "object ") + shape + (greedy ? "/greedy" : "") + (endless ? "/endless" : "") +
                (manualCredit ? "/manual-credit" : "");
        }
    }

    final Spec spec;
    final String label;
    final Graph graph;
    final GraphControl control;
    final StageAgent[] sources;
    final StageAgent relay;
    final StageAgent sink;
    final StageAgent[] all;
    final Emitter[] emitters;
    final Relay relayHandler;
    final Collector collector;
    private final AtomicReference<String> violation = new AtomicReference<>();
    private final AtomicInteger left = new AtomicInteger();
    private int actors = 2;
    private final ChannelCounters channelCounters = new ChannelCounters();
    private final StageCounters stageCounters = new StageCounters();

    // written by the sink's thread: whether the sink finished on an actor (not in the arbiter's settle)
    private boolean sinkFinishedInRace;
    private boolean settling;

    GraphRig(final Spec spec)
    {
        this.spec = spec;
        this.label = spec.label();
        final int sourceCount = spec.shape == Shape.FAN_IN ? 2 : 1;
        this.emitters = new Emitter[sourceCount];
        this.relayHandler = spec.shape == Shape.RELAY ? new Relay(this) : null;
        this.collector = new Collector(this);

        final GraphBuilder g = GraphBuilder.graph("rig")
            .threading(ThreadingMode.THREAD_PER_AGENT)
            .errorHandler((throwable) -> violation("error handler called: " + throwable));
        final String[] sourceNames = new String[sourceCount];
        for (int p = 0; p < sourceCount; p++)
        {
            sourceNames[p] = "src" + p;
            emitters[p] = new Emitter(this, p, spec);
            if (spec.binary)
            {
                g.binarySource(sourceNames[p], emitters[p]).batch(spec.batch);
            }
            else
            {
                g.<Integer>source(sourceNames[p], emitters[p]).batch(spec.batch);
            }
        }
        if (null != relayHandler)
        {
            if (spec.binary)
            {
                g.binaryStage("relay", relayHandler).batch(spec.batch);
            }
            else
            {
                g.<Integer, Integer>stage("relay", relayHandler).batch(spec.batch);
            }
        }
        if (spec.binary)
        {
            g.binarySink("sink", collector).batch(spec.batch);
        }
        else
        {
            g.<Integer>sink("sink", collector).batch(spec.batch);
        }
        switch (spec.shape)
        {
            case PIPE:
                configure(g.edge("src0->sink", "src0", "sink"), true);
                break;
            case RELAY:
                configure(g.edge("src0->relay", "src0", "relay"), false);
                configure(g.edge("relay->sink", "relay", "sink"), true);
                break;
            default:
                configure(g.edge("merge", List.of(sourceNames), "sink"), true);
                break;
        }
        this.graph = g.build();
        this.sources = new StageAgent[sourceCount];
        for (int p = 0; p < sourceCount; p++)
        {
            sources[p] = graph.stageAgent(sourceNames[p]);
        }
        this.relay = null != relayHandler ? graph.stageAgent("relay") : null;
        this.sink = graph.stageAgent("sink");
        this.control = sink.control;
        final List<String> names = graph.stageNames();
        this.all = new StageAgent[names.size()];
        for (int i = 0; i < all.length; i++)
        {
            all[i] = graph.stageAgent(names.get(i));
        }
    }

    private void configure(final ChannelBuilder<Object> edge, final boolean intoSink)
    {
        edge.capacity(spec.capacity).highWaterMark(spec.highWaterMark).lowWaterMark(spec.lowWaterMark);
        if (spec.binary)
        {
            edge.kind(spec.shape == Shape.FAN_IN ? ChannelKind.BINARY_MPSC : ChannelKind.BINARY_SPSC)
                .maxMessageLength(8);
        }
        if (intoSink && spec.manualCredit)
        {
            edge.creditMode(CreditMode.MANUAL).initialCredits(0);
        }
    }

    static int id(final int producer, final int seq)
    {
        return (producer + 1) * 100 + seq;
    }

    /**
     * How many actors play on this graph (2 unless set; set before the actors start).
     */
    GraphRig actors(final int actors)
    {
        this.actors = actors;
        return this;
    }

    void violation(final String message)
    {
        violation.compareAndSet(null, message);
    }

    boolean sinkFinishedInRace()
    {
        return sinkFinishedInRace;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // driving duty cycles (each stage from one thread only)
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * One duty cycle of a stage on the calling thread, and the checks due if it finished the stage.
     *
     * @return the work the cycle reported.
     */
    int cycle(final StageAgent agent)
    {
        if (agent.isDone())
        {
            return 0;
        }
        final int work = agent.doWork();
        if (agent.role == StageAgent.Role.SOURCE)
        {
            checkClosedEdges(agent);
        }
        if (agent.isDone())
        {
            onFinished(agent);
        }
        return work;
    }

    /**
     * Run the stages' duty cycles round-robin until all are done; or until a round does no work although every other
     * actor had left this graph before it began (nothing can change any more); or until no round did any work for
     * {@link #PATIENCE} rounds in a row (the other actor is late: it will find this one gone and catch up); or for
     * {@link #MAX_ROUNDS} rounds.
     */
    void drive(final StageAgent... agents)
    {
        int idle = 0;
        for (int round = 0; round < MAX_ROUNDS; round++)
        {
            final boolean othersGone = othersLeft();
            int work = 0;
            boolean allDone = true;
            for (final StageAgent agent : agents)
            {
                work += cycle(agent);
                allDone &= agent.isDone();
            }
            if (allDone || (work == 0 && (othersGone || ++idle >= PATIENCE)))
            {
                return;
            }
            if (work != 0)
            {
                idle = 0;
            }
        }
    }

    /**
     * Drive a source as {@link #drive(StageAgent...)} does, checking the close signal around every cycle: a cycle
     * that begins once the signal is visible must not call the source's handler, and must finish the source if
     * nothing is held in its outbox.
     */
    void driveSourceWatchingClose(final StageAgent source, final Emitter emitter)
    {
        int idle = 0;
        for (int round = 0; round < MAX_ROUNDS && !source.isDone(); round++)
        {
            final boolean othersGone = othersLeft();
            final boolean closingBefore = control.isClosing();
            final int callsBefore = emitter.calls;
            final int work = cycle(source);
            if (closingBefore)
            {
                if (emitter.calls != callsBefore)
                {
                    violation("source handler called in a cycle that began after the close signal was visible");
                }
                if (source.stageOutbox.isEmpty() && !source.isDone())
                {
                    violation("source not done after a cycle that began after the close signal, outbox empty");
                }
            }
            if (work == 0 && (othersGone || ++idle >= PATIENCE))
            {
                return;
            }
            if (work != 0)
            {
                idle = 0;
            }
        }
    }

    /**
     * An actor is done with this graph (its role returned); the others stop waiting for it.
     */
    void leave()
    {
        left.incrementAndGet();
    }

    /**
     * Whether every other actor has left this graph.
     */
    boolean othersLeft()
    {
        return left.get() >= actors - 1;
    }

    /**
     * An edge is closed by its last producer only: once a source sees its outbound edge closed, every producer of
     * that edge must have ended (or the graph be closing).
     */
    private void checkClosedEdges(final StageAgent source)
    {
        for (final Edge edge : source.outbound)
        {
            if (edge.channel.isClosed() && !sourcesStopped())
            {
                violation("edge '" + edge.name + "' closed while a producer had not ended");
            }
        }
    }

    /**
     * Whether every source returned END_OF_STREAM, or the graph is closing (read in that order: the close signal is
     * the later event).
     */
    private boolean sourcesStopped()
    {
        for (final Emitter emitter : emitters)
        {
            if (!emitter.ended && !control.isClosing())
            {
                return false;
            }
        }
        return true;
    }

    private long sentBySources()
    {
        long sent = 0;
        for (final Emitter emitter : emitters)
        {
            sent += emitter.sent;
        }
        return sent;
    }

    /**
     * On the thread of a stage whose duty cycle just finished it.
     */
    private void onFinished(final StageAgent agent)
    {
        if (agent.role == StageAgent.Role.SOURCE)
        {
            final Emitter emitter = emitters[agent == sources[0] ? 0 : 1];
            if (!emitter.ended && !control.isClosing())
            {
                violation("source '" + agent.name + "' finished before it ended and without a close signal");
            }
        }
        else
        {
            if (!sourcesStopped())
            {
                violation("'" + agent.name + "' finished before every source ended (early end of stream)");
            }
            final long sent = sentBySources();
            final long received = agent == relay ? relayHandler.forwarded : collector.size;
            if (received != sent)
            {
                violation("'" + agent.name + "' finished having received " + received + " of the " + sent +
                    " messages sent (lost before end of stream)");
            }
            if (agent == sink && !settling)
            {
                sinkFinishedInRace = true;
            }
        }
        if (agent.doWork() != 0)
        {
            violation("'" + agent.name + "' did work after it finished");
        }
    }

    /**
     * Arbiter: finish the graph on this thread (the actors are done), then audit it.
     */
    void settle()
    {
        settling = true;
        if (spec.endless && !control.isClosing())
        {
            violation("endless sources but nobody signalled close");
            return;
        }
        for (int round = 0; round < SETTLE_ROUNDS && !graph.isDone(); round++)
        {
            for (final StageAgent agent : all)
            {
                cycle(agent);
            }
        }
    }

    /**
     * Arbiter, after {@link #settle()}: the first failure, or {@link #OK}.
     */
    String audit()
    {
        final String inRace = violation.get();
        if (null != inRace)
        {
            return inRace;
        }
        if (!graph.isDone())
        {
            return "graph not done after the arbiter drove it for " + SETTLE_ROUNDS + " rounds";
        }
        final String log = auditLog();
        if (null != log)
        {
            return log;
        }
        final long sent = sentBySources();
        for (final String edge : graph.edgeNames())
        {
            final ChannelCounters c = graph.edgeCounters(edge, channelCounters);
            if (!c.isConserved() || !c.closed() || c.accepted() != sent || c.delivered() != sent)
            {
                return "edge '" + edge + "' after the run: " + c + " (sent " + sent + ")";
            }
        }
        for (final String stage : graph.stageNames())
        {
            final StageCounters s = graph.stageCounters(stage, stageCounters);
            final StageAgent agent = graph.stageAgent(stage);
            final long in = agent.role == StageAgent.Role.SOURCE ? 0 : sent;
            final long out = agent.role == StageAgent.Role.SINK ? 0 :
                agent.role == StageAgent.Role.SOURCE ? emitters[agent == sources[0] ? 0 : 1].sent : sent;
            if (!s.done() || s.held() != 0 || s.retrying() != 0 || s.received() != in || s.succeeded() != in ||
                s.emitted() != out || !s.isConserved())
            {
                return "stage '" + stage + "' after the run: " + s + " (expected received " + in + ", emitted " +
                    out + ")";
            }
        }
        return OK;
    }

    /**
     * The sink's log: per source, seq 1..sent in order, nothing else; every source sent all its messages unless the
     * graph was closed.
     */
    private String auditLog()
    {
        final int[] next = new int[emitters.length];
        for (int i = 0; i < collector.size; i++)
        {
            final int id = collector.log[i];
            final int producer = id / 100 - 1;
            final int seq = id % 100;
            if (producer < 0 || producer >= emitters.length || seq != next[producer] + 1)
            {
                return "sink log " + logString() + ": id " + id + " at " + i + " lost, repeated or out of order";
            }
            next[producer] = seq;
        }
        for (int p = 0; p < emitters.length; p++)
        {
            if (next[p] != emitters[p].sent)
            {
                return "sink log " + logString() + ": source " + p + " sent " + emitters[p].sent + ", sink got " +
                    next[p];
            }
            if (!control.isClosing() && emitters[p].sent != spec.messages)
            {
                return "source " + p + " sent " + emitters[p].sent + " of " + spec.messages + " without a close";
            }
        }
        return null;
    }

    private String logString()
    {
        final StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < collector.size; i++)
        {
            sb.append(i == 0 ? "" : " ").append(collector.log[i]);
        }
        return sb.append(']').toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // handlers
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * A source: emits seq 1..messages of its producer index, by the limit (or all at once if greedy), then ends
     * (unless endless). Its plain fields belong to the source's thread; {@link #ended} and {@link #sent} are read by
     * the downstream stages' threads, written before the handler returns (so before the source can finish and close
     * its edge).
     */
    static final class Emitter implements SourceHandler<Integer>, BinarySourceHandler
    {
        private final GraphRig rig;
        private final int producer;
        private final int messages;
        private final boolean greedy;
        private final boolean endless;
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Integer.BYTES]);
        int next = 1;
        int calls;
        volatile int sent;
        volatile boolean ended;

        Emitter(final GraphRig rig, final int producer, final Spec spec)
        {
            this.rig = rig;
            this.producer = producer;
            this.messages = spec.messages;
            this.greedy = spec.greedy;
            this.endless = spec.endless;
        }

        @Override
        public int produce(final Outbox<Integer> outbox, final int limit)
        {
            final int n = toEmit(limit);
            if (n < 0)
            {
                return end();
            }
            for (int i = 0; i < n; i++)
            {
                checkEmit(outbox.emit(id(producer, next)));
            }
            return afterEmits(n);
        }

        @Override
        public int produce(final BinaryOutbox outbox, final int limit)
        {
            final int n = toEmit(limit);
            if (n < 0)
            {
                return end();
            }
            for (int i = 0; i < n; i++)
            {
                buffer.putInt(0, id(producer, next));
                checkEmit(outbox.emit(TYPE_ID, buffer, 0, Integer.BYTES));
            }
            return afterEmits(n);
        }

        private int toEmit(final int limit)
        {
            calls++;
            if (ended)
            {
                rig.violation("source " + producer + " called after it returned END_OF_STREAM");
            }
            if (limit < 1)
            {
                rig.violation("source " + producer + " called with limit=" + limit + " (documented at least 1)");
            }
            final int remaining = messages - next + 1;
            if (remaining == 0 && !endless)
            {
                return -1;
            }
            return greedy ? remaining : Math.min(limit, remaining);
        }

        private void checkEmit(final int result)
        {
            if (result != OfferResult.ACCEPTED)
            {
                rig.violation("source " + producer + ": emit of seq " + next + " returned " +
                    OfferResult.toString(result) + " (a BLOCK edge must take or hold it)");
            }
            next++;
        }

        private int afterEmits(final int n)
        {
            sent = next - 1;
            if (greedy && !endless)
            {
                return end();
            }
            return n;
        }

        private int end()
        {
            ended = true;
            return END_OF_STREAM;
        }
    }

    /**
     * The middle stage of a RELAY graph: forwards every message unchanged. {@link #forwarded} is written by the
     * relay's thread, read there and by the arbiter.
     */
    static final class Relay implements StageHandler<Integer, Integer>, BinaryStageHandler
    {
        private final GraphRig rig;
        long forwarded;

        Relay(final GraphRig rig)
        {
            this.rig = rig;
        }

        @Override
        public void onMessage(final Integer message, final Outbox<Integer> outbox)
        {
            check(outbox.emit(message), message);
        }

        @Override
        public void onMessage(
            final int typeId, final DirectBuffer buffer, final int offset, final int length, final BinaryOutbox outbox)
        {
            check(outbox.emit(typeId, buffer, offset, length), buffer.getInt(offset));
        }

        private void check(final int result, final int id)
        {
            if (result != OfferResult.ACCEPTED)
            {
                rig.violation("relay: emit of id " + id + " returned " + OfferResult.toString(result));
            }
            forwarded++;
        }
    }

    /**
     * The sink: logs every id it receives, on the sink's thread.
     */
    static final class Collector implements SinkHandler<Integer>, BinarySinkHandler
    {
        private final GraphRig rig;
        final int[] log = new int[MAX_SOURCES * MAX_MESSAGES];
        int size;

        Collector(final GraphRig rig)
        {
            this.rig = rig;
        }

        @Override
        public void onMessage(final Integer message)
        {
            record(message);
        }

        @Override
        public void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
        {
            if (typeId != TYPE_ID || length != Integer.BYTES)
            {
                rig.violation("sink got typeId=" + typeId + " length=" + length);
                return;
            }
            record(buffer.getInt(offset));
        }

        private void record(final int id)
        {
            if (size == log.length)
            {
                rig.violation("sink got more than " + log.length + " messages");
                return;
            }
            log[size++] = id;
        }
    }
}
