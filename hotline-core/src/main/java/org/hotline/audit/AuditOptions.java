package org.hotline.audit;

import java.util.Base64;
import java.util.List;
import org.hotline.citizen.PiiCipher;
import org.hotline.config.ConfigException;
import org.hotline.config.Option;

/** The key of the audit log's tamper-evident chain. */
public final class AuditOptions {

    private AuditOptions() {
    }

    public static final Option AUDIT_KEY = Option.secret("audit-key",
            "Base64 of 32 or more random bytes that keys the audit log's tamper-evident chain (HMAC-SHA-256). Unset: "
                    + "a key derived from --pii-key. ./hotline audit verify needs the same key as the nodes that sealed.");

    public static List<Option> all() {
        return List.of(AUDIT_KEY);
    }

    /** The chain under the configured key, or under a key derived from the personal-data key. */
    public static AuditChain chain(String configuredKey, PiiCipher cipher) {
        if (configuredKey != null && !configuredKey.isBlank()) {
            try {
                return new AuditChain(Base64.getDecoder().decode(configuredKey.trim()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--audit-key: base64 of 32 or more random bytes (" + e.getMessage() + ")");
            }
        }
        return new AuditChain(cipher.subkey("hotline-audit-chain"));
    }
}
