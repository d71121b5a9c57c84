package dev.cairn.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The filters {@code cairn dlq list} and {@code cairn dlq export} share (a picocli mixin); they combine with AND. */
final class DlqFilterOptions {

    @Option(names = "--type", paramLabel = "<type>", description = "only jobs of this type, e.g. pdf-processing")
    String type;

    @Option(names = "--error-class", paramLabel = "<class>", description = "only this error class (full or simple name)")
    String errorClass;

    @Option(names = "--signature", paramLabel = "<signature>", description = "only this error signature, as list and stats show it")
    String signature;

    @Option(names = "--since", paramLabel = "<when>",
            description = "only failures at or after: an instant (2026-01-02T03:04:05Z), a date (2026-01-02) or an age (30m, 24h, 7d)")
    String since;

    @Option(names = {"--q", "--text"}, paramLabel = "<text>",
            description = "only entries whose job id, type, error class, message or signature contains this (any case)")
    String text;

    /** @return the filters by the API's parameter names; unset ones are null (the client leaves them out) */
    Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("type", type);
        params.put("error_class", errorClass);
        params.put("signature", signature);
        params.put("since", since);
        params.put("q", text);
        return params;
    }

    /** @return the options as given, to repeat them in a suggested command */
    List<String> args() {
        List<String> args = new ArrayList<>();
        add(args, "--type", type);
        add(args, "--error-class", errorClass);
        add(args, "--signature", signature);
        add(args, "--since", since);
        add(args, "--q", text);
        return args;
    }

    private static void add(List<String> args, String name, String value) {
        if (value == null || value.isBlank()) return;
        args.add(name);
        args.add(value);
    }
}
