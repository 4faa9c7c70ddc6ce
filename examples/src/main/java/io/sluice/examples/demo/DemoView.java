package io.sluice.examples.demo;

import io.sluice.queues.channel.ChannelCounters;
import io.sluice.runtime.graph.Graph;

import java.io.PrintWriter;
import java.util.List;

/**
 * The live view: once per interval, each edge's depth with a utilisation bar, credits, rates in and out, the share
 * of the interval it spent back-pressured (unwritable), what it spilled and holds on disk against the spill's limit,
 * and the bottleneck edge with what it means. In is what the edge took, to memory or to disk.
 * On a terminal it redraws in place; otherwise it prints one frame after another.
 */
final class DemoView
{
    static final int BAR = 20;
    private final Graph graph;
    private final List<String> edges;
    private final SensorSource[] sensors;
    private final SlowStore store;
    private final long spillLimit;
    private final PrintWriter out;
    private final boolean redraw;
    private final String header;
    private final ChannelCounters[] previous;
    private final ChannelCounters[] current;
    private final long[] lastUnwritable;
    private final long[] previousSent;
    private long previousStored;
    private long previousNanos;
    private int frames;
    private int bottleneckStoreFrames;
    private int pushedBackFrames;

    DemoView(
        final Graph graph,
        final SensorSource[] sensors,
        final SlowStore store,
        final long spillLimit,
        final PrintWriter out,
        final boolean redraw,
        final String header)
    {
        this.header = header;
        this.spillLimit = spillLimit;
        this.graph = graph;
        this.edges = graph.edgeNames();
        this.sensors = sensors;
        this.store = store;
        this.out = out;
        this.redraw = redraw;
        this.previous = new ChannelCounters[edges.size()];
        this.current = new ChannelCounters[edges.size()];
        for (int i = 0; i < edges.size(); i++)
        {
            previous[i] = graph.edgeCounters(edges.get(i), new ChannelCounters());
            current[i] = new ChannelCounters();
        }
        this.lastUnwritable = new long[edges.size()];
        this.previousSent = new long[sensors.length];
        this.previousNanos = System.nanoTime();
        graph.bottleneck(lastUnwritable);
    }

    /**
     * Draw one frame with the rates since the last one.
     *
     * @param seconds time since the start.
     * @param phase   what the store is doing, in words.
     */
    void frame(final double seconds, final String phase)
    {
        final long now = System.nanoTime();
        final double interval = Math.max(1e-3, (now - previousNanos) / 1e9);
        final String bottleneck = graph.bottleneck(lastUnwritable);
        final StringBuilder text = new StringBuilder(2048);
        if (redraw)
        {
            // the screen is cleared: the lines printed before the first frame go on top again
            text.append("\033[H\033[2J").append(header);
        }
        text.append(String.format("sluice demo  t=%5.1f s  store: %s%n", seconds, phase));
        text.append("sensors:");
        for (int i = 0; i < sensors.length; i++)
        {
            final long sent = sensors[i].sent();
            text.append(String.format("  %c %,9.0f/s", (char)('a' + i), (sent - previousSent[i]) / interval));
            previousSent[i] = sent;
        }
        final long stored = store.stored();
        text.append(String.format("   store: %,9.0f records/s stored, %,d repeats removed%n",
            (stored - previousStored) / interval, store.repeats()));
        previousStored = stored;
        text.append(String.format("%-20s %17s %-27s %7s %11s %11s %9s %11s %15s%n", "edge", "depth/capacity",
            "utilisation", "credits", "in/s", "out/s", "pushback", "spilled", "on disk"));
        boolean storeRefusing = false;
        boolean upstreamPushedBack = false;
        for (int i = 0; i < edges.size(); i++)
        {
            final String edge = edges.get(i);
            final ChannelCounters c = graph.edgeCounters(edge, current[i]);
            final ChannelCounters p = previous[i];
            final long capacity = graph.channel(edge).capacity();
            final double utilisation = Math.min(1.0, (double)c.depth() / capacity);
            final double pushback = Math.min(1.0, (c.unwritableNanos() - p.unwritableNanos()) / (interval * 1e9));
            final boolean spills = c.spilled() > 0 || c.recovered() > 0 || edge.endsWith("store");
            text.append(String.format("%-20s %,8d/%,-8d %s %4.0f%% %7s %,11.0f %,11.0f %8.0f%% %11s %15s%n", edge,
                c.depth(), capacity, bar(utilisation), utilisation * 100, credits(c),
                (c.accepted() - p.accepted() + c.spilled() - p.spilled()) / interval,
                (c.delivered() - p.delivered()) / interval, pushback * 100,
                spills ? String.format("%,d", c.spilled()) : "-",
                spills ? String.format("%,d/%,d", c.spilledPending(), spillLimit) : "-"));
            if (c.spillRefused() > p.spillRefused())
            {
                storeRefusing = true;
            }
            if (!edge.endsWith("store") && pushback > 0.5)
            {
                upstreamPushedBack = true;
            }
            previous[i].set(c);
        }
        if (null == bottleneck)
        {
            text.append("bottleneck: none, every stage keeps up\n");
        }
        else
        {
            text.append("bottleneck: ").append(bottleneck);
            if (bottleneck.endsWith("store"))
            {
                bottleneckStoreFrames++;
                text.append(storeRefusing || upstreamPushedBack ?
                    ": the store is slow and its spill is full, so it pushes back through every stage to the sensors" :
                    ": the store is slow; its overflow goes to disk, in order, while the sensors keep their rate");
            }
            text.append('\n');
        }
        if (upstreamPushedBack)
        {
            pushedBackFrames++;
        }
        frames++;
        previousNanos = now;
        out.print(text);
        out.flush();
    }

    private static String credits(final ChannelCounters c)
    {
        return String.format("%,d", c.credits());
    }

    static String bar(final double fraction)
    {
        final int filled = (int)Math.round(fraction * BAR);
        final StringBuilder bar = new StringBuilder(BAR + 2).append('[');
        for (int i = 0; i < BAR; i++)
        {
            bar.append(i < filled ? '#' : '.');
        }
        return bar.append(']').toString();
    }

    int frames()
    {
        return frames;
    }

    int bottleneckStoreFrames()
    {
        return bottleneckStoreFrames;
    }

    int pushedBackFrames()
    {
        return pushedBackFrames;
    }
}
