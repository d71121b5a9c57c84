package dev.cairn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.CairnException;
import dev.cairn.config.ApiKeysFile;
import dev.cairn.config.ApiTier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cairn keys add NAME [--tier T] | list}: the producers' API keys of the keys file the worker reads
 * ({@code CAIRN_API_KEYS_FILE}). The file holds only each key's SHA-256, so a key is shown once, when it is made;
 * {@code list} shows names, tiers and the start of the digests, never a key. Works on the file alone: no worker
 * is asked.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Make and list the producers' API keys of the keys file the worker reads (CAIRN_API_KEYS_FILE).",
        subcommands = {KeysCommand.Add.class, KeysCommand.ListKeys.class})
final class KeysCommand implements Callable<Integer> {

    /** Hex digits of a digest {@code list} shows: enough to tell keys apart, too few to matter. */
    static final int DIGEST_SHOWN = 12;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing action: use 'keys add NAME [--tier api_key|premium|admin]' or 'keys list'");
    }

    /** @return {@code --file}, else the keys file of the environment; a usage error when there is neither */
    private static Path file(CommandSpec spec, Path option) {
        if (option != null) return option;
        String named = CairnCommand.root(spec).env(ApiKeysFile.VARIABLE);
        if (named == null || named.isBlank()) {
            throw new ParameterException(spec.commandLine(), "no keys file: give --file PATH or set " + ApiKeysFile.VARIABLE
                    + " (the file the worker reads its keys from)");
        }
        return Path.of(named.trim());
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Make a new API key, append its SHA-256 to the keys file and print the key once on stdout.",
                    "The worker reads the file again within a few seconds; delete the key's line to revoke it."})
    static final class Add implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "who holds the key (logs and answers name it): 1-64 letters, digits, '.', '_', '@' or '-'")
        String name;

        @Option(names = "--tier", paramLabel = "<tier>", defaultValue = "api_key", description = "api_key (default), premium or admin")
        String tier;

        @Option(names = "--file", paramLabel = "PATH", description = "the keys file (default: $CAIRN_API_KEYS_FILE); created readable by its owner only")
        Path file;

        @Option(names = "--json", description = "print {\"name\", \"tier\", \"key\", \"file\"} instead of the bare key")
        boolean json;

        @Override
        public Integer call() {
            ApiTier keyTier = ApiTier.fromLabel(tier).filter(t -> t != ApiTier.ANONYMOUS).orElseThrow(() ->
                    new ParameterException(spec.commandLine(), "--tier must be api_key, premium or admin, got '" + tier + "'"));
            if (!ApiKeysFile.isValidName(name)) {
                throw new ParameterException(spec.commandLine(), "'" + name + "' is not a key name: 1-64 letters, digits, '.', '_', '@' or '-',"
                        + " starting with a letter or digit");
            }
            Path keys = file(spec, file);
            String key = ApiKeysFile.newKey();
            try {
                ApiKeysFile.append(keys, name, keyTier, key);
            } catch (IOException e) {
                throw CairnException.permanent("cannot write " + keys + ": " + e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> made = new LinkedHashMap<>();
                made.put("name", name);
                made.put("tier", keyTier.label());
                made.put("key", key);
                made.put("file", keys.toString());
                out.println(json(made));
            } else {
                // why: the bare key alone, so KEY=$(cairn keys add …) captures it; the rest goes to stderr
                out.println(key);
            }
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println("cairn: key '" + name + "' (" + keyTier.label() + ") added to " + keys
                    + "; store it now: the file keeps only its digest; the worker reads the file within a few seconds");
            err.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the keys file's names and tiers with the first " + DIGEST_SHOWN + " hex digits of each digest; never a key.")
    static final class ListKeys implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--file", paramLabel = "PATH", description = "the keys file (default: $CAIRN_API_KEYS_FILE)")
        Path file;

        @Option(names = "--json", description = "print [{\"name\", \"tier\", \"digest_prefix\"}]")
        boolean json;

        @Override
        public Integer call() {
            Path keys = file(spec, file);
            List<ApiKeysFile.Entry> entries = ApiKeysFile.read(keys);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                List<Map<String, String>> rows = new ArrayList<>();
                for (ApiKeysFile.Entry e : entries) {
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("name", e.name());
                    row.put("tier", e.tier().label());
                    row.put("digest_prefix", e.digest().substring(0, DIGEST_SHOWN));
                    rows.add(row);
                }
                out.println(json(rows));
            } else if (entries.isEmpty()) {
                out.println("no keys in " + keys + " (add one with 'cairn keys add NAME')");
            } else {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[]{"NAME", "TIER", "DIGEST"});
                for (ApiKeysFile.Entry e : entries) rows.add(new String[]{e.name(), e.tier().label(), e.digest().substring(0, DIGEST_SHOWN)});
                StringBuilder text = new StringBuilder();
                TextTable.columns(text, "", rows);
                out.print(text);
            }
            out.flush();
            return 0;
        }
    }
}
