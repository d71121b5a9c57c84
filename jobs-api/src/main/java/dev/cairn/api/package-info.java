/**
 * What producers of Cairn jobs use: {@link dev.cairn.api.JobSubmission} to describe a job,
 * {@link dev.cairn.api.JobView} to read one back (the JSON of {@code GET /api/jobs/{id}}), and the error
 * root {@link dev.cairn.api.CairnException} with its retryable flag.
 */
package dev.cairn.api;
