package io.sluice.examples.dlq;

import io.sluice.examples.cli.Json;
import io.sluice.persistence.codec.Codecs;
import io.sluice.persistence.deadletter.DeadLetterRecord;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A dead-letter record as one JSON line, as a one-line summary, or as a multi-line detail. The payload is text when
 * the store's codec is {@code utf8-string/1} (and the bytes are valid UTF-8), otherwise base64.
 */
public final class DeadLetterFormat
{
    /** The codec whose payloads are shown as text. */
    public static final String UTF8_CODEC = Codecs.utf8().name();

    private static final int PREVIEW_CHARS = 40;

    private final String codecName;
    private final Json json = new Json();

    /**
     * A formatter for one store.
     *
     * @param codecName the store's codec.
     */
    public DeadLetterFormat(final String codecName)
    {
        this.codecName = codecName;
    }

    /**
     * One JSON object for a record, without a line separator.
     *
     * @param record the record.
     * @return the JSON line.
     */
    public String jsonLine(final DeadLetterRecord record)
    {
        json.reset()
            .field("sequence", record.sequence())
            .field("stage", record.stage())
            .field("edge", record.edge())
            .field("reason", null == record.reason() ? null : record.reason().name())
            .field("attempts", record.attempts())
            .field("firstFailure", time(record.firstFailureEpochNanos()))
            .field("lastFailure", time(record.lastFailureEpochNanos()))
            .field("firstFailureEpochNanos", record.firstFailureEpochNanos())
            .field("lastFailureEpochNanos", record.lastFailureEpochNanos())
            .field("causeClass", record.causeClass())
            .field("causeMessage", record.causeMessage())
            .field("typeId", record.typeId())
            .field("codec", codecName)
            .field("payloadLength", record.payloadLength());
        final String text = text(record);
        if (null != text)
        {
            json.field("payloadEncoding", "utf8").field("payload", text);
        }
        else
        {
            json.field("payloadEncoding", "base64").base64("payload", record.payloadBytes());
        }
        return json.end();
    }

    /**
     * One line for a listing: sequence, last failure, stage, edge, attempts, reason, cause, payload preview.
     *
     * @param record the record.
     * @return the line.
     */
    public String summary(final DeadLetterRecord record)
    {
        final String text = text(record);
        final String payload = null != text ? preview(text) :
            "base64:" + preview(Base64.getEncoder().encodeToString(record.payloadBytes()));
        return String.format("%8d  %s  %s <- %s  attempts=%d  %s  %s  %s (%d bytes)",
            record.sequence(), time(record.lastFailureEpochNanos()), record.stage(),
            record.edge().isEmpty() ? "(no edge)" : record.edge(), record.attempts(), record.reason(),
            cause(record), payload, record.payloadLength());
    }

    /**
     * Every field, one per line.
     *
     * @param record the record.
     * @return the lines, separated by line feeds, without a trailing one.
     */
    public String detail(final DeadLetterRecord record)
    {
        final String text = text(record);
        return "sequence:       " + record.sequence() + "\n" +
            "chronicleIndex: 0x" + Long.toHexString(record.index()) + "\n" +
            "stage:          " + record.stage() + "\n" +
            "edge:           " + (record.edge().isEmpty() ? "(none)" : record.edge()) + "\n" +
            "reason:         " + record.reason() + "\n" +
            "attempts:       " + record.attempts() + "\n" +
            "firstFailure:   " + time(record.firstFailureEpochNanos()) + "\n" +
            "lastFailure:    " + time(record.lastFailureEpochNanos()) + "\n" +
            "cause:          " + cause(record) + "\n" +
            "typeId:         " + record.typeId() + "\n" +
            "codec:          " + codecName + "\n" +
            "payloadLength:  " + record.payloadLength() + "\n" +
            (null != text ? "payload (utf8): " + text :
            "payload (base64): " + Base64.getEncoder().encodeToString(record.payloadBytes()));
    }

    private String text(final DeadLetterRecord record)
    {
        if (!UTF8_CODEC.equals(codecName))
        {
            return null;
        }
        try
        {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(record.payloadBytes()))
                .toString();
        }
        catch (final CharacterCodingException ex)
        {
            return null;
        }
    }

    private static String cause(final DeadLetterRecord record)
    {
        if (null == record.causeClass())
        {
            return "(no cause)";
        }
        return null == record.causeMessage() ? record.causeClass() :
            record.causeClass() + ": " + record.causeMessage();
    }

    private static String preview(final String text)
    {
        final String flat = text.replace('\n', ' ').replace('\r', ' ');
        return flat.length() <= PREVIEW_CHARS ? flat : flat.substring(0, PREVIEW_CHARS) + "...";
    }

    private static String time(final long epochNanos)
    {
        return epochNanos == 0 ? "-" : Instant.ofEpochSecond(0, epochNanos).toString();
    }
}
