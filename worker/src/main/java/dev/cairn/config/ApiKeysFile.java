package dev.cairn.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API keys file ({@code CAIRN_API_KEYS_FILE}): one {@code <sha256-of-key> <tier> <name>} a line, {@code #}
 * comments and blank lines allowed. Only digests are stored, so the file (a backup, a ConfigMap) reveals no key;
 * {@code cairn keys add} makes a key, prints it once and appends its digest.
 *
 * <pre>{@code
 * # producers of the billing team
 * 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 api_key billing-nightly
 * }</pre>
 */
public final class ApiKeysFile {

    /** The variable that names the file. */
    public static final String VARIABLE = "CAIRN_API_KEYS_FILE";
    /** Every key {@link #newKey()} makes starts so, which lets secret scanners and people recognise one. */
    public static final String KEY_PREFIX = "cairn_";

    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeysFile() {
    }

    /**
     * One key.
     *
     * @param digest the key's SHA-256, 64 lower-case hex digits
     * @param tier   its tier; never {@link ApiTier#ANONYMOUS}
     * @param name   who holds it, for logs and answers: letters, digits, {@code . _ @ -}
     */
    public record Entry(String digest, ApiTier tier, String name) {
        public Entry {
            Objects.requireNonNull(tier, "tier");
            if (digest == null || !DIGEST.matcher(digest).matches()) throw new IllegalArgumentException("not a SHA-256 hex digest: " + digest);
            if (tier == ApiTier.ANONYMOUS) throw new IllegalArgumentException("a key cannot be anonymous");
            if (name == null || !NAME.matcher(name).matches()) throw new IllegalArgumentException("not a key name: " + name);
        }
    }

    /**
     * @param key a key as a caller sends it
     * @return its SHA-256 in lower-case hex, as the file stores it
     */
    public static String digest(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** @return a new random key: {@value #KEY_PREFIX} and 256 random bits in URL-safe Base64 */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @param name a proposed key name
     * @return whether the file can hold it
     */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Reads the file.
     *
     * @param file the keys file
     * @return its keys, in file order
     * @throws ConfigException naming {@value #VARIABLE}, the file and the line, when it cannot be read or a line is
     *                         not {@code <sha256> <tier> <name>}, or a digest or name appears twice
     */
    public static List<Entry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(VARIABLE, "names " + file + ", which cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); create it with 'cairn keys add NAME --tier api_key'");
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> digests = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            Entry entry = parse(file, i + 1, line);
            if (!digests.add(entry.digest())) throw bad(file, i + 1, "repeats a key digest that an earlier line has");
            if (!names.add(entry.name())) throw bad(file, i + 1, "repeats the name '" + entry.name() + "'; names must be unique");
            entries.add(entry);
        }
        return List.copyOf(entries);
    }

    private static Entry parse(Path file, int number, String line) {
        String[] parts = line.split("\\s+");
        if (parts.length != 3) {
            throw bad(file, number, "must be '<sha256-of-key> <tier> <name>' (three fields separated by spaces), got " + parts.length + " field(s)");
        }
        String digest = parts[0].toLowerCase(java.util.Locale.ROOT);
        if (!DIGEST.matcher(digest).matches()) {
            // why: a key pasted in clear would sit in the file; say so without echoing it
            throw bad(file, number, "must start with the key's SHA-256 as 64 hex digits (the file never holds a key itself; "
                    + "'cairn keys add' writes the digest)");
        }
        ApiTier tier = ApiTier.fromLabel(parts[1]).filter(t -> t != ApiTier.ANONYMOUS).orElseThrow(() ->
                bad(file, number, "has the tier '" + parts[1] + "'; a key's tier is api_key, premium or admin"));
        if (!NAME.matcher(parts[2]).matches()) {
            throw bad(file, number, "has the name '" + parts[2] + "'; a name is 1-64 letters, digits, '.', '_', '@' or '-'");
        }
        return new Entry(digest, tier, parts[2]);
    }

    private static ConfigException bad(Path file, int line, String problem) {
        return new ConfigException(VARIABLE, "names " + file + ", whose line " + line + " " + problem);
    }

    /**
     * Appends a key's digest, creating the file (readable by its owner only) when it does not exist.
     *
     * @param file the keys file
     * @param name who holds the key; must be new to the file
     * @param tier its tier, not anonymous
     * @param key  the key; only its digest is written
     * @return the line written
     * @throws ConfigException when the file is unreadable or invalid, or already has {@code name}
     * @throws IOException     when the file cannot be written
     */
    public static Entry append(Path file, String name, ApiTier tier, String key) throws IOException {
        Entry entry = new Entry(digest(key), tier, name);
        if (Files.exists(file)) {
            for (Entry existing : read(file)) {
                if (existing.name().equals(name)) {
                    throw new ConfigException(VARIABLE, "names " + file + ", which already has a key named '" + name
                            + "'; pick another name, or delete its line to revoke the old key first");
                }
            }
        } else {
            createOwnerOnly(file);
        }
        String line = entry.digest() + " " + entry.tier().label() + " " + entry.name() + System.lineSeparator();
        byte[] existing = Files.readAllBytes(file);
        boolean needsNewline = existing.length > 0 && existing[existing.length - 1] != '\n';
        Files.writeString(file, (needsNewline ? System.lineSeparator() : "") + line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return entry;
    }

    private static void createOwnerOnly(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // why: a file system without POSIX permissions (Windows)
        } catch (FileAlreadyExistsException e) {
            // created meanwhile by another 'cairn keys add': append to it
        }
    }
}
