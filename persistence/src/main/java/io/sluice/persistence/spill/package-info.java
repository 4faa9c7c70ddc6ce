/**
 * The durable spill store behind the {@code SPILL} overflow policy, on Chronicle Queue: {@link
 * io.sluice.persistence.spill.SpillOptions} opens a {@link io.sluice.persistence.spill.ChronicleSpillStore} (object
 * channels, with a codec) or a {@link io.sluice.persistence.spill.ChronicleBinarySpillStore} (binary channels).
 * See {@code docs/persistence.md} for the guarantees.
 */
package io.sluice.persistence.spill;
