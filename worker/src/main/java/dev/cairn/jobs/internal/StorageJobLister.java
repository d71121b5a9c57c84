package dev.cairn.jobs.internal;

import dev.cairn.api.jobrunr.PipelineJobRequest;
import dev.cairn.jobs.JobCounts;
import dev.cairn.jobs.JobList;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.JobStats;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.navigation.OffsetBasedPageRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lists and counts jobs on JobRunr's storage. JobRunr queries one state at a time, sorted by {@code updatedAt}, and
 * knows nothing of Cairn's job types: a list over every state merges the newest rows of each, and the type filter is
 * applied to the rows read. The cursor is the position in that merged, filtered list; a page reads at most
 * {@code offset + window} rows of each state, so deep pages cost more, which {@link JobList#MAX_OFFSET} bounds.
 */
final class StorageJobLister {

    /** The states whose split by type the overview shows: where jobs wait, run or failed. */
    private static final List<StateName> ACTIVE = List.of(StateName.SCHEDULED, StateName.ENQUEUED, StateName.PROCESSING, StateName.FAILED);
    /** How many jobs of a state the split by type looks at. */
    static final int TYPE_SAMPLE = 1000;
    /** The most rows of one state a page reads beyond its offset, when a type filter drops rows. */
    private static final int FILTER_WINDOW = 2000;

    private final StorageProvider storage;

    StorageJobLister(StorageProvider storage) {
        this.storage = storage;
    }

    JobList.Page list(JobList.Query query) {
        List<StateName> states = query.state().map(s -> List.of(StateName.valueOf(s)))
                .orElse(List.of(StateName.values()));
        int window = query.type().isPresent() ? Math.max(FILTER_WINDOW, query.limit()) : query.limit();
        int perState = query.offset() + window + 1;
        List<Job> merged = new ArrayList<>();
        boolean truncated = false;
        for (StateName state : states) {
            List<Job> rows = storage.getJobList(state, new OffsetBasedPageRequest("updatedAt:DESC", 0L, perState));
            if (rows.size() >= perState) truncated = true;
            merged.addAll(rows);
        }
        merged.sort(Comparator.comparing(Job::getUpdatedAt).reversed().thenComparing(job -> job.getId().toString()));
        List<JobList.Summary> page = new ArrayList<>();
        int matched = 0;
        boolean more = false;
        for (Job job : merged) {
            if (query.since().isPresent() && job.getUpdatedAt().isBefore(query.since().get())) break; // sorted: the rest are older
            JobList.Summary summary = summary(job);
            if (query.type().isPresent() && !query.type().get().equals(summary.type())) continue;
            if (matched++ < query.offset()) continue;
            if (page.size() == query.limit()) {
                more = true;
                break;
            }
            page.add(summary);
        }
        // why: the rows read may end before the matches do (a type filter over a long list): the next page reads further
        if (!more && truncated && page.size() == query.limit()) more = true;
        int next = query.offset() + page.size();
        return new JobList.Page(page, more && next <= JobList.MAX_OFFSET ? Integer.toString(next) : null);
    }

    JobCounts counts() {
        JobStats stats = storage.getJobStats();
        Map<String, Long> byState = new LinkedHashMap<>();
        byState.put("SCHEDULED", orZero(stats.getScheduled()));
        byState.put("ENQUEUED", orZero(stats.getEnqueued()));
        byState.put("PROCESSING", orZero(stats.getProcessing()));
        byState.put("FAILED", orZero(stats.getFailed()));
        byState.put("SUCCEEDED", orZero(stats.getSucceeded()));
        byState.put("DELETED", orZero(stats.getDeleted()));
        byState.put("AWAITING", orZero(stats.getAwaiting()));
        Map<String, Map<String, Long>> byType = new LinkedHashMap<>();
        for (StateName state : ACTIVE) {
            Map<String, Long> types = new TreeMap<>();
            if (byState.get(state.name()) > 0) {
                for (Job job : storage.getJobList(state, new OffsetBasedPageRequest("updatedAt:DESC", 0L, TYPE_SAMPLE))) {
                    types.merge(type(job), 1L, Long::sum);
                }
            }
            byType.put(state.name(), types);
        }
        return new JobCounts(byState, byType, TYPE_SAMPLE);
    }

    static JobList.Summary summary(Job job) {
        PipelineJobRequest request = JobRequests.pipelineRequest(job);
        Object file = request == null || request.payload() == null ? null : request.payload().get("file");
        int attempts = (int) job.getJobStates().stream().filter(s -> s instanceof ProcessingState).count();
        Instant changed = job.getJobStates().stream().map(JobState::getUpdatedAt).max(Comparator.naturalOrder()).orElse(job.getUpdatedAt());
        return new JobList.Summary(job.getId().toString(), type(job), job.getState().name(), job.getCreatedAt(), changed, attempts,
                file instanceof String name ? name : null);
    }

    private static String type(Job job) {
        PipelineJobRequest request = JobRequests.pipelineRequest(job);
        return request == null ? job.getJobDetails().getClassName() : request.type();
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
