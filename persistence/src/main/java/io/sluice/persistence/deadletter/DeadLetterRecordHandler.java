package io.sluice.persistence.deadletter;

/**
 * Receives the records of a dead-letter store one by one.
 */
@FunctionalInterface
public interface DeadLetterRecordHandler
{
    /**
     * One record.
     *
     * @param record a view valid only during the call.
     */
    void onRecord(DeadLetterRecord record);
}
