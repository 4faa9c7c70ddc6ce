/**
 * Codecs that turn object messages into bytes for the Chronicle stores and back: the {@link
 * io.sluice.persistence.codec.Codec} SPI, the common cases in {@link io.sluice.persistence.codec.Codecs}, and
 * {@link io.sluice.persistence.codec.RecyclingCodec} for decoding without allocation.
 */
package io.sluice.persistence.codec;
