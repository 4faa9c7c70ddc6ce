package io.sluice.examples.readme;

import io.sluice.examples.spill.Tick;
import io.sluice.metrics.prometheus.PrometheusEndpoint;
import io.sluice.metrics.prometheus.PrometheusOptions;
import io.sluice.examples.spill.TickCodec;
import io.sluice.persistence.spill.ChronicleSpillStore;
import io.sluice.persistence.spill.SpillOptions;
import io.sluice.queues.channel.BinaryChannel;
import io.sluice.queues.channel.BinaryClaim;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.ObjectChannel;
import io.sluice.queues.channel.ObjectHandler;
import io.sluice.queues.overflow.OverflowPolicy;
import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.failure.BreakerOpenAction;
import io.sluice.runtime.failure.CircuitBreaker;
import io.sluice.runtime.failure.RetryPolicy;
import io.sluice.runtime.graph.CloseReport;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.GraphBuilder;
import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.graph.SinkHandler;
import io.sluice.runtime.graph.SourceHandler;
import io.sluice.runtime.metrics.MetricsOptions;
import io.sluice.runtime.metrics.SluiceMetrics;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The snippets of the README. Each sits between {@code // README:begin NAME} and {@code // README:end} lines;
 * {@code ReadmeSnippetsTest} runs them and checks the README quotes them exactly.
 */
public final class ReadmeSnippets
{
    /**
     * Type id of the binary snippet's message.
     */
    public static final int MSG_TYPE = 7;

    private ReadmeSnippets()
    {
    }

    /**
     * Build an object channel, offer one message and drain it.
     *
     * @param handler receives what is drained.
     * @return the number of messages drained.
     */
    public static int objectChannel(final ObjectHandler<Long> handler)
    {
        // README:begin object-channel
        ObjectChannel<Long> channel = ChannelBuilder.<Long>channel("orders")
            .kind(ChannelKind.OBJECT_SPSC)
            .capacity(4096)
            .highWaterMark(3072)      // unwritable at this depth ...
            .lowWaterMark(1024)       // ... and writable again at this one
            .policy(OverflowPolicy.BLOCK)
            .blockTimeout(10, TimeUnit.MILLISECONDS)
            .buildObjectChannel();

        int result = channel.offer(42L);             // an OfferResult code, never an exception for a full channel
        int delivered = channel.drain(handler, 256); // a work count for an Agrona IdleStrategy
        // README:end
        return result > 0 ? delivered : -1;
    }

    /**
     * Claim, write and commit a binary message in place.
     *
     * @param channel  a binary channel.
     * @param price    first field.
     * @param quantity second field.
     * @return the commit's result, or the claim's if it failed.
     */
    public static int binaryClaim(final BinaryChannel channel, final long price, final long quantity)
    {
        // README:begin binary-claim
        BinaryClaim claim = channel.newClaim();                     // one per producer thread, reused
        if (channel.claim(MSG_TYPE, 16, claim) > 0)
        {
            claim.buffer().putLong(claim.offset(), price);
            claim.buffer().putLong(claim.offset() + 8, quantity);
            return claim.commit();
        }
        // README:end
        return -1;
    }

    /**
     * Build, start and close a three-stage graph.
     *
     * @param ingest  the source.
     * @param publish the sink.
     * @return the close report.
     */
    public static CloseReport graph(final SourceHandler<Long> ingest, final SinkHandler<Long> publish)
    {
        // README:begin graph
        GraphBuilder g = GraphBuilder.graph("orders");
        g.source("ingest", ingest);               // called each duty cycle with the room downstream
        g.stage("price", (Long order, Outbox<Long> out) -> out.emit(order * 100))
            .retry(RetryPolicy.exponential(5, 1, 100, TimeUnit.MILLISECONDS));
        g.sink("publish", publish)
            .circuitBreaker(CircuitBreaker.builder("publish").failureThreshold(5).build(), BreakerOpenAction.HOLD);
        g.edge("ingest->price", "ingest", "price").capacity(1024).highWaterMark(768).lowWaterMark(256);
        g.edge("price->publish", "price", "publish").capacity(256);
        Graph graph = g.threading(ThreadingMode.THREAD_PER_AGENT).idleStrategy("backoff").build();

        graph.start();
        String slowest = graph.bottleneck();   // the edge nearest the sinks that is holding the flow back
        CloseReport report = graph.close(5, TimeUnit.SECONDS); // stop sources, drain every edge, stop threads
        // README:end
        return report;
    }

    /**
     * Spill ticks to a Chronicle store while nobody consumes, then take them all back, in order.
     *
     * @param dir   the spill directory.
     * @param count ticks to offer.
     * @return the sequence numbers delivered, in order.
     */
    public static List<Long> spill(final Path dir, final int count)
    {
        // README:begin spill
        ChronicleSpillStore<Tick> store = SpillOptions.directory(dir).ackEvery(64).objectStore(new TickCodec(1024));
        ObjectChannel<Tick> ticks = ChannelBuilder.<Tick>channel("ticks").kind(ChannelKind.OBJECT_SPSC).capacity(4096)
            .policy(OverflowPolicy.SPILL).spillStore(store).buildObjectChannel();
        // README:end
        final List<Long> delivered = new ArrayList<>();
        try (store)
        {
            for (int i = 1; i <= count; i++)
            {
                ticks.offer(new Tick().set(i, 0, 1, 100, 1));
            }
            while (ticks.drain(tick -> delivered.add(tick.sequence()), 256) > 0)
            {
                // memory first, then the spill, in offer order
            }
        }
        return delivered;
    }

    /**
     * Run a graph with metrics and a Prometheus endpoint, and scrape it once the source has ended.
     *
     * @param dir      the counters directory.
     * @param readings the source.
     * @return the scrape.
     * @throws Exception if the scrape fails.
     */
    public static String observability(final Path dir, final SourceHandler<Long> readings) throws Exception
    {
        // README:begin observability
        try (SluiceMetrics metrics = SluiceMetrics.start(new MetricsOptions().directory(dir));  // default: /dev/shm
             PrometheusEndpoint prometheus = PrometheusEndpoint.start(metrics, new PrometheusOptions().port(0)))
        {
            GraphBuilder g = GraphBuilder.graph("telemetry").metrics(metrics);  // every edge, stage, the graph
            g.source("sensor", readings);
            g.sink("store", (Long reading) -> { });
            g.edge("sensor->store", "sensor", "store").capacity(1024);
            Graph graph = g.build();
            graph.start();              // watch: bin/sluice stat --dir <dir>; scrape: prometheus.uri()
            // README:end
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!graph.isDone() && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
            metrics.publishNow();
            final HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(prometheus.uri()).build(), HttpResponse.BodyHandlers.ofString());
            graph.close();
            return scrape.body();
        }
    }

    /**
     * Run a graph inside the caller's own duty cycle (threading mode {@code INVOKER}) until its source ends.
     *
     * @param feed      the source.
     * @param book      the sink.
     * @param myOwnWork the loop's own work, called once per cycle.
     * @return the graph's close report.
     */
    public static CloseReport embedded(
        final SourceHandler<Long> feed, final SinkHandler<Long> book, final IntSupplier myOwnWork)
    {
        // README:begin embed
        GraphBuilder g = GraphBuilder.graph("embedded");
        g.source("feed", feed);
        g.sink("book", book);
        g.edge("feed->book", "feed", "book").capacity(1024);
        Graph graph = g.threading(ThreadingMode.INVOKER).build();  // no threads of its own
        graph.start();

        AgentInvoker sluice = graph.invoker();
        IdleStrategy idle = new BackoffIdleStrategy();
        while (!graph.isDone())                       // your existing duty-cycle loop
        {
            int work = myOwnWork.getAsInt();
            work += sluice.invoke();                   // one duty cycle of every stage, on this thread
            idle.idle(work);
        }
        CloseReport report = graph.close(1, TimeUnit.SECONDS);
        // README:end
        return report;
    }
}
