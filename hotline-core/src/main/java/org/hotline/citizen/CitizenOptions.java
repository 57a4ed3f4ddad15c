package org.hotline.citizen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.hotline.config.ConfigException;
import org.hotline.config.Option;

/** The key that protects citizens' personal data at rest. */
public final class CitizenOptions {

    private CitizenOptions() {
    }

    public static final Option PII_KEY = Option.secret("pii-key",
            "Base64 of 32 random bytes (e.g. openssl rand -base64 32) that encrypts citizens' phone numbers. Required "
                    + "by start; keep it safe, without it the numbers cannot be read. start-dev keeps one in --data-dir.");

    public static final Option PORTAL_SMS_VERIFICATION = Option.bool("portal-sms-verification", true,
            "Citizens who leave a phone on the portal must prove it with a code sent by SMS (through the "
                    + "notification sender; start-dev's log sender writes the code to the log). Off: any number is "
                    + "taken as typed, landlines too.");

    public static List<Option> all() {
        return List.of(PII_KEY, PORTAL_SMS_VERIFICATION);
    }

    /**
     * The cipher from the configured key; for development, a key kept in {@code dataDir/pii.key} (made on first use),
     * or a fresh one when there is no data directory.
     */
    public static PiiCipher cipher(String configuredKey, boolean production, Path dataDir) {
        if (configuredKey != null && !configuredKey.isBlank()) {
            try {
                return PiiCipher.fromBase64(configuredKey);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--pii-key: " + e.getMessage());
            }
        }
        if (production) {
            throw new ConfigException("start needs --pii-key (or HOTLINE_PII_KEY): base64 of 32 random bytes, e.g. "
                    + "from 'openssl rand -base64 32'. It encrypts citizens' phone numbers; keep it safe.");
        }
        if (dataDir == null) {
            return PiiCipher.fromBase64(PiiCipher.newKey());
        }
        Path file = dataDir.resolve("pii.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                Files.writeString(file, PiiCipher.newKey() + "\n", StandardCharsets.US_ASCII);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // Not a POSIX file system; the file stays with the directory's permissions.
                }
            }
            return PiiCipher.fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new ConfigException("Cannot read or create " + file + ": " + e.getMessage());
        }
    }
}
