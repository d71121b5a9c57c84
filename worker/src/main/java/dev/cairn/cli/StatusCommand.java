package dev.cairn.cli;

import dev.cairn.api.client.CairnClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code cairn status <jobId>}: a job's JobRunr state and its checkpoint; without an id, the latest jobs ({@code cairn jobs}). */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a job's state and checkpoint: steps done, current step, cursor, progress. Without a job id, list the latest jobs (as 'cairn jobs').")
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<jobId>", description = "the job's id, as enqueue printed it; none lists the latest jobs")
    String jobId;

    @Mixin
    ApiJsonOption output;

    @Override
    public Integer call() {
        if (jobId == null || jobId.isBlank()) return JobsCommand.list(spec, output, null, null, null, null, null);
        CairnClient client = CairnCommand.root(spec).client();
        PrintWriter out = spec.commandLine().getOut();
        if (output.enabled()) {
            String text = client.jobJson(jobId.trim());
            out.print(text);
            if (!text.endsWith("\n")) out.println();
        } else {
            out.print(JobTable.render(client.job(jobId.trim())));
        }
        out.flush();
        return 0;
    }
}
