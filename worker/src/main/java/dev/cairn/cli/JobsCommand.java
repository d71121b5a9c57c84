package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cairn jobs [--state S] [--type T] [--since AGE] [--limit N] [--cursor C]}: jobs, most recently changed first,
 * with their input file ({@code GET /api/jobs}); {@code cairn status} without a job id prints the same.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "List jobs, most recently changed first, with their state and input file (GET /api/jobs).")
final class JobsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--state", paramLabel = "<state>", description = "only jobs in this state: ENQUEUED, SCHEDULED, PROCESSING, SUCCEEDED, FAILED, DELETED, AWAITING")
    String state;

    @Option(names = "--type", paramLabel = "<type>", description = "only jobs of this type, e.g. pdf-processing")
    String type;

    @Option(names = "--since", paramLabel = "<since>", description = "only jobs changed since then: an instant, a date, or an age like 24h")
    String since;

    @Option(names = "--limit", paramLabel = "<n>", description = "jobs per page, 1-200 (default 50)")
    Integer limit;

    @Option(names = "--cursor", paramLabel = "<cursor>", description = "continue where the previous page stopped")
    String cursor;

    @Mixin
    ApiJsonOption output;

    @Override
    public Integer call() {
        return list(spec, output, state, type, since, limit, cursor);
    }

    /** Prints a page of jobs, as a table or, with {@code --json}, as the API's JSON. */
    static int list(CommandSpec spec, ApiJsonOption output, String state, String type, String since, Integer limit, String cursor) {
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("state", state);
        filters.put("type", type);
        filters.put("since", since);
        filters.put("limit", limit == null ? null : limit.toString());
        filters.put("cursor", cursor);
        List<String> next = new ArrayList<>(List.of("jobs"));
        filters.forEach((name, value) -> {
            if (value != null && !name.equals("cursor")) next.addAll(List.of("--" + name, value));
        });
        return output.print(spec, CairnCommand.root(spec).client().jobsList(filters), page -> table(page, next));
    }

    static String table(JsonNode page, List<String> nextArgs) {
        JsonNode jobs = page.path("jobs");
        if (jobs.isEmpty()) return "no jobs match\n";
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"JOB ID", "TYPE", "STATE", "ATTEMPTS", "UPDATED", "FILE"});
        for (JsonNode job : jobs) {
            rows.add(new String[]{DlqText.text(job, "job_id"), DlqText.text(job, "type"), DlqText.text(job, "state"),
                    DlqText.text(job, "attempts"), DlqText.text(job, "updated_at"), DlqText.text(job, "file")});
        }
        StringBuilder out = new StringBuilder();
        TextTable.columns(out, "", rows);
        out.append('\n').append("showing ").append(jobs.size());
        JsonNode cursor = page.path("next_cursor");
        if (cursor.isTextual()) {
            out.append("; next: cairn");
            nextArgs.forEach(arg -> out.append(' ').append(DlqText.shellQuote(arg)));
            out.append(" --cursor ").append(DlqText.shellQuote(cursor.asText()));
        }
        out.append("; details: cairn status <job-id>");
        return out.append('\n').toString();
    }
}
