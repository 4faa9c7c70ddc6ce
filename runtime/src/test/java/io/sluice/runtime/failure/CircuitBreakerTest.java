package io.sluice.runtime.failure;

import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static io.sluice.runtime.failure.CircuitBreakerState.CLOSED;
import static io.sluice.runtime.failure.CircuitBreakerState.HALF_OPEN;
import static io.sluice.runtime.failure.CircuitBreakerState.OPEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerTest
{
    private static final String NAME = "parse";

    private final CachedNanoClock clock = new CachedNanoClock();
    private final List<String> transitions = new ArrayList<>();

    private CircuitBreaker.Builder builder()
    {
        return CircuitBreaker.builder(NAME)
            .failureThreshold(3)
            .window(100, TimeUnit.NANOSECONDS)
            .openDuration(1_000, TimeUnit.NANOSECONDS)
            .clock(clock)
            .listener((breaker, from, to) ->
            {
                assertEquals(NAME, breaker.name());
                assertEquals(to, breaker.state(), "listener runs after the state is published");
                transitions.add(from + "->" + to);
            });
    }

    private void failAt(final CircuitBreaker breaker, final long... times)
    {
        for (final long time : times)
        {
            clock.update(time);
            breaker.onFailure();
        }
    }

    private static void assertCounters(
        final CircuitBreaker breaker,
        final long opened,
        final long halfOpened,
        final long closed,
        final long rejected,
        final long failures,
        final long successes)
    {
        assertEquals(opened, breaker.openedCount(), "opened");
        assertEquals(halfOpened, breaker.halfOpenedCount(), "halfOpened");
        assertEquals(closed, breaker.closedCount(), "closed");
        assertEquals(rejected, breaker.rejectedCount(), "rejected");
        assertEquals(failures, breaker.failureCount(), "failures");
        assertEquals(successes, breaker.successCount(), "successes");
    }

    private static void assertRejected(final String expectedMessage, final Executable executable)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, executable);
        assertEquals(expectedMessage, ex.getMessage());
    }

    @Test
    void shouldUseTheDocumentedDefaults()
    {
        final CircuitBreaker breaker = CircuitBreaker.builder(NAME).build();

        assertEquals(NAME, breaker.name());
        assertEquals(CLOSED, breaker.state());
        assertEquals(5, breaker.failureThreshold());
        assertEquals(TimeUnit.SECONDS.toNanos(1), breaker.windowNanos());
        assertEquals(TimeUnit.SECONDS.toNanos(5), breaker.openDurationNanos());
        assertEquals(1, breaker.halfOpenProbes());
        assertCounters(breaker, 0, 0, 0, 0, 0, 0);
        assertTrue(breaker.allowRequest());
    }

    @Test
    void shouldOpenWithTheSystemClockByDefault()
    {
        final CircuitBreaker breaker = CircuitBreaker.builder(NAME).failureThreshold(2).window(1, TimeUnit.HOURS)
            .build();
        breaker.onFailure();
        breaker.onFailure();

        assertEquals(OPEN, breaker.state());
        assertFalse(breaker.allowRequest());
    }

    @Test
    void shouldRejectInvalidSettingsNamingBreakerSettingValueAndRange()
    {
        assertRejected("circuit breaker name='null' is not allowed; allowed a non-blank name",
            () -> CircuitBreaker.builder(null).build());
        assertRejected("circuit breaker name=' ' is not allowed; allowed a non-blank name",
            () -> CircuitBreaker.builder(" ").build());
        assertRejected("circuit breaker 'parse': failureThreshold=0 is not allowed; allowed 1..1048576",
            () -> builder().failureThreshold(0).build());
        assertRejected("circuit breaker 'parse': failureThreshold=-1 is not allowed; allowed 1..1048576",
            () -> builder().failureThreshold(-1).build());
        assertRejected("circuit breaker 'parse': failureThreshold=1048577 is not allowed; allowed 1..1048576",
            () -> builder().failureThreshold(CircuitBreaker.MAX_FAILURE_THRESHOLD + 1).build());
        assertRejected("circuit breaker 'parse': window=0 MILLISECONDS is not allowed; allowed " +
            "1..9223372036854775807 MILLISECONDS", () -> builder().window(0, TimeUnit.MILLISECONDS).build());
        assertRejected("circuit breaker 'parse': window=-2 SECONDS is not allowed; allowed " +
            "1..9223372036854775807 SECONDS", () -> builder().window(-2, TimeUnit.SECONDS).build());
        assertRejected("circuit breaker 'parse': windowUnit=null is not allowed; allowed a TimeUnit",
            () -> builder().window(1, null).build());
        assertRejected("circuit breaker 'parse': openDuration=-1 SECONDS is not allowed; allowed " +
            "0..9223372036854775807 SECONDS", () -> builder().openDuration(-1, TimeUnit.SECONDS).build());
        assertRejected("circuit breaker 'parse': openDurationUnit=null is not allowed; allowed a TimeUnit",
            () -> builder().openDuration(1, null).build());
        assertRejected("circuit breaker 'parse': halfOpenProbes=0 is not allowed; allowed 1..2147483647",
            () -> builder().halfOpenProbes(0).build());
        assertRejected("circuit breaker 'parse': halfOpenProbes=-7 is not allowed; allowed 1..2147483647",
            () -> builder().halfOpenProbes(-7).build());
        assertRejected("circuit breaker 'parse': clock=null is not allowed; allowed a NanoClock",
            () -> builder().clock(null).build());
    }

    @Test
    void shouldAcceptTheBoundaryValues()
    {
        final CircuitBreaker breaker = builder()
            .failureThreshold(CircuitBreaker.MAX_FAILURE_THRESHOLD)
            .window(1, TimeUnit.NANOSECONDS)
            .openDuration(0, TimeUnit.NANOSECONDS)
            .halfOpenProbes(Integer.MAX_VALUE)
            .listener(null)
            .build();

        assertEquals(CircuitBreaker.MAX_FAILURE_THRESHOLD, breaker.failureThreshold());
        assertEquals(1, breaker.windowNanos());
        assertEquals(0, breaker.openDurationNanos());
        assertEquals(Integer.MAX_VALUE, breaker.halfOpenProbes());
        assertEquals(Long.MAX_VALUE, builder().window(Long.MAX_VALUE, TimeUnit.DAYS).build().windowNanos());
    }

    @Test
    void shouldBuildIndependentBreakersFromOneBuilder()
    {
        final CircuitBreaker.Builder builder = builder().failureThreshold(1);
        final CircuitBreaker first = builder.build();
        final CircuitBreaker second = builder.build();

        first.onFailure();

        assertEquals(OPEN, first.state());
        assertEquals(CLOSED, second.state());
    }

    @Test
    void shouldOpenWhenThresholdFailuresFallWithinTheWindow()
    {
        final CircuitBreaker breaker = builder().build();

        failAt(breaker, 0, 10);
        assertEquals(CLOSED, breaker.state());
        assertCounters(breaker, 0, 0, 0, 0, 2, 0);

        failAt(breaker, 99);
        assertEquals(OPEN, breaker.state());
        assertCounters(breaker, 1, 0, 0, 0, 3, 0);
        assertEquals(List.of("CLOSED->OPEN"), transitions);
    }

    @Test
    void shouldNotOpenWhenTheOldestFailureIsAWholeWindowOld()
    {
        final CircuitBreaker breaker = builder().build();

        failAt(breaker, 0, 50, 100);
        assertEquals(CLOSED, breaker.state(), "100 - 0 is not within a window of 100");

        failAt(breaker, 120);
        assertEquals(OPEN, breaker.state(), "50, 100 and 120 are within 100");
    }

    @Test
    void shouldNeverOpenWhenFailuresAreSpreadOverMoreThanTheWindow()
    {
        final CircuitBreaker breaker = builder().build();

        long time = 1_000_000;
        for (int i = 0; i < 10_000; i++)
        {
            failAt(breaker, time);
            // three consecutive failures span 2 * 50 = 100 ns: never within a window of 100
            time += 50;
        }

        assertEquals(CLOSED, breaker.state());
        assertCounters(breaker, 0, 0, 0, 0, 10_000, 0);
        assertTrue(transitions.isEmpty());
    }

    @Test
    void shouldOpenOnAnyBurstWithinTheWindowAfterSpreadFailures()
    {
        final CircuitBreaker breaker = builder().build();

        failAt(breaker, 0, 200, 400, 600, 800);
        assertEquals(CLOSED, breaker.state());
        failAt(breaker, 801, 802);
        assertEquals(OPEN, breaker.state());
    }

    @Test
    void shouldNotForgetFailuresOnSuccessWhileClosed()
    {
        final CircuitBreaker breaker = builder().build();

        failAt(breaker, 0);
        breaker.onSuccess();
        failAt(breaker, 1);
        breaker.onSuccess();
        breaker.onSuccess();
        failAt(breaker, 2);

        assertEquals(OPEN, breaker.state());
        assertCounters(breaker, 1, 0, 0, 0, 3, 3);
    }

    @Test
    void shouldOpenOnTheFirstFailureWhenThresholdIsOne()
    {
        final CircuitBreaker breaker = builder().failureThreshold(1).build();

        failAt(breaker, 5);

        assertEquals(OPEN, breaker.state());
        assertCounters(breaker, 1, 0, 0, 0, 1, 0);
    }

    @Test
    void shouldRejectAndCountWhileOpenUntilTheOpenDurationHasPassed()
    {
        final CircuitBreaker breaker = builder().build();
        failAt(breaker, 0, 1, 2);

        clock.update(2);
        assertFalse(breaker.allowRequest());
        clock.update(1_001);
        assertFalse(breaker.allowRequest());
        assertEquals(OPEN, breaker.state());
        assertCounters(breaker, 1, 0, 0, 2, 3, 0);

        clock.update(1_002);
        assertTrue(breaker.allowRequest(), "open at 2 for 1000: the probe goes at 1002");
        assertEquals(HALF_OPEN, breaker.state());
        assertCounters(breaker, 1, 1, 0, 2, 3, 0);
        assertEquals(List.of("CLOSED->OPEN", "OPEN->HALF_OPEN"), transitions);
    }

    @Test
    void shouldAllowOneProbeAtATimeWhenHalfOpen()
    {
        final CircuitBreaker breaker = builder().halfOpenProbes(2).build();
        failAt(breaker, 0, 1, 2);
        clock.update(5_000);

        assertTrue(breaker.allowRequest());
        assertFalse(breaker.allowRequest(), "the first probe is outstanding");
        assertFalse(breaker.allowRequest());
        assertEquals(2, breaker.rejectedCount());

        breaker.onSuccess();
        assertEquals(HALF_OPEN, breaker.state(), "two probes are needed");
        assertTrue(breaker.allowRequest(), "the next probe after the first succeeded");
        assertFalse(breaker.allowRequest());

        breaker.onSuccess();
        assertEquals(CLOSED, breaker.state());
        assertCounters(breaker, 1, 1, 1, 3, 3, 2);
        assertTrue(breaker.allowRequest());
        assertTrue(breaker.allowRequest());
        assertEquals(List.of("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED"), transitions);
    }

    @Test
    void shouldReopenWithANewOpenTimeWhenAProbeFails()
    {
        final CircuitBreaker breaker = builder().halfOpenProbes(3).build();
        failAt(breaker, 0, 1, 2);
        clock.update(2_000);
        assertTrue(breaker.allowRequest());
        breaker.onSuccess();
        assertTrue(breaker.allowRequest());

        clock.update(2_500);
        breaker.onFailure();

        assertEquals(OPEN, breaker.state());
        assertCounters(breaker, 2, 1, 0, 0, 4, 1);
        clock.update(3_499);
        assertFalse(breaker.allowRequest(), "reopened at 2500 for 1000");
        clock.update(3_500);
        assertTrue(breaker.allowRequest());
        assertEquals(HALF_OPEN, breaker.state());

        breaker.onSuccess();
        assertTrue(breaker.allowRequest());
        breaker.onSuccess();
        assertEquals(HALF_OPEN, breaker.state(), "the successes before reopening do not count");
        assertTrue(breaker.allowRequest());
        breaker.onSuccess();
        assertEquals(CLOSED, breaker.state());
        assertEquals(List.of("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN", "OPEN->HALF_OPEN",
            "HALF_OPEN->CLOSED"), transitions);
    }

    @Test
    void shouldForgetFailuresFromBeforeOpeningWhenClosing()
    {
        final CircuitBreaker breaker = builder().window(1, TimeUnit.SECONDS).openDuration(10, TimeUnit.NANOSECONDS)
            .build();
        failAt(breaker, 0, 1, 2);
        clock.update(20);
        assertTrue(breaker.allowRequest());
        breaker.onSuccess();
        assertEquals(CLOSED, breaker.state());

        failAt(breaker, 21, 22);
        assertEquals(CLOSED, breaker.state(), "only two failures since closing");
        failAt(breaker, 23);
        assertEquals(OPEN, breaker.state());
    }

    @Test
    void shouldOnlyCountOutcomesReportedWhileOpen()
    {
        final CircuitBreaker breaker = builder().build();
        failAt(breaker, 0, 1, 2);

        clock.update(500);
        breaker.onFailure();
        breaker.onSuccess();
        breaker.onFailure();

        assertEquals(OPEN, breaker.state());
        assertCounters(breaker, 1, 0, 0, 0, 5, 1);
        clock.update(1_002);
        assertTrue(breaker.allowRequest(), "late failures did not extend the open time");
    }

    @Test
    void shouldProbeAtOnceWhenTheOpenDurationIsZero()
    {
        final CircuitBreaker breaker = builder().openDuration(0, TimeUnit.SECONDS).build();
        failAt(breaker, 0, 1, 2);

        assertEquals(OPEN, breaker.state());
        assertTrue(breaker.allowRequest());
        assertEquals(HALF_OPEN, breaker.state());
    }

    @Test
    void shouldMeasureTimesAcrossTheClockWrapAround()
    {
        final CircuitBreaker breaker = builder().build();
        final long start = Long.MAX_VALUE - 30;

        failAt(breaker, start, start + 20, start + 40);
        assertEquals(OPEN, breaker.state(), "the third failure's reading wrapped to a negative value");

        clock.update(start + 1_039);
        assertFalse(breaker.allowRequest());
        clock.update(start + 1_040);
        assertTrue(breaker.allowRequest());
    }

    @Test
    void shouldPublishTheStateBeforeALeakingListenerException()
    {
        final CircuitBreaker breaker = builder().failureThreshold(1).listener((b, from, to) ->
        {
            throw new IllegalStateException("listener " + from + "->" + to);
        }).build();

        final IllegalStateException ex = assertThrows(IllegalStateException.class, breaker::onFailure);

        assertEquals("listener CLOSED->OPEN", ex.getMessage());
        assertEquals(OPEN, breaker.state());
        assertEquals(1, breaker.openedCount());
    }

    @Test
    void shouldPassTheBreakerToTheListener()
    {
        final CircuitBreaker[] seen = new CircuitBreaker[1];
        final CircuitBreaker breaker = builder().failureThreshold(1).listener((b, from, to) -> seen[0] = b).build();

        breaker.onFailure();

        assertSame(breaker, seen[0]);
    }

    @Test
    void shouldKeepTheDocumentedCounterInvariantsOverRandomDrives()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int run = 0; run < 50; run++)
        {
            final int threshold = 1 + random.nextInt(4);
            final int probes = 1 + random.nextInt(3);
            final CircuitBreaker breaker = builder()
                .failureThreshold(threshold)
                .halfOpenProbes(probes)
                .window(1 + random.nextInt(200), TimeUnit.NANOSECONDS)
                .openDuration(random.nextInt(300), TimeUnit.NANOSECONDS)
                .build();
            long time = random.nextLong();
            clock.update(time);
            long allowed = 0;
            long refused = 0;
            for (int i = 0; i < 2_000; i++)
            {
                time += random.nextInt(60);
                clock.update(time);
                final CircuitBreakerState before = breaker.state();
                if (breaker.allowRequest())
                {
                    allowed++;
                    assertTrue(before != OPEN || breaker.state() == HALF_OPEN);
                    if (random.nextInt(3) == 0)
                    {
                        breaker.onFailure();
                    }
                    else
                    {
                        breaker.onSuccess();
                    }
                }
                else
                {
                    refused++;
                    assertTrue(breaker.state() != CLOSED);
                }

                final CircuitBreakerState state = breaker.state();
                final long c = breaker.closedCount();
                final long s = breaker.successCount();
                final long h = breaker.halfOpenedCount();
                final long o = breaker.openedCount();
                final long f = breaker.failureCount();
                assertTrue(c <= h && h <= o, breaker.toString());
                assertEquals(state == OPEN ? o - 1 : o, h, breaker.toString());
                assertTrue(s >= c * probes, breaker.toString());
                assertTrue(o == 0 || f >= threshold + o - 1, breaker.toString());
                assertEquals(refused, breaker.rejectedCount());
                assertEquals(allowed, s + f);
            }
            assertTrue(breaker.openedCount() > 0 || threshold > 1, "the drive should open the breaker sometimes");
        }
    }

    @Test
    void shouldNotAllocateOnTheOwnerPath()
    {
        final CircuitBreaker breaker = builder().failureThreshold(2).window(10, TimeUnit.NANOSECONDS)
            .openDuration(5, TimeUnit.NANOSECONDS).listener(null).build();
        final long[] time = new long[1];
        final Runnable drive = () ->
        {
            for (int i = 0; i < 100_000; i++)
            {
                clock.update(time[0]++);
                if (breaker.allowRequest())
                {
                    if ((i & 3) == 0)
                    {
                        breaker.onSuccess();
                    }
                    else
                    {
                        breaker.onFailure();
                    }
                }
            }
        };
        drive.run();

        final long allocated = Allocations.allocatedBytes(drive);

        assertTrue(breaker.openedCount() > 1_000, breaker.toString());
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes");
    }

    @Test
    void shouldDescribeItselfWithNameStateAndCounters()
    {
        final CircuitBreaker breaker = builder().failureThreshold(1).build();
        breaker.onFailure();
        breaker.allowRequest();

        assertEquals("CircuitBreaker{name=parse, state=OPEN, opened=1, halfOpened=0, closed=0, rejected=1, " +
            "failures=1, successes=0}", breaker.toString());
    }
}
