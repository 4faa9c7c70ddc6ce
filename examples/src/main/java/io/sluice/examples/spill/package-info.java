/**
 * Spill to disk: the worked codec example ({@link io.sluice.examples.spill.TickCodec}) and {@code bin/sluice examples
 * spill}, which spills, stops with overflow on disk and delivers it first after a restart.
 */
package io.sluice.examples.spill;
