package dev.cairn.runtime.internal;

/** How a worker names itself to others (in its lease): host and pid, enough to find the process. */
public final class WorkerName {

    private WorkerName() {
    }

    /** @return e.g. {@code host-1 (pid 4242)}; the host from {@code HOSTNAME} (set in containers), else {@code localhost} */
    public static String current() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) host = "localhost";
        return host + " (pid " + ProcessHandle.current().pid() + ")";
    }
}
