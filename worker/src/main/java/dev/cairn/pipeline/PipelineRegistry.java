package dev.cairn.pipeline;

import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.pipeline.UnknownJobTypeException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The pipelines a worker runs, by job type. */
public final class PipelineRegistry {

    private final Map<String, Pipeline> pipelines;

    private PipelineRegistry(Map<String, Pipeline> pipelines) {
        this.pipelines = pipelines;
    }

    /**
     * @param pipelines the pipelines; names unique
     * @return the registry
     */
    public static PipelineRegistry of(Pipeline... pipelines) {
        Map<String, Pipeline> map = new LinkedHashMap<>();
        for (Pipeline p : pipelines) {
            Pipeline.requireUniqueNames(p.name(), p.steps());
            if (map.putIfAbsent(p.name(), p) != null) throw new IllegalArgumentException("two pipelines named " + p.name());
        }
        return new PipelineRegistry(Map.copyOf(map));
    }

    /** @return the pipeline for a job type */
    public Optional<Pipeline> find(String type) {
        return Optional.ofNullable(type == null ? null : pipelines.get(type));
    }

    /**
     * @throws UnknownJobTypeException when there is none
     */
    public Pipeline require(String type) {
        return find(type).orElseThrow(() -> new UnknownJobTypeException(type, types()));
    }

    /** @return the job types, sorted */
    public Set<String> types() {
        return new java.util.TreeSet<>(pipelines.keySet());
    }
}
