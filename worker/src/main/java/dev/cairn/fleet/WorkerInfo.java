package dev.cairn.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * What a worker's lease says about it, for the worker that finds it dead and for operators reading Redis.
 *
 * @param serverId  the JobRunr background server's id (the {@code serverId} of its jobs' PROCESSING state)
 * @param name      the worker's name (host and pid)
 * @param jobs      the ids of the jobs it was running at its last renewal
 * @param renewedAt when it last renewed, ms since the epoch on its own clock
 */
public record WorkerInfo(@JsonProperty("server_id") String serverId, @JsonProperty("name") String name,
                         @JsonProperty("jobs") List<String> jobs, @JsonProperty("renewed_at") long renewedAt) {

    public WorkerInfo {
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }
}
