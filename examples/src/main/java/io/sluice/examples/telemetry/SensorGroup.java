package io.sluice.examples.telemetry;

import io.sluice.queues.channel.BinaryChannel;
import io.sluice.queues.channel.BinaryClaim;
import io.sluice.queues.channel.OfferResult;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;

/**
 * A producer: one sensor group on a thread of its own, taking readings at a fixed rate from {@code startNs} to
 * {@code endNs} and writing each straight into a claim on the shared ingest channel (zero copy, nothing allocated).
 * It claims with {@code tryClaim}: when the channel is back-pressured (the router is behind) the reading stays due,
 * the group counts the refusal and the time until the next claim succeeds, and tries again next duty cycle. Readings
 * still due at the end are not taken: the group's shortfall is what backpressure cost it.
 * <p>
 * Counters are written by the group's thread and published with volatile stores for the reporting thread.
 */
final class SensorGroup implements Agent
{
    private static final int MAX_BATCH = 1024;

    private final int group;
    private final int firstSensor;
    private final int sensors;
    private final double readingsPerNano;
    private final long startNs;
    private final long endNs;
    private final BinaryChannel ingest;
    private final BinaryClaim claim;
    private long next;
    private long stalledSinceNs = -1;
    private long stalls;
    private long refusals;
    private long stalledNanosTotal;
    private volatile long published;
    private volatile long due;
    private volatile long backPressured;
    private volatile long stalledNanos;
    private volatile boolean done;

    SensorGroup(
        final int group,
        final int sensors,
        final long rate,
        final long startNs,
        final long endNs,
        final BinaryChannel ingest)
    {
        this.group = group;
        this.firstSensor = group * sensors;
        this.sensors = sensors;
        this.readingsPerNano = rate / 1e9;
        this.startNs = startNs;
        this.endNs = endNs;
        this.ingest = ingest;
        this.claim = ingest.newClaim();
    }

    @Override
    public String roleName()
    {
        return "sensor-group-" + group;
    }

    @Override
    public int doWork()
    {
        if (done)
        {
            return 0;
        }
        final long now = System.nanoTime();
        if (now < startNs)
        {
            return 0;
        }
        final long dueNow = (long)((Math.min(now, endNs) - startNs) * readingsPerNano);
        int work = 0;
        while (next < dueNow && work < MAX_BATCH)
        {
            final int result = ingest.tryClaim(Reading.TYPE_ID, Reading.LENGTH, claim);
            if (result == OfferResult.BACK_PRESSURED)
            {
                if (stalledSinceNs < 0)
                {
                    stalledSinceNs = now;
                    stalls++;
                }
                refusals++;
                break;
            }
            if (result != OfferResult.ACCEPTED)
            {
                throw new IllegalStateException(roleName() + ": ingest claim " + OfferResult.toString(result));
            }
            if (stalledSinceNs >= 0)
            {
                stalledNanosTotal += now - stalledSinceNs;
                stalledSinceNs = -1;
            }
            final MutableDirectBuffer buffer = claim.buffer();
            final int sensor = firstSensor + (int)(next % sensors);
            Reading.write(buffer, claim.offset(), group, sensor, next, System.nanoTime(), valueOf(sensor, next));
            claim.commit();
            next++;
            work++;
        }
        published = next;
        due = dueNow;
        backPressured = refusals;
        stalledNanos = stalledNanosTotal;
        if (now >= endNs)
        {
            if (stalledSinceNs >= 0)
            {
                stalledNanos = stalledNanosTotal + now - stalledSinceNs;
            }
            done = true;
        }
        return work;
    }

    /**
     * A plausible, cheap signal: each sensor a slow wave around 20 with its own phase.
     */
    private static double valueOf(final int sensor, final long sequence)
    {
        return 20.0 + 5.0 * Math.sin(sequence * 1e-4 + sensor);
    }

    int group()
    {
        return group;
    }

    long published()
    {
        return published;
    }

    long due()
    {
        return due;
    }

    long backPressured()
    {
        return backPressured;
    }

    long stalls()
    {
        return stalls;
    }

    long stalledNanos()
    {
        return stalledNanos;
    }

    boolean isDone()
    {
        return done;
    }
}
