package io.sluice.examples.spill;

/**
 * A market data tick: a mutable, fixed-layout record, so that {@link TickCodec} can decode it without allocating.
 */
public final class Tick
{
    long sequence;
    long timestampNanos;
    int instrumentId;
    long priceMantissa;
    long quantity;

    /**
     * Fill all fields.
     *
     * @param sequence       the feed's sequence number.
     * @param timestampNanos when the exchange sent it.
     * @param instrumentId   which instrument.
     * @param priceMantissa  the price in ticks of 1e-4.
     * @param quantity       the size.
     * @return this.
     */
    public Tick set(final long sequence, final long timestampNanos, final int instrumentId, final long priceMantissa,
        final long quantity)
    {
        this.sequence = sequence;
        this.timestampNanos = timestampNanos;
        this.instrumentId = instrumentId;
        this.priceMantissa = priceMantissa;
        this.quantity = quantity;
        return this;
    }

    /**
     * The feed's sequence number.
     *
     * @return sequence.
     */
    public long sequence()
    {
        return sequence;
    }

    /**
     * When the exchange sent it.
     *
     * @return nanoseconds since the epoch.
     */
    public long timestampNanos()
    {
        return timestampNanos;
    }

    /**
     * Which instrument.
     *
     * @return the instrument id.
     */
    public int instrumentId()
    {
        return instrumentId;
    }

    /**
     * The price in ticks of 1e-4.
     *
     * @return the mantissa.
     */
    public long priceMantissa()
    {
        return priceMantissa;
    }

    /**
     * The size.
     *
     * @return the quantity.
     */
    public long quantity()
    {
        return quantity;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "Tick{seq=" + sequence + ", instrument=" + instrumentId + ", price=" + priceMantissa + "e-4, qty=" +
            quantity + '}';
    }
}
