/**
 * Enqueuing Cairn jobs straight into the JobRunr storage the workers share
 * ({@link dev.cairn.api.jobrunr.CairnJobs}). Needs {@code org.jobrunr:jobrunr} on the producer's classpath.
 */
package dev.cairn.api.jobrunr;
