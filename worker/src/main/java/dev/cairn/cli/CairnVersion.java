package dev.cairn.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code cairn --version}: the version the fat jar's manifest carries ({@code Implementation-Version}). */
public final class CairnVersion implements IVersionProvider {

    /** @return the worker's version, {@code dev} when not run from a built jar */
    public static String version() {
        String version = CairnVersion.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? "dev" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[]{"cairn " + version()};
    }
}
