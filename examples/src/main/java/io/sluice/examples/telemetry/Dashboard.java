package io.sluice.examples.telemetry;

import io.sluice.queues.channel.BinaryChannel;
import org.HdrHistogram.Histogram;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard feed's consumer: slow on purpose, it repaints every {@code refreshNanos} and then reads whatever the
 * feed holds. Between repaints the router forwards far more readings than the feed's few slots, so the feed drops
 * its oldest ones and what the dashboard reads is always the newest: the age of the readings it reads stays about
 * the time the feed's slots take to fill, however many were dropped. It keeps the newest value of every sensor (the
 * "screen"), records the age of every reading it reads and of the newest one per repaint in HdrHistograms (no
 * allocation per reading), and checks that each group's sequence numbers only go up.
 */
final class Dashboard implements Agent, MessageHandler
{
    private static final long HIGHEST_AGE_NS = TimeUnit.MINUTES.toNanos(10);

    private final BinaryChannel feed;
    private final long refreshNanos;
    private final int groups;
    private final double[] screenValue;
    private final long[] screenSequence;
    private final long[] newestSequence;
    private final Histogram readAge = new Histogram(HIGHEST_AGE_NS, 3);
    private final Histogram newestAge = new Histogram(HIGHEST_AGE_NS, 3);
    private long nextRefreshNs;
    private long refreshes;
    private long read;
    private long outOfOrder;
    private long newestTimestampThisRefresh;
    private int lastGroup = -1;
    private long lastSequence = -1;
    private volatile long lastNewestAgeNs = -1;
    private volatile boolean done;

    Dashboard(final BinaryChannel feed, final long refreshNanos, final int groups, final int sensors)
    {
        this.feed = feed;
        this.refreshNanos = refreshNanos;
        this.groups = groups;
        this.screenValue = new double[groups * sensors];
        this.screenSequence = new long[groups * sensors];
        this.newestSequence = new long[groups];
        Arrays.fill(screenSequence, -1);
        Arrays.fill(newestSequence, -1);
    }

    @Override
    public String roleName()
    {
        return "dashboard";
    }

    @Override
    public int doWork()
    {
        if (done)
        {
            return 0;
        }
        final long now = System.nanoTime();
        // once the router has closed the feed, read the rest at once rather than at the next repaint
        if (now - nextRefreshNs < 0 && !feed.isClosed())
        {
            return 0;
        }
        nextRefreshNs = now + refreshNanos;
        newestTimestampThisRefresh = Long.MIN_VALUE;
        final int taken = feed.drain(this, feed.capacity());
        if (taken > 0)
        {
            refreshes++;
            final long age = Math.max(0, System.nanoTime() - newestTimestampThisRefresh);
            newestAge.recordValue(Math.min(age, HIGHEST_AGE_NS));
            lastNewestAgeNs = age;
        }
        else if (feed.isEndOfStream())
        {
            done = true;
            return 1;
        }
        return taken;
    }

    @Override
    public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int offset, final int length)
    {
        read++;
        final int group = Reading.group(buffer, offset);
        final int sensor = Reading.sensor(buffer, offset);
        final long sequence = Reading.sequence(buffer, offset);
        final long timestamp = Reading.timestampNanos(buffer, offset);
        readAge.recordValue(Math.min(Math.max(0, System.nanoTime() - timestamp), HIGHEST_AGE_NS));
        newestTimestampThisRefresh = Math.max(newestTimestampThisRefresh, timestamp);
        if (group < 0 || group >= groups || sensor < 0 || sensor >= screenValue.length)
        {
            outOfOrder++;
            return;
        }
        if (sequence <= newestSequence[group])
        {
            outOfOrder++;
        }
        newestSequence[group] = sequence;
        screenValue[sensor] = Reading.value(buffer, offset);
        screenSequence[sensor] = sequence;
        lastGroup = group;
        lastSequence = sequence;
    }

    boolean isDone()
    {
        return done;
    }

    /**
     * Age of the newest reading at the last repaint, for the live report (any thread).
     */
    long lastNewestAgeNs()
    {
        return lastNewestAgeNs;
    }

    // read after isDone()

    long refreshes()
    {
        return refreshes;
    }

    long read()
    {
        return read;
    }

    long outOfOrder()
    {
        return outOfOrder;
    }

    Histogram readAge()
    {
        return readAge;
    }

    Histogram newestAge()
    {
        return newestAge;
    }

    long newestSequence(final int group)
    {
        return newestSequence[group];
    }

    double screenValue(final int sensor)
    {
        return screenValue[sensor];
    }

    long screenSequence(final int sensor)
    {
        return screenSequence[sensor];
    }

    int lastGroup()
    {
        return lastGroup;
    }

    long lastSequence()
    {
        return lastSequence;
    }
}
