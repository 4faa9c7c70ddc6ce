package io.sluice.examples.telemetry;

import io.sluice.queues.channel.BinaryChannel;
import io.sluice.queues.channel.OfferResult;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;

/**
 * The ingest channel's one consumer: hands each reading, as the flyweight the ring gives it, to both outbound
 * channels with one copy each (a fan-out must copy: each channel owns its bytes). Neither outbound policy slows the
 * router down: the dashboard feed drops its oldest readings and the archive spills, so the router only falls behind
 * when it lacks CPU, and then the ingest channel pushes back on the sensor groups. Once the ingest channel is at end
 * of stream it closes both outbound channels (it is their one producer) and is done.
 */
final class Router implements Agent, MessageHandler
{
    private static final int BATCH = 1024;

    private final BinaryChannel ingest;
    private final BinaryChannel dashboard;
    private final BinaryChannel archive;
    private long forwarded;
    private long dashboardNotTaken;
    private long archiveNotTaken;
    private int lastGroup = -1;
    private long lastSequence = -1;
    private volatile boolean done;

    Router(final BinaryChannel ingest, final BinaryChannel dashboard, final BinaryChannel archive)
    {
        this.ingest = ingest;
        this.dashboard = dashboard;
        this.archive = archive;
    }

    @Override
    public String roleName()
    {
        return "router";
    }

    @Override
    public int doWork()
    {
        if (done)
        {
            return 0;
        }
        final int taken = ingest.drain(this, BATCH);
        if (taken == 0 && ingest.isEndOfStream())
        {
            dashboard.close();
            archive.close();
            done = true;
            return 1;
        }
        return taken;
    }

    @Override
    public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int offset, final int length)
    {
        forwarded++;
        lastGroup = Reading.group(buffer, offset);
        lastSequence = Reading.sequence(buffer, offset);
        // DROP_OLDEST: ACCEPTED, or ACCEPTED_DROPPED_OLDEST when the oldest queued reading made room
        if (!OfferResult.isOnItsWay(dashboard.offer(typeId, buffer, offset, length)))
        {
            dashboardNotTaken++;
        }
        // SPILL: ACCEPTED into memory, or SPILLED to disk behind older spilled readings; REJECTED only if the store
        // refused (past its pending limits), which the archive's exactly-once check would then report
        if (!OfferResult.isOnItsWay(archive.offer(typeId, buffer, offset, length)))
        {
            archiveNotTaken++;
        }
    }

    boolean isDone()
    {
        return done;
    }

    /**
     * Readings forwarded (read after {@link #isDone()}).
     */
    long forwarded()
    {
        return forwarded;
    }

    long dashboardNotTaken()
    {
        return dashboardNotTaken;
    }

    long archiveNotTaken()
    {
        return archiveNotTaken;
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
