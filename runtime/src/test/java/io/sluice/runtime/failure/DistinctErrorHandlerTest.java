package io.sluice.runtime.failure;

import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistinctErrorHandlerTest
{
    private final CachedEpochClock clock = new CachedEpochClock();
    private final List<Throwable> told = Collections.synchronizedList(new ArrayList<>());

    /**
     * One record of the log as {@link org.agrona.concurrent.errors.ErrorConsumer} reports it.
     */
    private record Observation(int count, long first, long last, String text)
    {
    }

    private static List<Observation> read(final DistinctErrorHandler handler)
    {
        final List<Observation> observations = new ArrayList<>();
        final int count = handler.read((c, first, last, text) -> observations.add(new Observation(c, first, last,
            text)));
        assertEquals(observations.size(), count);
        return observations;
    }

    /**
     * Every exception made here has the same class and stack trace; only the message may differ.
     */
    private static IllegalStateException sameThrowSite(final String message)
    {
        return new IllegalStateException(message);
    }

    /**
     * Exceptions made at one call site: equal stack traces, so they differ only in their messages and causes.
     */
    private static IllegalStateException[] sameThrowSite(final String[] messages, final Throwable... causes)
    {
        final IllegalStateException[] errors = new IllegalStateException[messages.length];
        for (int i = 0; i < messages.length; i++)
        {
            errors[i] = new IllegalStateException(messages[i], causes[i]);
        }
        return errors;
    }

    private DistinctErrorHandler handler(final int bufferBytes)
    {
        return new DistinctErrorHandler(bufferBytes, clock, told::add);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -8, 1016, 1020, 1025, 4097, (1 << 30) + 8, Integer.MAX_VALUE})
    void shouldRejectABufferSizeOutsideTheRangeOrUnaligned(final int bufferBytes)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new DistinctErrorHandler(bufferBytes, clock, null));

        assertEquals("distinct error handler: bufferBytes=" + bufferBytes +
            " is not allowed; allowed a multiple of 8 in 1024..1073741824", ex.getMessage());
    }

    @Test
    void shouldRejectANullClock()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new DistinctErrorHandler(1024, null, null));

        assertEquals("distinct error handler: clock=null is not allowed; allowed an EpochClock", ex.getMessage());
    }

    @Test
    void shouldRecordTheSameErrorFromTheSamePlaceOnceWithItsCount()
    {
        final DistinctErrorHandler handler = handler(DistinctErrorHandler.DEFAULT_BUFFER_BYTES);
        final List<IllegalStateException> errors = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            errors.add(sameThrowSite("disk full"));
        }

        for (int i = 0; i < errors.size(); i++)
        {
            clock.update(1_000 + i);
            handler.onError(errors.get(i));
        }

        assertEquals(5, handler.totalErrors());
        assertEquals(1, handler.distinctErrors());
        assertEquals(0, handler.unrecorded());
        assertEquals(1, told.size());
        assertSame(errors.get(0), told.get(0), "told once, of the first occurrence");

        final List<Observation> observations = read(handler);
        assertEquals(1, observations.size());
        final Observation observation = observations.get(0);
        assertEquals(5, observation.count());
        assertEquals(1_000, observation.first());
        assertEquals(1_004, observation.last());
        assertTrue(observation.text().startsWith("java.lang.IllegalStateException: disk full"), observation.text());
        assertTrue(observation.text().contains("sameThrowSite"), observation.text());
    }

    @Test
    void shouldRecordDifferentErrorsDistinctly()
    {
        final DistinctErrorHandler handler = handler(DistinctErrorHandler.DEFAULT_BUFFER_BYTES);
        final IllegalArgumentException cause = new IllegalArgumentException("cause");
        final IllegalArgumentException otherCause = new IllegalArgumentException("other cause");
        // one call site each, so that these differ only in what their names say
        final IllegalStateException[] byMessage = sameThrowSite(new String[]{"a", "b", "a"}, new Throwable[3]);
        final IllegalStateException[] byCause = sameThrowSite(new String[]{"a", "a", "a"}, cause, otherCause, cause);
        final IllegalStateException otherPlace = new IllegalStateException("a");
        final IllegalArgumentException otherClass = new IllegalArgumentException("a");

        for (int round = 0; round < 3; round++)
        {
            for (final IllegalStateException error : byMessage)
            {
                handler.onError(error);
            }
            for (final IllegalStateException error : byCause)
            {
                handler.onError(error);
            }
            handler.onError(otherPlace);
            handler.onError(otherClass);
        }

        assertEquals(24, handler.totalErrors());
        assertEquals(6, handler.distinctErrors());
        assertEquals(List.of(byMessage[0], byMessage[1], byCause[0], byCause[1], otherPlace, otherClass), told);
        final List<Observation> observations = read(handler);
        assertEquals(List.of(6, 3, 6, 3, 3, 3), observations.stream().map(Observation::count).toList());
        assertTrue(observations.get(0).text().startsWith("java.lang.IllegalStateException: a"));
        assertTrue(observations.get(1).text().startsWith("java.lang.IllegalStateException: b"));
        assertTrue(observations.get(2).text().contains("Caused by: java.lang.IllegalArgumentException: cause"));
        assertTrue(observations.get(3).text().contains("Caused by: java.lang.IllegalArgumentException: other cause"));
        assertTrue(observations.get(5).text().startsWith("java.lang.IllegalArgumentException: a"));
    }

    @Test
    void shouldCountAndPassOnErrorsTheLogHasNoRoomFor()
    {
        final DistinctErrorHandler handler = handler(1024);
        final IllegalStateException small = new IllegalStateException("s");
        small.setStackTrace(new StackTraceElement[0]);
        final IllegalStateException big = new IllegalStateException("x".repeat(2_000));

        handler.onError(small);
        handler.onError(big);
        handler.onError(big);
        handler.onError(small);

        assertEquals(4, handler.totalErrors());
        assertEquals(1, handler.distinctErrors());
        assertEquals(2, handler.unrecorded());
        assertEquals(List.of(small, big, big), told);
        final List<Observation> observations = read(handler);
        assertEquals(1, observations.size());
        assertEquals(2, observations.get(0).count());
    }

    @Test
    void shouldFillTheLogUpToItsEnd()
    {
        final DistinctErrorHandler handler = handler(1024);
        int recorded = 0;
        for (int i = 0; i < 200; i++)
        {
            final IllegalStateException error = new IllegalStateException("e" + i);
            error.setStackTrace(new StackTraceElement[0]);
            handler.onError(error);
            handler.onError(error);
        }

        recorded = handler.distinctErrors();
        assertTrue(recorded > 10 && recorded < 200, "recorded " + recorded);
        assertEquals(400, handler.totalErrors());
        assertEquals(2L * (200 - recorded), handler.unrecorded());
        assertEquals(recorded + 2 * (200 - recorded), told.size());
        final List<Observation> observations = read(handler);
        assertEquals(recorded, observations.size());
        for (int i = 0; i < recorded; i++)
        {
            assertEquals(2, observations.get(i).count());
            assertEquals("java.lang.IllegalStateException: e" + i, observations.get(i).text().trim());
        }
    }

    @Test
    void shouldRecordANullErrorAsANullPointerException()
    {
        final DistinctErrorHandler handler = handler(DistinctErrorHandler.DEFAULT_BUFFER_BYTES);

        for (int i = 0; i < 2; i++)
        {
            handler.onError(null);
        }

        assertEquals(2, handler.totalErrors());
        assertEquals(1, handler.distinctErrors());
        assertEquals(1, told.size());
        assertInstanceOf(NullPointerException.class, told.get(0));
        assertEquals(2, read(handler).get(0).count());
    }

    @Test
    void shouldWorkWithoutAFirstOccurrenceHandler()
    {
        final DistinctErrorHandler handler = new DistinctErrorHandler(1 << 16, clock, null);
        final IllegalStateException big = new IllegalStateException("x".repeat(1 << 16));

        handler.onError(sameThrowSite("a"));
        handler.onError(big);

        assertEquals(1, handler.distinctErrors());
        assertEquals(1, handler.unrecorded());
    }

    @Test
    void shouldExposeTheBufferForReadersAndFilterByTime()
    {
        final DistinctErrorHandler handler = handler(1 << 16);
        clock.update(10);
        handler.onError(sameThrowSite("old"));
        clock.update(20);
        handler.onError(sameThrowSite("new"));

        assertEquals(1 << 16, handler.buffer().capacity());
        assertTrue(ErrorLogReader.hasErrors(handler.buffer()));
        assertEquals(2, ErrorLogReader.read(handler.buffer(), (c, f, l, t) ->
        {
        }));
        final List<String> recent = new ArrayList<>();
        assertEquals(1, handler.read((c, f, l, t) -> recent.add(t), 15));
        assertTrue(recent.get(0).startsWith("java.lang.IllegalStateException: new"));
        assertEquals("DistinctErrorHandler{capacity=65536, totalErrors=2, distinctErrors=2, unrecorded=0}",
            handler.toString());
    }

    @Test
    void shouldBeEmptyBeforeAnyError()
    {
        final DistinctErrorHandler handler = handler(1024);

        assertFalse(ErrorLogReader.hasErrors(handler.buffer()));
        assertEquals(0, handler.read((c, f, l, t) ->
        {
        }));
        assertEquals(0, handler.totalErrors() + handler.distinctErrors() + handler.unrecorded());
    }

    @Test
    void shouldPropagateAnExceptionFromTheFirstOccurrenceHandlerAfterRecording()
    {
        final DistinctErrorHandler handler = new DistinctErrorHandler(1 << 16, clock, (t) ->
        {
            throw new IllegalArgumentException("logger down");
        });

        assertThrows(IllegalArgumentException.class, () -> handler.onError(sameThrowSite("a")));
        assertEquals(1, handler.distinctErrors());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldCountEveryObservationAndTellEachDistinctErrorOnceUnderConcurrentUse() throws InterruptedException
    {
        final DistinctErrorHandler handler = handler(DistinctErrorHandler.DEFAULT_BUFFER_BYTES);
        final int threads = 4;
        final int repeats = 2_000;
        final IllegalStateException[] shared = new IllegalStateException[threads];
        final IllegalStateException[] own = new IllegalStateException[threads];
        for (int i = 0; i < threads; i++)
        {
            shared[i] = sameThrowSite("shared");
            own[i] = sameThrowSite("own " + i);
        }
        final CountDownLatch start = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread[] workers = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            final int index = i;
            workers[i] = new Thread(() ->
            {
                try
                {
                    start.await();
                    for (int r = 0; r < repeats; r++)
                    {
                        handler.onError(shared[index]);
                        if (0 == (r & 255))
                        {
                            handler.onError(own[index]);
                        }
                    }
                }
                catch (final Throwable t)
                {
                    failure.set(t);
                }
            });
            workers[i].start();
        }

        start.countDown();
        for (final Thread worker : workers)
        {
            worker.join();
        }

        assertNull(failure.get());
        final int ownRepeats = (repeats + 255) / 256;
        assertEquals((long)threads * (repeats + ownRepeats), handler.totalErrors());
        assertEquals(1 + threads, handler.distinctErrors());
        assertEquals(1 + threads, told.size());
        final List<Observation> observations = read(handler);
        assertEquals(1 + threads, observations.size());
        long total = 0;
        for (final Observation observation : observations)
        {
            total += observation.count();
            if (observation.text().startsWith("java.lang.IllegalStateException: shared"))
            {
                assertEquals(threads * repeats, observation.count());
            }
            else
            {
                assertEquals(ownRepeats, observation.count());
            }
        }
        assertEquals(handler.totalErrors(), total);
    }
}
