package dev.cairn.bench.fleet;

import dev.cairn.config.CairnConfig;
import dev.cairn.runtime.Worker;

/**
 * A Cairn worker with the bench's pipeline ({@link CheckpointOnlyPipeline}, type {@value CheckpointOnlyPipeline#TYPE})
 * next to the built-in ones, configured from {@code CAIRN_*} variables like {@code cairn worker}:
 *
 * <pre>
 * java -cp cairn-bench.jar dev.cairn.bench.fleet.BenchWorkerMain
 * </pre>
 *
 * The throughput and enqueue figures start it as a child process ({@link CairnFleet#benchWorkers}); it runs
 * until killed, or until SIGTERM drains it.
 */
public final class BenchWorkerMain {

    private BenchWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        CairnConfig config = CairnConfig.fromEnv(System.getenv());
        Worker worker = Worker.builder(config).pipeline(CheckpointOnlyPipeline.create()).start();
        System.out.println("bench worker ready on port " + worker.httpPort());
        System.out.flush();
        worker.awaitTermination();
    }
}
