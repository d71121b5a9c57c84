package dev.cairn.cli;

import dev.cairn.config.CairnConfig;
import dev.cairn.config.HttpSettings;
import dev.cairn.config.LogSettings;
import dev.cairn.runtime.Worker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code cairn worker}: runs a worker until it is stopped. Shutdown (SIGTERM, Ctrl-C) is the runtime's
 * business: it lets running steps reach a checkpoint, then {@link Worker#awaitTermination()} returns.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run a worker: JobRunr background server, JobRunr dashboard and the Cairn HTTP API. "
                + "Configured by CAIRN_* environment variables, or by the CAIRN_* lines of the file .env in the working directory (start from .env.example).")
final class WorkerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        CairnConfig config = CairnConfig.fromEnv(CairnCommand.root(spec).env());
        Worker worker = Worker.start(config);
        if (config.logs().format().equals(LogSettings.JSON)) {
            // why: a log collector reading JSON lines must not meet a plain-text banner; the worker logs that it is ready
            worker.awaitTermination();
            return 0;
        }
        PrintWriter out = spec.commandLine().getOut();
        HttpSettings http = config.http();
        String host = displayHost(http.bind());
        out.println("cairn worker " + CairnVersion.version() + " is running");
        out.println("  HTTP API:  http://" + host + ":" + worker.httpPort());
        out.println("  dashboard: " + (http.dashboardPort() == 0 ? "off (CAIRN_DASHBOARD_PORT=0)"
                : "http://" + host + ":" + http.dashboardPort()));
        out.println("  input dir: " + config.directories().inputDir());
        out.println("Stop with Ctrl-C or SIGTERM; running steps reach a checkpoint first.");
        out.flush();
        worker.awaitTermination();
        return 0;
    }

    /** A wildcard bind is reachable on loopback; IPv6 literals need brackets in a URL. */
    private static String displayHost(String bind) {
        if (bind.equals("0.0.0.0")) return "127.0.0.1";
        if (bind.equals("::") || bind.equals("[::]")) return "[::1]";
        return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }
}
