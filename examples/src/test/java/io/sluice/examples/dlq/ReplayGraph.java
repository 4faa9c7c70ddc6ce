package io.sluice.examples.dlq;

import io.sluice.persistence.codec.Codecs;
import io.sluice.persistence.deadletter.ChronicleDeadLetterStore;
import io.sluice.persistence.deadletter.DeadLetterReplayAgent;
import io.sluice.queues.channel.ObjectChannel;
import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.failure.RetryPolicy;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.GraphBuilder;
import io.sluice.runtime.graph.Outbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A graph as an application would run it, with a {@link DeadLetterReplayAgent} on its dead-letter store: a source
 * that emits nothing into {@value #EDGE}, a sink "parse" that collects what the edge delivers (and fails while
 * paused, retrying every millisecond, so the edge fills up), the store open as the sink's dead-letter sink, all on
 * one shared thread. Used in this JVM by {@link DlqReplayToEdgeTest}, and as a child JVM by {@link #main}.
 */
final class ReplayGraph implements AutoCloseable
{
    static final String EDGE = "orders->parse";

    final Queue<String> received = new ConcurrentLinkedQueue<>();
    volatile boolean paused;
    final Graph graph;
    private final ChronicleDeadLetterStore<String> store;

    @SuppressWarnings("unchecked")
    ReplayGraph(final Path storeDirectory)
    {
        store = ChronicleDeadLetterStore.open(storeDirectory, Codecs.utf8());
        final GraphBuilder builder = GraphBuilder.graph("replay-target");
        builder.source("orders", (Outbox<String> out, int limit) -> 0);
        builder.sink("parse", (String m) ->
        {
            if (paused)
            {
                throw new IllegalStateException("paused");
            }
            received.add(m);
        }).retry(RetryPolicy.fixed(RetryPolicy.MAX_ATTEMPTS, 1, TimeUnit.MILLISECONDS)).deadLetters(store);
        builder.edge(EDGE, "orders", "parse").capacity(16);
        // declared with the graph, edges added once it is built, before it starts: works in every threading mode
        final DeadLetterReplayAgent replay = new DeadLetterReplayAgent(storeDirectory);
        builder.agent(replay);
        graph = builder.threading(ThreadingMode.SHARED_THREAD).errorHandler((t) ->
        {
        }).build();
        replay.objectEdge(EDGE, (ObjectChannel<String>)graph.channel(EDGE), Codecs.utf8());
        graph.start();
    }

    /**
     * Wait until the sink has received a number of messages.
     *
     * @return false if the deadline passed first.
     */
    boolean awaitReceived(final int count, final long timeout, final TimeUnit unit)
    {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (received.size() < count)
        {
            if (System.nanoTime() - deadline >= 0)
            {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }

    List<String> receivedList()
    {
        return new ArrayList<>(received);
    }

    @Override
    public void close()
    {
        paused = false;
        try
        {
            graph.close(10, TimeUnit.SECONDS);
        }
        finally
        {
            store.close();
        }
    }

    /**
     * A child JVM: run the graph on a store directory, say "READY pid", and once the sink has received the expected
     * number of messages (args[1]), print them on one line ("RECEIVED m0,m1,...") and end.
     *
     * @param args the store directory and the number of messages expected.
     */
    public static void main(final String[] args)
    {
        final int expected = Integer.parseInt(args[1]);
        try (ReplayGraph graph = new ReplayGraph(Path.of(args[0])))
        {
            System.out.println("READY " + ProcessHandle.current().pid());
            System.out.flush();
            final boolean all = graph.awaitReceived(expected, 60, TimeUnit.SECONDS);
            System.out.println((all ? "RECEIVED " : "TIMED OUT ") + String.join(",", graph.receivedList()));
            System.out.flush();
        }
    }
}
