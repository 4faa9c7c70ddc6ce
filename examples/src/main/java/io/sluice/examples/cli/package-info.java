/**
 * What the store tools of the {@code sluice} command line share: JSON lines output ({@link
 * io.sluice.examples.cli.Json}), a progress bar for long replays ({@link io.sluice.examples.cli.Progress}) and the
 * way a tool reports a bad store directory ({@link io.sluice.examples.cli.ToolErrors}).
 */
package io.sluice.examples.cli;
