package dev.cairn.config;

import dev.cairn.api.CairnException;

/** A configuration value that cannot be used; the message names the variable and what is wrong. */
public final class ConfigException extends CairnException {

    /**
     * @param variable the environment variable, e.g. {@code CAIRN_HTTP_PORT}
     * @param problem  what is wrong with it, e.g. "must be a port number 1-65535, got 'abc'"
     */
    public ConfigException(String variable, String problem) {
        super(variable + " " + problem, false);
    }
}
