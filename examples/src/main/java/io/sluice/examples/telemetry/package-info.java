/**
 * Telemetry at scale: {@code bin/sluice examples telemetry}. Several sensor groups write fixed-layout
 * {@link io.sluice.examples.telemetry.Reading readings} straight into a {@code BINARY_MPSC} channel with zero-copy
 * claim/commit; a router forwards each one to a {@code DROP_OLDEST} dashboard feed that only wants the newest
 * readings and to a {@code SPILL} archive over a Chronicle spill store that must keep every reading, in order.
 */
package io.sluice.examples.telemetry;
