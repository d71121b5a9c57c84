package dev.cairn.testing;

import dev.cairn.config.CairnConfig;
import dev.cairn.runtime.internal.JobStorage;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A process for {@code EmbeddedStorageKillIT}: opens the embedded job storage (H2 under the data dir given as its
 * argument), saves jobs one transaction each, prints {@code saved <id> …} once every save returned, and waits to be
 * killed.
 */
public final class EmbeddedStorageWriter {

    private EmbeddedStorageWriter() {
    }

    public static void main(String[] args) throws Exception {
        CairnConfig config = CairnConfig.fromEnv(Map.of("CAIRN_DATA_DIR", Path.of(args[0]).toString()));
        JobStorage storage = JobStorage.open(config.storage(), config.directories(), new JacksonJsonMapper());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(args[1]); i++) {
            Job job = storage.provider().save(new Job(new JobDetails(EmbeddedStorageWriter.class.getName(), null, "main", List.of())));
            ids.add(job.getId().toString());
        }
        System.out.println("saved " + String.join(" ", ids));
        System.out.flush();
        Thread.sleep(120_000);
    }
}
