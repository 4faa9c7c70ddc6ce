/**
 * {@code sluice spill inspect|replay}: read-only tools for spill store directories (see {@code docs/persistence.md}).
 */
package io.sluice.examples.spilltools;
