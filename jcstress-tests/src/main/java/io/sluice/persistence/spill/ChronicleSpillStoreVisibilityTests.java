package io.sluice.persistence.spill;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IL_Result;

/**
 * The Chronicle spill stores alone: a producer's {@code append} against the consumer's {@code poll} (object store)
 * and {@code read} (binary store), each followed by {@code delivered(1)}, which acknowledges durably in the queue's
 * metadata file while the producer appends. An append that returned true must be seen by any poll that starts after
 * it; no poll returns a message twice, out of append order or torn. The arbiter takes what is left and checks the
 * store is empty and appended exactly the producer's messages. A fresh store (one state in
 * {@link SpillStores#REUSE}) also races the first append, which creates the cycle file, against polls of a queue
 * with no file yet.
 * <p>
 * Result: r1 how many of the 2 x {@value StoreLane#MESSAGES} messages the consumer took during the race; r2 the
 * verdict.
 */
@Outcome(id = "0, OK", expect = Expect.ACCEPTABLE,
    desc = "The consumer gave up before any append was visible; the arbiter took all, in order.")
@Outcome(id = "[1-7], OK", expect = Expect.ACCEPTABLE_INTERESTING,
    desc = "Polls interleaved with appends: the consumer took some, each once and in order, and never missed one " +
    "appended before its poll began.")
@Outcome(id = "8, OK", expect = Expect.ACCEPTABLE,
    desc = "The consumer took every message during the race, in order.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "A poll missed a message whose append had returned before it began, or returned one twice, out of order " +
    "or torn, or the store was not empty at the end; the verdict names the store kind and the check.")
@JCStressTest
@State
public class ChronicleSpillStoreVisibilityTests
{
    final StoreLane[] lanes =
    {
        new StoreLane.ObjectLane(SpillStores.objectStore()),
        new StoreLane.BinaryLane(SpillStores.binaryStore()),
    };

    @Actor
    public void producer()
    {
        for (final StoreLane lane : lanes)
        {
            lane.produce();
        }
    }

    @Actor
    public void consumer()
    {
        for (final StoreLane lane : lanes)
        {
            lane.consume();
        }
    }

    @Arbiter
    public void arbiter(final IL_Result r)
    {
        String result = StoreLane.OK;
        int taken = 0;
        for (final StoreLane lane : lanes)
        {
            final String audit = lane.audit();
            if (!StoreLane.OK.equals(audit) && StoreLane.OK.equals(result))
            {
                result = lane.label + ": " + audit;
            }
            taken += lane.takenByConsumer();
        }
        r.r1 = taken;
        r.r2 = result;
    }
}
