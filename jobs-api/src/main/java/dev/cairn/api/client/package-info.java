/**
 * A small HTTP client of a Cairn worker ({@link dev.cairn.api.client.CairnClient}) for producers in any
 * JVM; the {@code cairn} CLI uses it too.
 */
package dev.cairn.api.client;
