package dev.cairn.bench.fleet;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time of the processes a drain runs on, from Linux's {@code /proc}: each worker JVM split into its JIT
 * compiler threads, its garbage collector's threads and the rest (job threads and everything else), the Redis
 * server, and every PostgreSQL process. Why: a job's cost to the machine is not only its worker's, and on a
 * short drain a fresh JVM spends a large share of its CPU compiling; a throughput ratio alone says neither.
 *
 * <p>A worker's total comes from the process's own counters, which keep the time of threads that have exited;
 * the JIT and GC shares from the threads alive at each reading (the JVM's compiler and GC threads live as long
 * as it does, save the extra compiler threads it starts and stops under load, whose time lands in the rest).
 * PostgreSQL's backends are found again at each reading, so the backends that worker processes open are
 * counted once they exist; the time of one that exits between two readings is lost, so a pool that closes
 * connections would be under-counted (the workers' pools keep theirs).
 */
public final class ProcessCpu {

    /** Linux's USER_HZ: {@code /proc} reports CPU times in these ticks on every architecture the JDK runs on. */
    private static final double TICKS_PER_SECOND = 100;
    private static final Path PROC = Path.of("/proc");

    /** The roles a reading splits CPU time into, in report order. */
    public static final List<String> ROLES = List.of("worker_other", "worker_jit", "worker_gc", "redis", "postgres");

    /** CPU ticks by role at one moment. */
    public record Reading(Map<String, Long> ticks) {

        /**
         * @return microseconds of CPU per job by role (the roles both readings have) and {@code total}, between
         * {@code earlier} and this reading; empty when no job was done in between
         */
        public Map<String, Double> microsPerJob(Reading earlier, long jobs) {
            Map<String, Double> perJob = new LinkedHashMap<>();
            if (jobs <= 0) return perJob;
            double total = 0;
            for (String role : ROLES) {
                if (!ticks.containsKey(role) || !earlier.ticks.containsKey(role)) continue;
                double micros = (ticks.get(role) - earlier.ticks.get(role)) / TICKS_PER_SECOND * 1e6 / jobs;
                perJob.put(role, micros);
                total += micros;
            }
            perJob.put("total", total);
            return perJob;
        }
    }

    private final List<Long> workerPids;
    private final Long redisPid;

    private ProcessCpu(List<Long> workerPids, Long redisPid) {
        this.workerPids = workerPids;
        this.redisPid = redisPid;
    }

    /**
     * @param workerPids the worker processes
     * @param redisUrl   the Redis they use (its server is found by the port on its command line), or null for none
     * @return a meter, or empty where there is no {@code /proc} to read
     */
    public static Optional<ProcessCpu> of(List<Long> workerPids, URI redisUrl) {
        if (!Files.isReadable(PROC.resolve("self/stat"))) return Optional.empty();
        return Optional.of(new ProcessCpu(List.copyOf(workerPids), redisUrl == null ? null : redisServer(redisUrl.getPort())));
    }

    /** @return CPU ticks by role so far; no {@code redis} when there is no Redis or its server was not found on this machine */
    public Reading read() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (long pid : workerPids) {
            long total = ticks(PROC.resolve(pid + "/stat"));
            long jit = 0;
            long gc = 0;
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(pid + "/task"))) {
                for (Path task : tasks) {
                    String stat = readOrEmpty(task.resolve("stat"));
                    if (stat.isEmpty()) continue;
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) jit += ticks(stat);
                    else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) gc += ticks(stat);
                }
            } catch (IOException e) {
                // the process has exited: what it used until now is counted in its total, or lost with it
            }
            ticks.merge("worker_jit", jit, Long::sum);
            ticks.merge("worker_gc", gc, Long::sum);
            ticks.merge("worker_other", Math.max(0, total - jit - gc), Long::sum);
        }
        if (redisPid != null) ticks.put("redis", ticks(PROC.resolve(redisPid + "/stat")));
        long postgres = 0;
        for (Path process : processes()) {
            String stat = readOrEmpty(process.resolve("stat"));
            if (stat.contains("(postgres)")) postgres += ticks(stat);
        }
        ticks.put("postgres", postgres);
        return new Reading(ticks);
    }

    /** @return the pid of the {@code redis-server} whose command line names {@code port}, or null */
    private static Long redisServer(int port) {
        String wanted = Integer.toString(port);
        for (Path process : processes()) {
            String cmdline = readOrEmpty(process.resolve("cmdline"));
            if (!cmdline.contains("redis-server")) continue;
            for (String token : cmdline.split("[\\x00 :]")) {
                if (token.equals(wanted)) return Long.parseLong(process.getFileName().toString());
            }
        }
        return null;
    }

    private static List<Path> processes() {
        try (var entries = Files.list(PROC)) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long ticks(Path stat) {
        String text = readOrEmpty(stat);
        return text.isEmpty() ? 0 : ticks(text);
    }

    /** utime + stime: fields 14 and 15 of {@code stat}, counted after the command name, which may hold spaces. */
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String readOrEmpty(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
