/**
 * The pipeline API for pipeline authors: a {@link dev.cairn.api.pipeline.Pipeline} is named
 * {@link dev.cairn.api.pipeline.Step}s; a step sees its job through a
 * {@link dev.cairn.api.pipeline.StepContext}, saves cursors and records outputs, and is never run again
 * once completed while the job's checkpoint lives.
 */
package dev.cairn.api.pipeline;
