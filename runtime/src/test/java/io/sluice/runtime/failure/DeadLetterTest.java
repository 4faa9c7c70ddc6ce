package io.sluice.runtime.failure;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DeadLetterTest
{
    private static final IllegalStateException CAUSE = new IllegalStateException("bad order");

    @Test
    void shouldHoldWhatWasSetAndNothingAfterReset()
    {
        final DeadLetter<String> letter = new DeadLetter<>();

        assertSame(letter,
            letter.set("parse", "in", "order-1", CAUSE, 3, 100, 300, DeadLetterReason.RETRIES_EXHAUSTED));
        assertEquals("parse", letter.stage());
        assertEquals("in", letter.edge());
        assertEquals("order-1", letter.message());
        assertSame(CAUSE, letter.cause());
        assertEquals(3, letter.attempts());
        assertEquals(100, letter.firstAttemptEpochNanos());
        assertEquals(300, letter.lastAttemptEpochNanos());
        assertEquals(DeadLetterReason.RETRIES_EXHAUSTED, letter.reason());
        assertEquals("DeadLetter{stage=parse, edge=in, reason=RETRIES_EXHAUSTED, attempts=3, " +
            "firstAttemptEpochNanos=100, lastAttemptEpochNanos=300, " +
            "cause=java.lang.IllegalStateException: bad order, message=order-1}",
            letter.toString());

        assertSame(letter, letter.reset());
        assertNull(letter.stage());
        assertNull(letter.edge());
        assertNull(letter.message());
        assertNull(letter.cause());
        assertEquals(0, letter.attempts());
        assertEquals(0, letter.firstAttemptEpochNanos());
        assertEquals(0, letter.lastAttemptEpochNanos());
        assertNull(letter.reason());
    }

    @Test
    void shouldCopyEachLetterSoThatReusingItChangesNothingKept()
    {
        final InMemoryDeadLetterSink<Object> sink = new InMemoryDeadLetterSink<>(10);
        final DeadLetter<String> letter = new DeadLetter<>();
        final DeadLetterSink<Object> asSink = sink;

        asSink.onDeadLetter(
            letter.set("parse", "in", "order-1", CAUSE, 3, 100, 300, DeadLetterReason.RETRIES_EXHAUSTED));
        sink.onDeadLetter(letter.set("route", "in", "order-2", null, 0, 0, 0, DeadLetterReason.BREAKER_OPEN));
        letter.reset();

        assertEquals(List.of(
            new InMemoryDeadLetterSink.Entry<Object>("parse", "in", "order-1", CAUSE, 3, 100, 300,
                DeadLetterReason.RETRIES_EXHAUSTED),
            new InMemoryDeadLetterSink.Entry<Object>("route", "in", "order-2", null, 0, 0, 0,
                DeadLetterReason.BREAKER_OPEN)),
            sink.letters());
        assertEquals(2, sink.size());
        assertEquals(0, sink.overflowed());
    }

    @Test
    void shouldCountLettersBeyondTheCapacityAsOverflowed()
    {
        final InMemoryDeadLetterSink<String> sink = new InMemoryDeadLetterSink<>(2);
        final DeadLetter<String> letter = new DeadLetter<>();

        for (int i = 0; i < 5; i++)
        {
            sink.onDeadLetter(
                letter.set("parse", "in", "m" + i, CAUSE, 1, i, i, DeadLetterReason.RETRIES_EXHAUSTED));
        }

        assertEquals(2, sink.size());
        assertEquals(2, sink.capacity());
        assertEquals(3, sink.overflowed());
        assertEquals("m0", sink.letters().get(0).message());
        assertEquals("m1", sink.letters().get(1).message());

        sink.clear();
        assertEquals(0, sink.size());
        assertEquals(3, sink.overflowed(), "overflowed is never reset");
        sink.onDeadLetter(letter.set("parse", "in", "m5", CAUSE, 1, 5, 5, DeadLetterReason.RETRIES_EXHAUSTED));
        assertEquals("m5", sink.letters().get(0).message());
    }

    @Test
    void shouldKeepNothingWhenCapacityIsZero()
    {
        final InMemoryDeadLetterSink<String> sink = new InMemoryDeadLetterSink<>(0);

        sink.onDeadLetter(
            new DeadLetter<String>().set("s", "in", "m", null, 0, 0, 0, DeadLetterReason.BREAKER_OPEN));

        assertEquals(0, sink.size());
        assertEquals(1, sink.overflowed());
    }

    @Test
    void shouldHandOutImmutableSnapshots()
    {
        final InMemoryDeadLetterSink<String> sink = new InMemoryDeadLetterSink<>(4);
        final DeadLetter<String> letter = new DeadLetter<>();
        sink.onDeadLetter(letter.set("s", "in", "a", null, 0, 0, 0, DeadLetterReason.BREAKER_OPEN));

        final List<InMemoryDeadLetterSink.Entry<String>> snapshot = sink.letters();
        sink.onDeadLetter(letter.set("s", "in", "b", null, 0, 0, 0, DeadLetterReason.BREAKER_OPEN));

        assertEquals(1, snapshot.size());
        assertThrows(UnsupportedOperationException.class, () -> snapshot.add(null));
        assertEquals(2, sink.letters().size());
    }

    @Test
    void shouldRejectANegativeCapacity()
    {
        assertEquals("dead-letter sink: capacity=-1 is not allowed; allowed 0..2147483647",
            assertThrows(IllegalArgumentException.class, () -> new InMemoryDeadLetterSink<String>(-1)).getMessage());
        assertEquals("binary dead-letter sink: capacity=-1 is not allowed; allowed 0..2147483647",
            assertThrows(IllegalArgumentException.class, () -> new InMemoryBinaryDeadLetterSink(-1)).getMessage());
    }

    @Test
    void shouldHoldWhatWasSetInABinaryLetterAndNothingAfterReset()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        final BinaryDeadLetter letter = new BinaryDeadLetter();

        assertSame(letter, letter.set("decode", "in", 7, buffer, 4, 5, CAUSE, 2, 10, 20,
            DeadLetterReason.RETRIES_EXHAUSTED));
        assertEquals("decode", letter.stage());
        assertEquals("in", letter.edge());
        assertEquals(7, letter.typeId());
        assertSame(buffer, letter.buffer());
        assertEquals(4, letter.offset());
        assertEquals(5, letter.length());
        assertSame(CAUSE, letter.cause());
        assertEquals(2, letter.attempts());
        assertEquals(10, letter.firstAttemptEpochNanos());
        assertEquals(20, letter.lastAttemptEpochNanos());
        assertEquals(DeadLetterReason.RETRIES_EXHAUSTED, letter.reason());
        assertEquals("BinaryDeadLetter{stage=decode, edge=in, reason=RETRIES_EXHAUSTED, typeId=7, offset=4, " +
            "length=5, attempts=2, firstAttemptEpochNanos=10, lastAttemptEpochNanos=20, " +
            "cause=java.lang.IllegalStateException: bad order}", letter.toString());

        letter.reset();
        assertNull(letter.stage());
        assertNull(letter.edge());
        assertNull(letter.buffer());
        assertNull(letter.cause());
        assertNull(letter.reason());
        assertEquals(0, letter.typeId() + letter.offset() + letter.length() + letter.attempts());
        assertEquals(0, letter.firstAttemptEpochNanos() + letter.lastAttemptEpochNanos());
    }

    @Test
    void shouldCopyTheBytesOfABinaryLetterFromItsOffset()
    {
        final InMemoryBinaryDeadLetterSink sink = new InMemoryBinaryDeadLetterSink(4);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[32]);
        buffer.putStringWithoutLengthAscii(0, "xxxxHELLOyyyy");
        final BinaryDeadLetter letter = new BinaryDeadLetter();

        sink.onDeadLetter(letter.set("decode", "in", 7, buffer, 4, 5, CAUSE, 2, 10, 20,
            DeadLetterReason.RETRIES_EXHAUSTED));
        buffer.putStringWithoutLengthAscii(0, "zzzzzzzzzzzzz");
        letter.reset();

        final InMemoryBinaryDeadLetterSink.Entry entry = sink.letters().get(0);
        assertArrayEquals("HELLO".getBytes(StandardCharsets.US_ASCII), entry.bytes());
        assertEquals(5, entry.length());
        assertEquals("decode", entry.stage());
        assertEquals(7, entry.typeId());
        assertSame(CAUSE, entry.cause());
        assertEquals(2, entry.attempts());
        assertEquals(10, entry.firstAttemptEpochNanos());
        assertEquals(20, entry.lastAttemptEpochNanos());
        assertEquals(DeadLetterReason.RETRIES_EXHAUSTED, entry.reason());
        assertEquals("Entry{stage=decode, edge=in, reason=RETRIES_EXHAUSTED, typeId=7, length=5, attempts=2, " +
            "firstAttemptEpochNanos=10, lastAttemptEpochNanos=20, cause=java.lang.IllegalStateException: bad order}",
            entry.toString());
    }

    @Test
    void shouldNotLetABinaryEntryBeChangedThroughItsArrays()
    {
        final byte[] source = {1, 2, 3};
        final InMemoryBinaryDeadLetterSink.Entry entry = new InMemoryBinaryDeadLetterSink.Entry(
            "s", "in", 1, source, null, 0, 0, 0, DeadLetterReason.BREAKER_OPEN);

        source[0] = 9;
        entry.bytes()[1] = 9;

        assertArrayEquals(new byte[]{1, 2, 3}, entry.bytes());
        assertThrows(NullPointerException.class, () -> new InMemoryBinaryDeadLetterSink.Entry(
            "s", "in", 1, null, null, 0, 0, 0, DeadLetterReason.BREAKER_OPEN));
    }

    @Test
    void shouldCompareBinaryEntriesByContent()
    {
        final InMemoryBinaryDeadLetterSink.Entry a = new InMemoryBinaryDeadLetterSink.Entry(
            "s", "in", 1, new byte[]{1, 2}, null, 0, 0, 0, DeadLetterReason.BREAKER_OPEN);
        final InMemoryBinaryDeadLetterSink.Entry b = new InMemoryBinaryDeadLetterSink.Entry(
            "s", "in", 1, new byte[]{1, 2}, null, 0, 0, 0, DeadLetterReason.BREAKER_OPEN);
        final InMemoryBinaryDeadLetterSink.Entry c = new InMemoryBinaryDeadLetterSink.Entry(
            "s", "in", 1, new byte[]{1, 3}, null, 0, 0, 0, DeadLetterReason.BREAKER_OPEN);

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, c);
    }

    @Test
    void shouldKeepEmptyBinaryMessagesAndCountOverflow()
    {
        final InMemoryBinaryDeadLetterSink sink = new InMemoryBinaryDeadLetterSink(1);
        final BinaryDeadLetter letter = new BinaryDeadLetter();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);

        sink.onDeadLetter(letter.set("s", "in", 1, buffer, 8, 0, null, 0, 0, 0, DeadLetterReason.BREAKER_OPEN));
        sink.onDeadLetter(letter.set("s", "in", 2, buffer, 0, 8, null, 0, 0, 0, DeadLetterReason.BREAKER_OPEN));

        assertEquals(1, sink.size());
        assertEquals(1, sink.capacity());
        assertEquals(0, sink.letters().get(0).length());
        assertEquals(1, sink.overflowed());
        sink.clear();
        assertEquals(0, sink.size());
        assertEquals(1, sink.overflowed());
    }
}
